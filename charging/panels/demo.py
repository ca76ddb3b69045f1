"""Scrutiny panels for ``seed_demo --cases N``.

Runs after the charging seeder and, for each demo Area, gives its
scrutiny-panel organisation a panel a member signing in has work on:

- the panel (its Area, the Area's demo forces, terms of reference) and its
  seats: an independent chair, an ISVA, a voluntary-sector member, a CPS and
  a police member (accounts made here, given the panel member role by the
  demo administrator), and the printed demo account ``panel.<area>`` as the
  newest member;
- a meeting held three weeks ago: its sample drawn from the decisions on the
  demo cases, every pack prepared and released, members' views, the minutes,
  and the chair's findings (feedback, and at least one referral);
- a meeting in a fortnight: its sample drawn, its packs released but the
  last (left a draft with its redactions proposed), a few views recorded.

Unlike the charging seeder this goes through the services, a few dozen
objects an Area, so every step is checked and audited as in use.

Every member but ``panel.<area>`` has given the confidentiality undertaking:
signing in as that account shows the undertaking first, as it does anyone
newly seated, and then the packs of both meetings and views to record.

Idempotent: a panel, seat or meeting that exists is left as it is, so a
second run adds nothing unless the first found no decision to draw.
"""

from __future__ import annotations

import time
from collections import Counter
from dataclasses import dataclass
from datetime import date, timedelta

from django.db import transaction
from django.utils import timezone

from charging.panels import finding_services, pack_services, rules, sampling, services
from charging.panels.models import (
    Criterion,
    DecisionKind,
    MeetingStatus,
    Panel,
    PanelMeeting,
    PanelMember,
    Reasonable,
    Recommendation,
    ReviewPack,
    Standing,
    Theme,
)
from rasso.accounts.management.commands.seed_demo import (
    DEMO_AREAS,
    DEMO_DOMAIN,
    DEMO_PASSWORD,
    enrol,
)
from rasso.accounts.models import Organisation, OrganisationKind, Role, User
from rasso.accounts.services import membership_create, user_create
from rasso.core.errors import DomainError

HELD_WEEKS_AGO = 3
NEXT_IN_DAYS = 14
HELD_SIZE = 5
NEXT_SIZE = 4
# The demo decisions are all stamped with the day they were seeded (see
# ``charging.demo``), so the frame runs up to today whatever the meeting's date.
FRAME_DAYS = 365

# Seated in this order (references M1 to M5), the chair first; the printed
# demo account ``panel.<area>`` is seated after them (M6).
SEATS = (
    ("panel-chair", Standing.INDEPENDENT),
    ("panel-isva", Standing.VOLUNTARY),
    ("panel-voluntary", Standing.VOLUNTARY),
    ("panel-cps", Standing.CPS),
    ("panel-police", Standing.POLICE),
)
DEMO_MEMBER = ("panel", Standing.INDEPENDENT)
# Invented, like seed_demo's names; one list an Area, in the order of SEATS.
MEMBER_NAMES = {
    "South East": ("Ruth Adeyemi", "Colin Marsh", "Farah Iqbal", "Helen Price", "Gareth Lloyd"),
    "North East": ("Brian Oduya", "Megan Hall", "Samir Haddad", "Claire Dunn", "Neil Foster"),
}
TERMS_OF_REFERENCE = (
    "The {panel} reviews, after the event, a random sample of rape and serious sexual "
    "offence cases in {forces} where the police or CPS {area} took no further action. "
    "It asks whether each decision was reasonable, scores it against the agreed "
    "criteria, and feeds what it learns back to the decision-makers and their "
    "managers. It cannot reopen a case or change a decision. It meets quarterly; "
    "members read anonymised packs only and give the confidentiality undertaking first."
)
HELD_THEME = "Withdrawal of the complainant's support"
NEXT_THEME = "Digital material and third-party requests"
MINUTES = (
    "The chair welcomed members and reminded them of the undertaking; nobody recognised "
    "a case. The panel discussed each pack in turn, beginning with the members' views. "
    "The CPS and police members explained the outcome codes and the Full Code Test. "
    "Findings were agreed on every pack; one decision was referred for a response."
)
KEY_MESSAGES = (
    "Record why early advice was or was not sought. Tell the complainant the reasons for "
    "a decision in plain words and in good time. Follow up third-party material promptly."
)
EDITED_PASSAGE = (
    "The preparer summarised this passage: the reasons given for the decision, without "
    "anything that could identify the people in the case."
)
VIEWS = (
    "The rationale addresses the evidential gaps, but the file does not show whether "
    "early advice was considered.",
    "Good support for the complainant; the decision came long after the last enquiry.",
    "I would like to hear why the digital material was not reviewed before the decision.",
    "A careful decision, clearly explained. The timeline is reasonable for this case.",
)


