"""Scrutiny panels: prosecutors, police and people from outside both review a
random sample of decisions where no action was taken, score each against
criteria, and feed what they learn back to the decision-makers. A panel
cannot reopen a case.

- ``Panel``: the scrutiny-panel organisation's terms of reference, its CPS
  Area, the forces whose decisions it reviews, its chair.
- ``PanelMember``: a member's standing (CPS, police, ISVA or voluntary
  sector, independent) and pseudonymous reference; what lets them in is their
  membership of the panel's organisation (``rasso.accounts``), so access ends
  when the membership does.
- ``Undertaking``: a member's confidentiality undertaking, by version of the
  wording; without the current one they see no pack.
- ``PanelMeeting``: a date, a theme, minutes and key messages.
- ``SampleDraw``: the frame, the seed and the draw of a meeting's cases,
  stored so that drawing again with the seed gives the same cases.
- ``ReviewPack``: one sampled decision, anonymised. Prepared (draft) by a
  SPOC, released (frozen) once no identifier of the case remains; a
  correction is a new version.
- ``MemberView``: a member's private view of a pack before the meeting.
- ``Finding``: the panel's finding on a pack, and its feedback or referral
  (a referral owes a written response within 20 working days).

Who sees what is ``PanelQuerySet.visible_to`` and ``ReviewPackQuerySet``:
members see their own panel's released packs only; preparers the packs they
prepare; nobody on a panel sees a case.
"""

from __future__ import annotations

from typing import ClassVar

from django.conf import settings
from django.contrib.postgres.fields import ArrayField
from django.db import models

from cases.models import CaseFile, Deadline


class Standing(models.TextChoices):
    CPS = "cps", "CPS"
    POLICE = "police", "Police"
    VOLUNTARY = "voluntary", "ISVA or voluntary sector"
    INDEPENDENT = "independent", "Independent"


class Panel(models.Model):
    """A scrutiny panel: one organisation of kind scrutiny panel, convened by
    a CPS Area, reviewing the decisions of the forces it covers."""

    organisation = models.OneToOneField(
        "accounts.Organisation", on_delete=models.PROTECT, related_name="panel"
    )
    cps_area = models.ForeignKey(
        "accounts.Organisation", on_delete=models.PROTECT, related_name="panels"
    )
    forces = models.ManyToManyField("accounts.Organisation", related_name="panels_covering")
    terms_of_reference = models.TextField(blank=True, default="")
    chair = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="panels_chaired",
    )
    created_at = models.DateTimeField(auto_now_add=True)

    objects: ClassVar[models.Manager[Panel]]

    class Meta:
        ordering = ["organisation__name"]

    def __str__(self) -> str:
        return str(self.organisation)


class PanelMember(models.Model):
    panel = models.ForeignKey(Panel, on_delete=models.CASCADE, related_name="members")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="panel_seats"
    )
    standing = models.CharField(max_length=20, choices=Standing.choices)
    # How packs and findings name the member: never their name.
    reference = models.CharField(max_length=20)
    added_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["reference"]
        constraints = [
            models.UniqueConstraint(fields=["panel", "user"], name="panel_member_once"),
            models.UniqueConstraint(fields=["panel", "reference"], name="panel_member_reference"),
        ]

    def __str__(self) -> str:
        return self.reference


class Undertaking(models.Model):
    """A member's confidentiality undertaking to one version of the wording."""

    member = models.ForeignKey(PanelMember, on_delete=models.CASCADE, related_name="undertakings")
    version = models.CharField(max_length=20)
    accepted_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["member", "version"], name="undertaking_once")
        ]

    def __str__(self) -> str:
        return f"Undertaking {self.version} by {self.member}"


class MeetingStatus(models.TextChoices):
    PREPARING = "preparing", "In preparation"
    HELD = "held", "Held"


class PanelMeeting(models.Model):
    panel = models.ForeignKey(Panel, on_delete=models.CASCADE, related_name="meetings")
    held_on = models.DateField("date")
    theme = models.CharField(max_length=200, blank=True, default="")
    status = models.CharField(
        max_length=20, choices=MeetingStatus.choices, default=MeetingStatus.PREPARING
    )
    minutes = models.TextField(blank=True, default="")
    key_messages = models.TextField(blank=True, default="")
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-held_on", "-id"]
        indexes = [models.Index(fields=["panel", "-held_on", "-id"], name="panel_meeting_date")]

    def __str__(self) -> str:
        return f"Meeting of {self.held_on:%d %B %Y}"


class SampleDraw(models.Model):
    """The draw of a meeting's cases: what it was drawn from and how, so that
    anyone can draw again and get the same cases."""

    meeting = models.ForeignKey(PanelMeeting, on_delete=models.CASCADE, related_name="draws")
    # The frame's definition: period, forces, whether charged cases count,
    # the exclusions, and how many candidates each stratum held.
    frame = models.JSONField()
    seed = models.BigIntegerField()
    size = models.PositiveIntegerField()
    # [{"case": id, "stratum": "..."}] in the order drawn.
    drawn = models.JSONField()
    drawn_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    drawn_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-drawn_at", "-id"]

    def __str__(self) -> str:
        return f"Draw of {self.size} (seed {self.seed})"


class DecisionKind(models.TextChoices):
    CPS_NFA = "cps_nfa", "CPS no further action"
    POLICE_NFA = "police_nfa", "Police no further action"
    CHARGED = "charged", "Charged (for good practice)"


class PackStatus(models.TextChoices):
    DRAFT = "draft", "In preparation"
    RELEASED = "released", "Released to the panel"
    SUPERSEDED = "superseded", "Superseded by a correction"