@dataclass(frozen=True)
class FindingText:
    reasonable: str
    scores: tuple[int, int, int, int, int, int]  # in the order of Criterion
    themes: tuple[str, ...]
    good_practice: str
    learning_points: str
    recommendation: str


# In turn, one a pack: the first is a referral, so a meeting of one pack has one.
FINDINGS = (
    FindingText(
        Reasonable.NO,
        (2, 3, 2, 1, 2, 3),
        (Theme.EARLY_ADVICE, Theme.EVIDENTIAL, Theme.DIGITAL),
        "",
        "Early advice was not sought although the phone download was outstanding; the "
        "decision rests on an assumption about delayed reporting.",
        Recommendation.REFER,
    ),
    FindingText(
        Reasonable.YES,
        (4, 5, 4, 4, 4, 5),
        (Theme.VICTIM_COMMUNICATION, Theme.MYTHS),
        "The complainant was told the reasons face to face by the ISVA and the OIC, with "
        "the right to review explained.",
        "",
        Recommendation.NONE,
    ),
    FindingText(
        Reasonable.YES,
        (4, 3, 2, 3, 3, 4),
        (Theme.TIMELINESS, Theme.ACTION_PLANS),
        "A thorough action plan, every item answered.",
        "Four months passed between the last action and the decision.",
        Recommendation.FEEDBACK,
    ),
    FindingText(
        Reasonable.UNABLE,
        (3, 3, 3, 2, 2, 3),
        (Theme.THIRD_PARTY, Theme.CASE_STRATEGY),
        "",
        "The pack does not say whether the counselling notes were requested, so the panel "
        "could not judge the evidential assessment.",
        Recommendation.FEEDBACK,
    ),
    FindingText(
        Reasonable.YES,
        (5, 4, 4, 5, 4, 4),
        (Theme.JOINT_WORKING, Theme.EARLY_ADVICE),
        "Early advice sought on day 20 shaped the investigation; police and CPS agreed the "
        "lines of enquiry at a clinic.",
        "",
        Recommendation.NONE,
    ),
)


def seed_panels(count: int) -> str:
    """A panel for each demo Area, with its members and two meetings."""
    started = time.monotonic()
    admin = User.objects.filter(email=f"admin@{DEMO_DOMAIN}").first()
    added: Counter[str] = Counter()
    skipped: list[str] = []
    for area_name, force_names, panel_name in DEMO_AREAS:
        # An Area at a time: what one Area seeds stands if another cannot.
        with transaction.atomic():
            seeder = AreaPanelSeeder.load(area_name, force_names, panel_name, admin)
            if seeder is None:
                skipped.append(f"{panel_name} (its demo accounts are missing)")
                continue
            skipped += seeder.seed(added)
    summary = ", ".join(f"{n} {label}" for label, n in added.items() if n) or "nothing"
    line = f"Scrutiny panels: added {summary} in {time.monotonic() - started:.1f}s"
    if skipped:
        line += "; skipped " + "; ".join(skipped)
    return line


def _demo_user(local_part: str) -> User | None:
    return User.objects.filter(email=f"{local_part}@{DEMO_DOMAIN}").first()