class ReviewPackQuerySet(models.QuerySet["ReviewPack"]):
    def released(self) -> ReviewPackQuerySet:
        return self.filter(status=PackStatus.RELEASED)


class ReviewPack(models.Model):
    """One sampled decision, as the panel reads it: roles and pseudonyms,
    days from the report, no URN, no place smaller than the force."""

    meeting = models.ForeignKey(PanelMeeting, on_delete=models.CASCADE, related_name="packs")
    # Never shown to a member: the preparer's way to the case.
    case = models.ForeignKey(CaseFile, on_delete=models.CASCADE, related_name="review_packs")
    decision_kind = models.CharField(max_length=20, choices=DecisionKind.choices)
    stratum = models.CharField(max_length=80, blank=True, default="")
    # The pack's number at its meeting: "Pack 3".
    number = models.PositiveIntegerField()
    version = models.PositiveIntegerField(default=1)
    status = models.CharField(max_length=20, choices=PackStatus.choices, default=PackStatus.DRAFT)
    # Added by hand rather than drawn: why.
    added_reason = models.TextField(blank=True, default="")
    # The facts, built from the case (sections of label/value rows).
    facts = models.JSONField(default=dict)
    # Free text from the case, each passage as written, as proposed and as
    # accepted: [{"key", "label", "original", "proposed", "accepted"}].
    passages = models.JSONField(default=list)
    preparer = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    prepared_at = models.DateTimeField(auto_now_add=True)
    released_at = models.DateTimeField(null=True, blank=True)
    released_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )

    objects: ClassVar[ReviewPackQuerySet] = ReviewPackQuerySet.as_manager()  # type: ignore[assignment]

    class Meta:
        ordering = ["meeting", "number", "-version"]
        constraints = [
            models.UniqueConstraint(
                fields=["meeting", "number", "version"], name="review_pack_version"
            ),
        ]
        indexes = [models.Index(fields=["meeting", "status", "number"], name="review_pack_meeting")]

    def __str__(self) -> str:
        return f"Pack {self.number}" + (f" (version {self.version})" if self.version > 1 else "")


class MemberView(models.Model):
    """A member's own view of a pack, before the panel's finding."""

    pack = models.ForeignKey(ReviewPack, on_delete=models.CASCADE, related_name="member_views")
    member = models.ForeignKey(PanelMember, on_delete=models.CASCADE, related_name="views")
    view = models.TextField()
    recorded_at = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["pack", "member"], name="member_view_once")]

    def __str__(self) -> str:
        return f"View of {self.pack} by {self.member}"


class Reasonable(models.TextChoices):
    YES = "yes", "Yes"
    NO = "no", "No"
    UNABLE = "unable", "Unable to say"


class Criterion(models.TextChoices):
    EVIDENTIAL = "evidential_assessment", "Evidential assessment"
    VICTIM_FOCUS = "victim_focus", "Victim focus"
    TIMELINESS = "timeliness", "Timeliness"
    EARLY_ADVICE = "early_advice", "Use of early advice"
    THIRD_PARTY = "third_party_material", "Handling of third-party material"
    MYTHS = "myths_and_stereotypes", "Challenging myths and stereotypes"


class Theme(models.TextChoices):
    CASE_STRATEGY = "case_strategy", "Case strategy"
    ACTION_PLANS = "action_plans", "Action plans"
    THIRD_PARTY = "third_party_material", "Third-party material"
    VICTIM_COMMUNICATION = "victim_communication", "Victim communication"
    EARLY_ADVICE = "early_advice", "Early advice"
    EVIDENTIAL = "evidential_assessment", "Evidential assessment"
    MYTHS = "myths_and_stereotypes", "Myths and stereotypes"
    TIMELINESS = "timeliness", "Timeliness"
    DIGITAL = "digital_material", "Digital material"
    JOINT_WORKING = "joint_working", "Joint working"


class Recommendation(models.TextChoices):
    NONE = "none", "None"
    FEEDBACK = "feedback", "Feedback to the decision-maker"
    REFER = "refer", "Refer for reconsideration of practice"


class Finding(models.Model):
    """The panel's finding on one pack. A referral owes the police supervisor
    or CPS SPOC a written response (``response_deadline``), which the panel
    reads at its next meeting."""

    pack = models.OneToOneField(ReviewPack, on_delete=models.CASCADE, related_name="finding")
    reasonable = models.CharField(
        "was the decision reasonable", max_length=10, choices=Reasonable.choices
    )
    # {criterion: 1..5}
    scores = models.JSONField(default=dict)
    themes = ArrayField(models.CharField(max_length=40, choices=Theme.choices), default=list)
    good_practice = models.TextField(blank=True, default="")
    learning_points = models.TextField(blank=True, default="")
    recommendation = models.CharField(
        max_length=20, choices=Recommendation.choices, default=Recommendation.NONE
    )
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    recorded_at = models.DateTimeField(auto_now_add=True)
    response_deadline = models.OneToOneField(
        Deadline, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    response = models.TextField(blank=True, default="")
    responded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    responded_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["pack__number"]

    def __str__(self) -> str:
        return f"Finding on {self.pack}"

    @property
    def themes_display(self) -> str:
        return ", ".join(Theme(theme).label for theme in self.themes)

    @property
    def score_rows(self) -> list[tuple[str, int | None]]:
        """(criterion, score) in the criteria's order."""
        return [(label, self.scores.get(value)) for value, label in Criterion.choices]