@dataclass
class AreaPanelSeeder:
    area: Organisation
    forces: list[Organisation]
    organisation: Organisation
    admin: User
    spoc: User
    # A force's demo police supervisor, who prepares the packs of its police NFAs.
    supervisors: dict[int, User]

    @classmethod
    def load(
        cls, area_name: str, force_names: list[str], panel_name: str, admin: User | None
    ) -> AreaPanelSeeder | None:
        area = Organisation.objects.get(name=area_name, kind=OrganisationKind.CPS_AREA)
        organisation = Organisation.objects.filter(
            name=panel_name, kind=OrganisationKind.SCRUTINY_PANEL
        ).first()
        spoc = _demo_user(f"cps-spoc.{area.slug}")
        if admin is None or organisation is None or spoc is None:
            return None
        forces = [
            Organisation.objects.get(name=name, kind=OrganisationKind.POLICE_FORCE)
            for name in force_names
        ]
        supervisors = {
            force.pk: user
            for force in forces
            if (user := _demo_user(f"supervisor.{force.slug}")) is not None
        }
        return cls(area, forces, organisation, admin, spoc, supervisors)

    def seed(self, added: Counter[str]) -> list[str]:
        """Seed what is missing; what could not be seeded, in words."""
        panel = self.panel(added)
        members = self.members(panel, added)
        chair = panel.chair
        if chair is None:  # the first seat chairs
            chair = members[0].user
            panel = services.panel_update(
                actor=self.spoc,
                panel=panel,
                forces=list(panel.forces.all()),
                terms_of_reference=panel.terms_of_reference,
                chair=chair,
            )
        chair_seat = rules.seat_of(_fresh(chair), panel)
        chairs = chair_seat is not None and rules.has_undertaken(chair_seat)
        # Who records views: everyone who has given the undertaking.
        undertaken = [m for m in members if rules.has_undertaken(m)]
        skipped: list[str] = []
        today = timezone.localdate()
        frame_from = today - timedelta(days=FRAME_DAYS)
        meetings = panel.meetings.all()
        held_exists = meetings.filter(status=MeetingStatus.HELD).exists()
        next_exists = meetings.filter(status=MeetingStatus.PREPARING).exists()
        pool = 0 if held_exists and next_exists else self.pool(panel, frame_from, today)
        # Shared between the two meetings, so the one in preparation has some.
        held_size = min(HELD_SIZE, pool - min(NEXT_SIZE, pool // 2))
        if not held_exists:
            if held_size <= 0:
                skipped.append(f"{panel}'s held meeting (no decision to draw)")
            elif not chairs:  # a chair changed by hand: nobody to record findings
                skipped.append(f"{panel}'s held meeting (its chair has no seat or undertaking)")
            else:
                self.held_meeting(panel, chair, undertaken, frame_from, today, held_size, added)
                pool -= held_size
        if not next_exists:
            if pool <= 0:
                skipped.append(f"{panel}'s next meeting (no decision left to draw)")
            else:
                self.next_meeting(panel, undertaken, frame_from, today, min(NEXT_SIZE, pool), added)
        return skipped

    # -- the panel and its seats --------------------------------------------------

    def panel(self, added: Counter[str]) -> Panel:
        panel = Panel.objects.filter(organisation=self.organisation).first()
        if panel is not None:
            return panel
        panel = services.panel_setup(
            actor=self.spoc,
            organisation=self.organisation,
            forces=self.forces,
            terms_of_reference=TERMS_OF_REFERENCE.format(
                panel=self.organisation.name,
                forces=_listed([f.name for f in self.forces]),
                area=self.area.name,
            ),
        )
        added["panels"] += 1
        return panel

    def members(self, panel: Panel, added: Counter[str]) -> list[PanelMember]:
        """The seats in SEATS order, then the demo account's."""
        names = MEMBER_NAMES.get(self.area.name, ("",) * len(SEATS))
        seated: list[PanelMember] = []
        for (handle, standing), name in zip(SEATS, names, strict=True):
            user = self.account(f"{handle}.{self.area.slug}", name or handle, added)
            member = self.seat(panel, user, standing, added)
            if not rules.has_undertaken(member):
                services.undertaking_accept(actor=_fresh(user), panel=panel)
                added["undertakings"] += 1
            seated.append(member)
        demo = _demo_user(f"{DEMO_MEMBER[0]}.{self.area.slug}")
        if demo is not None:
            # Their undertaking is left for them to give when they sign in.
            seated.append(self.seat(panel, demo, DEMO_MEMBER[1], added))
        return seated

    def account(self, local_part: str, full_name: str, added: Counter[str]) -> User:
        """A demo account as ``seed_demo`` makes one, and the panel member role
        granted by the demo administrator (as a real panel's would be)."""
        user = _demo_user(local_part)
        if user is None:
            user = user_create(
                actor=None,
                email=f"{local_part}@{DEMO_DOMAIN}",
                full_name=full_name,
                password=DEMO_PASSWORD,
            )
            enrol(user)
            added["member accounts"] += 1
        membership_create(
            actor=self.admin, user=user, organisation=self.organisation, role=Role.PANEL_MEMBER
        )
        return user

    def seat(self, panel: Panel, user: User, standing: str, added: Counter[str]) -> PanelMember:
        member = PanelMember.objects.filter(panel=panel, user=user).first()
        if member is None:
            member = services.panel_member_add(
                actor=self.spoc, panel=panel, user=user, standing=standing
            )
            added["seats"] += 1
        return member

    # -- meetings -------------------------------------------------------------------

    def pool(self, panel: Panel, date_from: date, date_to: date) -> int:
        """How many decisions a draw over the period could draw now."""
        frame = sampling.Frame(
            date_from=date_from,
            date_to=date_to,
            force_ids=tuple(sorted(f.pk for f in panel.forces.all())),
            include_charged=False,
        )
        return len(sampling.candidates(panel, frame))

    def held_meeting(
        self,
        panel: Panel,
        chair: User,
        undertaken: list[PanelMember],
        date_from: date,
        date_to: date,
        size: int,
        added: Counter[str],
    ) -> None:
        # meeting_create takes any date: a meeting in the past is made as one
        # in preparation, then held once its packs are read.
        meeting = services.meeting_create(
            actor=self.spoc,
            panel=panel,
            held_on=timezone.localdate() - timedelta(weeks=HELD_WEEKS_AGO),
            theme=HELD_THEME,
        )
        packs = self.drawn(meeting, date_from, date_to, size, added)
        released = [p for p in packs if self.release(p, added)]
        self.views(released, undertaken, added)
        services.meeting_hold(
            actor=self.spoc, meeting=meeting, minutes=MINUTES, key_messages=KEY_MESSAGES
        )
        added["held meetings"] += 1
        chair = _fresh(chair)
        for index, pack in enumerate(released):
            text = FINDINGS[index % len(FINDINGS)]
            finding_services.finding_record(
                actor=chair,
                pack=pack,
                reasonable=text.reasonable,
                scores=dict(zip(Criterion.values, text.scores, strict=True)),
                themes=list(text.themes),
                good_practice=text.good_practice,
                learning_points=text.learning_points,
                recommendation=text.recommendation,
            )
            added["findings"] += 1

    def next_meeting(
        self,
        panel: Panel,
        undertaken: list[PanelMember],
        date_from: date,
        date_to: date,
        size: int,
        added: Counter[str],
    ) -> None:
        meeting = services.meeting_create(
            actor=self.spoc,
            panel=panel,
            held_on=timezone.localdate() + timedelta(days=NEXT_IN_DAYS),
            theme=NEXT_THEME,
        )
        added["meetings in preparation"] += 1
        packs = self.drawn(meeting, date_from, date_to, size, added)
        # The last pack stays a draft, its redactions proposed, for its preparer.
        draft = packs[-1] if len(packs) > 1 else None
        released: list[ReviewPack] = []
        for pack in packs:
            if pack == draft:
                self.prepare(pack)
            elif self.release(pack, added):
                released.append(pack)
        # A few views so far: the first two members', on the first pack.
        self.views(released[:1], undertaken[:2], added)

    def drawn(
        self, meeting: PanelMeeting, date_from: date, date_to: date, size: int, added: Counter[str]
    ) -> list[ReviewPack]:
        services.sample_draw(
            actor=self.spoc, meeting=meeting, date_from=date_from, date_to=date_to, size=size
        )
        packs = list(meeting.packs.select_related("case").order_by("number"))
        added["packs"] += len(packs)
        return packs

    def preparer(self, pack: ReviewPack) -> User | None:
        """As ``rules.pack_prepare_refusal``: the force's supervisor for a
        police NFA, the Area's CPS SPOC for a CPS decision."""
        if pack.decision_kind == DecisionKind.POLICE_NFA:
            return self.supervisors.get(pack.case.force_id)
        return self.spoc

    def prepare(self, pack: ReviewPack) -> ReviewPack | None:
        preparer = self.preparer(pack)
        if preparer is None:
            return None
        return pack_services.pack_prepare(actor=preparer, pack=pack)

    def release(self, pack: ReviewPack, added: Counter[str]) -> bool:
        """Prepare the pack, accept every passage as proposed and release it;
        where the release check still finds an identifier, accept a passage
        the preparer has rewritten instead. False if it stays a draft."""
        preparer = self.preparer(pack)
        prepared = self.prepare(pack)
        if preparer is None or prepared is None:
            return False
        for passage in prepared.passages:
            pack_services.pack_passage_accept(
                actor=preparer, pack=pack, key=passage["key"], text=passage["proposed"]
            )
        try:
            pack_services.pack_release(actor=preparer, pack=pack)
        except DomainError:
            for passage in prepared.passages:
                pack_services.pack_passage_accept(
                    actor=preparer, pack=pack, key=passage["key"], text=EDITED_PASSAGE
                )
            try:
                pack_services.pack_release(actor=preparer, pack=pack)
            except DomainError:  # an identifier in the facts: left for a person
                return False
        added["released packs"] += 1
        return True

    def views(
        self, packs: list[ReviewPack], members: list[PanelMember], added: Counter[str]
    ) -> None:
        """Most members' views on most packs, in varied words."""
        for m, member in enumerate(members):
            user = _fresh(member.user)
            for p, pack in enumerate(packs):
                if (m + p) % 3 == 2:  # not everyone writes a view of every pack
                    continue
                finding_services.member_view_record(
                    actor=user, pack=pack, view=VIEWS[(m + p) % len(VIEWS)]
                )
                added["members' views"] += 1


def _fresh(user: User) -> User:
    # Roles are cached on the user object (``memberships_of``): read them anew
    # after a grant.
    return User.objects.get(pk=user.pk)


def _listed(names: list[str]) -> str:
    return ", ".join(names[:-1]) + f" and {names[-1]}" if len(names) > 1 else "".join(names)
