"""The case file in the browser: the case lists (filter, search, sort, pages),
the case page and its tabs, documents (upload and download), and creating and
editing a case. Each page is tried by the people allowed to see it and by
outsiders, who get 404."""

from __future__ import annotations

import re
from datetime import date, timedelta
from io import BytesIO
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from cases import services
from cases.models import CaseFile, CaseStatus, Document, DocumentKind, Offence
from rasso.accounts.models import Organisation, Role, User
from rasso.audit.models import AuditEvent
from tests.cases.factories import PDF_BYTES, case_create, complete_case, submitted_case, upload
from tests.conftest import Personas
from tests.factories import MembershipFactory, UserFactory
from tests.support import client_for, html_of, queries_for

pytestmark = pytest.mark.django_db


def urns_listed(response: Any) -> list[str]:
    """The URNs in the case table, in order."""
    return re.findall(r'href="/cases/\d+/">(\w+)</a>', html_of(response))


def make_cases(oic: User, count: int, **fields: Any) -> list[CaseFile]:
    return [case_create(oic, **fields) for _ in range(count)]


def refer_to_cps(cases: list[CaseFile]) -> None:
    """Put cases with CPS without building six documents each: the queue
    reads only these columns (the submission itself is tested elsewhere)."""
    now = timezone.now()
    CaseFile.objects.filter(pk__in=[c.pk for c in cases]).update(
        status=CaseStatus.WITH_CPS, referred_at=now, submitted_at=now
    )


# -- who sees which list ----------------------------------------------------


def test_officer_sees_their_cases_and_not_another_forces(personas: Personas) -> None:
    mine = case_create(personas.officer)
    theirs = case_create(personas.other_force_officer, "Durham")

    listed = urns_listed(client_for(personas.officer).get(reverse("cases:list")))

    assert listed == [mine.urn]
    assert theirs.urn not in listed


def test_supervisor_sees_every_case_of_the_force(personas: Personas) -> None:
    officers = make_cases(personas.officer, 2) + make_cases(personas.colleague, 1)
    case_create(personas.other_force_officer, "Durham")

    listed = urns_listed(client_for(personas.supervisor).get(reverse("cases:list")))

    assert sorted(listed) == sorted(c.urn for c in officers)


@pytest.mark.parametrize("persona", ["panel_member", "manager", "administrator"])
@pytest.mark.parametrize("name", ["cases:list", "cases:queue", "cases:allocated", "cases:create"])
def test_people_who_see_no_case_get_no_case_list(
    personas: Personas, persona: str, name: str
) -> None:
    response = client_for(getattr(personas, persona)).get(reverse(name))
    # No list to hide; the form to open a case is refused with its reason.
    assert response.status_code == (403 if name == "cases:create" else 404)


def test_queue_is_only_for_cps_spocs_and_allocated_only_for_prosecutors(
    personas: Personas,
) -> None:
    assert client_for(personas.officer).get(reverse("cases:queue")).status_code == 404
    assert client_for(personas.prosecutor).get(reverse("cases:queue")).status_code == 404
    assert client_for(personas.cps_spoc).get(reverse("cases:allocated")).status_code == 404
    assert client_for(personas.officer).get(reverse("cases:allocated")).status_code == 404


def test_signed_out_visitors_are_sent_to_sign_in(client: Client, personas: Personas) -> None:
    case = case_create(personas.officer)
    for url in (reverse("cases:list"), reverse("cases:detail", args=[case.pk])):
        response = client.get(url)
        assert response.status_code == 302
        assert response["Location"].startswith(reverse("sign-in"))


def test_queue_lists_the_areas_unallocated_cases_oldest_first(personas: Personas) -> None:
    older, newer, allocated = make_cases(personas.officer, 3)
    refer_to_cps([older, newer, allocated])
    CaseFile.objects.filter(pk=older.pk).update(submitted_at=timezone.now() - timedelta(days=3))
    services.case_allocate_prosecutor(
        actor=personas.cps_spoc, case=allocated, prosecutor=personas.prosecutor
    )
    draft = case_create(personas.officer)

    listed = urns_listed(client_for(personas.cps_spoc).get(reverse("cases:queue")))

    assert listed == [older.urn, newer.urn]
    assert draft.urn not in listed
    mine = urns_listed(client_for(personas.prosecutor).get(reverse("cases:allocated")))
    assert mine == [allocated.urn]
    assert urns_listed(client_for(personas.other_area_prosecutor).get("/cases/allocated/")) == []


# -- filters, search, sort and pages ------------------------------------------


def test_filter_by_status(personas: Personas) -> None:
    _draft, started = make_cases(personas.officer, 2)
    services.case_start_investigation(actor=personas.officer, case=started)
    client = client_for(personas.officer)

    response = client.get(reverse("cases:list"), {"status": "investigation"})

    assert urns_listed(response) == [started.urn]
    # The chosen filter is shown, with a link that removes it.
    assert "Status: Under investigation" in html_of(response)
    assert 'href="?"' in html_of(response)


def test_filter_by_offence_and_reported_dates(personas: Personas) -> None:
    rape, other = make_cases(personas.officer, 2)
    services.offence_add(
        actor=personas.officer,
        case=rape,
        offence=Offence.objects.get(act="Sexual Offences Act 2003", section="1"),
        committed_from=date(2026, 1, 2),
    )
    CaseFile.objects.filter(pk=rape.pk).update(reported_on=date(2026, 3, 10))
    CaseFile.objects.filter(pk=other.pk).update(reported_on=date(2025, 12, 1))
    client = client_for(personas.officer)
    offence = Offence.objects.get(act="Sexual Offences Act 2003", section="1")

    assert urns_listed(client.get("/cases/", {"offence": offence.pk})) == [rape.urn]
    assert urns_listed(client.get("/cases/", {"reported_from": "1/3/2026"})) == [rape.urn]
    assert urns_listed(client.get("/cases/", {"reported_to": "2025-12-31"})) == [other.urn]


def test_filter_by_overdue_deadlines_and_unallocated(personas: Personas) -> None:
    late, on_time = make_cases(personas.officer, 2)
    for case, due in ((late, date(2020, 1, 6)), (on_time, date(2099, 1, 5))):
        services.deadline_open(
            case=case, kind="bail_review", description="Review", due_on=due, owner=case.oic
        )
    client = client_for(personas.officer)

    assert urns_listed(client.get("/cases/", {"overdue": "on"})) == [late.urn]

    refer_to_cps([late, on_time])
    services.case_allocate_prosecutor(
        actor=personas.cps_spoc, case=late, prosecutor=personas.prosecutor
    )
    spoc = client_for(personas.cps_spoc)
    assert urns_listed(spoc.get("/cases/", {"unallocated": "on"})) == [on_time.urn]
    assert urns_listed(spoc.get("/cases/", {"prosecutor": personas.prosecutor.pk})) == [late.urn]


def test_supervisor_filters_by_officer_in_the_case(personas: Personas) -> None:
    mine = case_create(personas.officer)
    theirs = case_create(personas.colleague)
    client = client_for(personas.supervisor)

    assert urns_listed(client.get("/cases/", {"oic": personas.colleague.pk})) == [theirs.urn]
    assert urns_listed(client.get("/cases/", {"oic": personas.officer.pk})) == [mine.urn]


def test_search_by_urn_prefix_and_suspect_surname(personas: Personas) -> None:
    first, second = make_cases(personas.officer, 2)
    services.suspect_add(
        actor=personas.officer, case=second, first_names="Gary", last_name="Pemberton"
    )
    client = client_for(personas.officer)

    assert urns_listed(client.get("/cases/", {"q": first.urn[:9]})) == [first.urn]
    assert urns_listed(client.get("/cases/", {"q": "pember"})) == [second.urn]
    assert urns_listed(client.get("/cases/", {"q": "Nobody"})) == []
    assert "No cases match these filters." in html_of(client.get("/cases/", {"q": "Nobody"}))


def test_columns_sort_by_urn_both_ways_with_aria_sort(personas: Personas) -> None:
    cases = make_cases(personas.officer, 3)
    urns = sorted(c.urn for c in cases)
    client = client_for(personas.officer)

    ascending = client.get("/cases/", {"sort": "urn"})
    descending = client.get("/cases/", {"sort": "-urn"})

    assert urns_listed(ascending) == urns
    assert urns_listed(descending) == urns[::-1]
    html = html_of(ascending)
    assert re.search(r'aria-sort="ascending">\s*<a[^>]+href="\?sort=-urn"', html)
    assert re.search(r'aria-sort="none">\s*<a[^>]+href="\?sort=submitted"', html)
    # By default the most recently updated case comes first.
    default = html_of(client.get("/cases/"))
    assert re.search(r'aria-sort="descending">\s*<a[^>]+href="\?sort=updated"', default)


def test_pages_of_25_keep_the_filters_in_their_links(personas: Personas) -> None:
    make_cases(personas.officer, 27)
    client = client_for(personas.officer)

    first = client.get("/cases/", {"status": "draft", "sort": "urn"})
    second = client.get("/cases/", {"status": "draft", "sort": "urn", "page": "2"})

    assert len(urns_listed(first)) == 25
    assert len(urns_listed(second)) == 2
    assert set(urns_listed(first)).isdisjoint(urns_listed(second))
    assert 'href="?status=draft&amp;sort=urn&amp;page=2" rel="next"' in html_of(first)
    assert "Showing <b>26</b> to <b>27</b> of <b>27</b> cases" in html_of(second)
    # Sorting goes back to the first page, keeping the filters.
    assert 'href="?status=draft&amp;sort=-urn"' in html_of(second)


@pytest.mark.parametrize(
    ("params", "message"),
    [
        ({"status": "sideways"}, "Choose a status from the list"),
        ({"offence": "abc"}, "Choose an offence from the list"),
        ({"offence": "999999"}, "Choose an offence from the list"),
        ({"oic": "1 OR 1=1"}, "Choose an officer from the list"),
        ({"reported_from": "31/02/2026"}, "Enter the date reported from as a real date"),
        ({"reported_from": "2026-03-02", "reported_to": "2026-03-01"}, "must be the same as"),
    ],
)
def test_nonsense_filters_get_a_clear_message_and_the_rest_still_apply(
    personas: Personas, params: dict[str, str], message: str
) -> None:
    case = case_create(personas.officer, reported_on=date(2026, 3, 5))

    response = client_for(personas.supervisor).get("/cases/", params)

    html = html_of(response)
    assert "There is a problem" in html
    assert message in html
    assert "<title>Error: Cases" in html
    assert case.urn in urns_listed(response)


@pytest.mark.parametrize(
    "params",
    [{"page": "abc"}, {"page": "-1"}, {"page": "99999"}, {"sort": "password"}, {"force": "x"}],
)
def test_bad_pages_and_sorts_are_ignored(personas: Personas, params: dict[str, str]) -> None:
    case = case_create(personas.officer)
    response = client_for(personas.officer).get("/cases/", params)
    assert urns_listed(response) == [case.urn]


# -- queries that do not grow with the rows -----------------------------------


def test_officers_list_costs_the_same_for_50_cases_as_for_5(
    personas: Personas, django_assert_max_num_queries: Any
) -> None:
    client = client_for(personas.officer)
    make_cases(personas.officer, 5)
    # session, user, memberships (cached for the request), the people of the
    # officer's force for the OIC filter, the offences for the offence
    # filter, COUNT(*) of the visible cases, the page's ids (each visibility
    # branch read in list order, merged), those cases with force, Area, OIC
    # and prosecutor joined.
    five = queries_for(client, "/cases/", django_assert_max_num_queries, 9)
    make_cases(personas.officer, 45)
    fifty = queries_for(client, "/cases/", django_assert_max_num_queries, 9)
    assert len(urns_listed(client.get("/cases/"))) == 25
    assert fifty == five


def test_supervisors_filtered_list_costs_the_same_for_50_cases_as_for_5(
    personas: Personas, django_assert_max_num_queries: Any
) -> None:
    client = client_for(personas.supervisor)
    url = "/cases/?status=draft&overdue=on&q=46&sort=urn"
    for case in make_cases(personas.officer, 5):
        services.deadline_open(
            case=case,
            kind="bail_review",
            description="Review",
            due_on=date(2020, 1, 6),
            owner=case.oic,
        )
    # session, user, memberships, the force's investigators, the offences,
    # COUNT(*), the page's ids, those cases (the overdue filter and the search
    # are EXISTS subqueries inside those, not queries of their own). The bulk
    # reallocation's select reuses the filter's investigators.
    five = queries_for(client, url, django_assert_max_num_queries, 9)
    for case in make_cases(personas.colleague, 45):
        services.deadline_open(
            case=case,
            kind="bail_review",
            description="Review",
            due_on=date(2020, 1, 6),
            owner=case.oic,
        )
    fifty = queries_for(client, url, django_assert_max_num_queries, 9)
    assert fifty == five


def test_cps_queue_and_allocated_lists_cost_the_same_for_50_cases_as_for_5(
    personas: Personas, django_assert_max_num_queries: Any
) -> None:
    spoc = client_for(personas.cps_spoc)
    prosecutor = client_for(personas.prosecutor)

    def allocate(cases: list[CaseFile]) -> None:
        CaseFile.objects.filter(pk__in=[c.pk for c in cases[::2]]).update(
            prosecutor=personas.prosecutor
        )

    batch = make_cases(personas.officer, 10)
    refer_to_cps(batch)
    allocate(batch)
    # session, user, memberships, COUNT(*), the page of cases, the read's
    # audit row; the queue adds the prosecutors with their caseloads.
    queue = queries_for(spoc, "/cases/queue/", django_assert_max_num_queries, 7)
    allocated = queries_for(prosecutor, "/cases/allocated/", django_assert_max_num_queries, 6)
    batch = make_cases(personas.officer, 90)
    refer_to_cps(batch)
    allocate(batch)
    assert queries_for(spoc, "/cases/queue/", django_assert_max_num_queries, 7) == queue
    assert (
        queries_for(prosecutor, "/cases/allocated/", django_assert_max_num_queries, 6) == allocated
    )
    # The CPS SPOC's full list adds three for its filters: the Area's forces,
    # its prosecutors, the offences.
    queries_for(spoc, "/cases/", django_assert_max_num_queries, 10)


def test_case_page_costs_the_same_however_much_the_case_holds(
    personas: Personas, django_assert_max_num_queries: Any
) -> None:
    case = complete_case(personas.officer)
    client = client_for(personas.officer)
    url = reverse("cases:detail", args=[case.pk])
    # session, user, memberships, the case (force, Area, OIC and prosecutor
    # joined), the complainants, their audit row, the offences with their
    # titles, the suspects, the case.view audit row.
    before = queries_for(client, url, django_assert_max_num_queries, 9)
    offence = Offence.objects.get(act="Sexual Offences Act 2003", section="3")
    for number in range(4):
        services.offence_add(
            actor=personas.officer, case=case, offence=offence, committed_from=date(2026, 1, 1)
        )
        services.suspect_add(
            actor=personas.officer, case=case, first_names="S", last_name=f"Suspect{number}"
        )
    after = queries_for(client, url, django_assert_max_num_queries, 9)
    assert after == before


# -- the case page and its tabs -----------------------------------------------

CASE_PAGES = ["cases:detail", "cases:timeline", "cases:documents", "cases:deadlines"]


@pytest.mark.parametrize("name", CASE_PAGES)
@pytest.mark.parametrize("persona", ["officer", "supervisor", "cps_spoc", "prosecutor"])
def test_case_pages_open_for_everyone_on_the_case(
    personas: Personas, name: str, persona: str
) -> None:
    case = submitted_case(personas.officer)
    services.case_allocate_prosecutor(
        actor=personas.cps_spoc, case=case, prosecutor=personas.prosecutor
    )

    html = html_of(client_for(getattr(personas, persona)).get(reverse(name, args=[case.pk])))

    assert case.urn in html
    # The MOJ sub-navigation, with this page marked current.
    assert 'class="moj-sub-navigation"' in html
    current = re.search(r'aria-current="page" href="([^"]+)"', html)
    assert current and current.group(1) == reverse(name, args=[case.pk])
    for label in ("Summary", "Complainants", "Timeline", "Documents", "Deadlines"):
        assert f">{label}</a>" in html


@pytest.mark.parametrize(
    "name", [*CASE_PAGES, "cases:edit", "cases:submit", "cases:share", "cases:offence-add"]
)
@pytest.mark.parametrize(
    "persona",
    ["colleague", "other_force_officer", "other_area_prosecutor", "panel_member", "manager"],
)
def test_outsiders_get_404_on_every_case_page(personas: Personas, name: str, persona: str) -> None:
    case = submitted_case(personas.officer)
    response = client_for(getattr(personas, persona)).get(reverse(name, args=[case.pk]))
    assert response.status_code == 404


def test_a_cps_spoc_does_not_see_a_police_draft(personas: Personas) -> None:
    case = case_create(personas.officer)
    client = client_for(personas.cps_spoc)
    assert client.get(reverse("cases:detail", args=[case.pk])).status_code == 404
    assert urns_listed(client.get(reverse("cases:list"))) == []


def test_no_such_case_is_404_like_a_hidden_one(personas: Personas) -> None:
    assert client_for(personas.officer).get("/cases/999999/").status_code == 404


def test_summary_shows_details_offences_and_suspects_and_invites_more(
    personas: Personas,
) -> None:
    case = case_create(personas.officer, reported_on=date(2026, 3, 1))
    client = client_for(personas.officer)

    html = html_of(client.get(reverse("cases:detail", args=[case.pk])))

    assert "1 March 2026" in html
    assert "No offences recorded yet." in html
    assert "No suspects recorded yet." in html
    assert "No complainants recorded yet." in html
    for link in ("Add an offence", "Add a suspect", "Add a complainant"):
        assert link in html

    complete = complete_case(personas.officer)
    html = html_of(client.get(reverse("cases:detail", args=[complete.pk])))
    assert "Rape" in html
    assert "John Suspectson" in html


def test_every_view_of_a_case_is_audited(personas: Personas) -> None:
    case = case_create(personas.officer)
    client = client_for(personas.supervisor)
    for name in CASE_PAGES:
        client.get(reverse(name, args=[case.pk]), REMOTE_ADDR="10.1.2.3")

    views = AuditEvent.objects.filter(
        action="case.view", object_id=str(case.pk), actor=personas.supervisor
    )
    assert sorted(v.detail["page"] for v in views) == sorted(CASE_PAGES)
    assert {v.ip_address for v in views} == {"10.1.2.3"}


def test_timeline_shows_events_newest_first_with_who_did_them(personas: Personas) -> None:
    case = case_create(personas.officer)
    services.case_start_investigation(actor=personas.officer, case=case)

    html = html_of(client_for(personas.officer).get(reverse("cases:timeline", args=[case.pk])))

    assert 'class="moj-timeline"' in html
    started = html.index("Investigation started")
    created = html.index(f"Case file {case.urn} created")
    assert started < created
    assert "by Dana Officer" in html


def test_deadlines_tab_shows_overdue_deadlines(personas: Personas) -> None:
    case = case_create(personas.officer)
    services.deadline_open(
        case=case,
        kind="bail_review",
        description="Bail return",
        due_on=date(2020, 1, 6),
        owner=personas.officer,
    )

    html = html_of(client_for(personas.officer).get(reverse("cases:deadlines", args=[case.pk])))

    assert "Bail return" in html
    assert "6 January 2020" in html
    assert "Overdue" in html


def deadline_rows(html: str) -> list[str]:
    """The deadlines tab's rows, as text, in order."""
    body = html.split('data-testid="deadlines"', 1)[1].split("</tbody>", 1)[0]
    rows = re.findall(r"<tr class=\"govuk-table__row\">(.*?)</tr>", body, re.S)[1:]
    return [" ".join(re.sub(r"<[^>]+>", " ", row).split()) for row in rows]


def test_deadlines_tab_lists_open_deadlines_then_closed_ones(personas: Personas) -> None:
    case = case_create(personas.officer)
    today = timezone.localdate()

    def deadline(description: str, due_on: date) -> Any:
        return services.deadline_open(
            case=case,
            kind="bail_review",
            description=description,
            due_on=due_on,
            owner_organisation=case.force,
        )

    later = deadline("Open later", today + timedelta(days=30))
    deadline("Open sooner", today + timedelta(days=3))
    services.deadline_meet(deadline=deadline("Met early", today + timedelta(days=5)))
    services.deadline_meet(deadline=deadline("Met late", date(2020, 1, 6)))
    services.deadline_cancel(
        deadline=deadline("Cancelled one", today + timedelta(days=9)),
        reason="the suspect was charged",
    )
    assert later.status == "open"

    html = html_of(client_for(personas.officer).get(reverse("cases:deadlines", args=[case.pk])))

    closed = f"{today:%-d %B %Y}"
    assert deadline_rows(html) == [
        f"Open sooner {today + timedelta(days=3):%-d %B %Y} {case.force.name} Open",
        f"Open later {today + timedelta(days=30):%-d %B %Y} {case.force.name} Open",
        # The most recently closed first.
        f"Cancelled one {today + timedelta(days=9):%-d %B %Y} {case.force.name} Cancelled "
        f"{closed} The suspect was charged",
        f"Met late 6 January 2020 {case.force.name} Met {closed} (late)",
        f"Met early {today + timedelta(days=5):%-d %B %Y} {case.force.name} Met {closed} (on time)",
    ]


def test_deadlines_tab_queries_stay_flat_in_rows(
    personas: Personas, django_assert_max_num_queries: Any
) -> None:
    case = case_create(personas.officer)
    client = client_for(personas.officer)
    url = reverse("cases:deadlines", args=[case.pk])

    def add(count: int) -> None:
        for n in range(count):
            opened = services.deadline_open(
                case=case,
                kind="bail_review",
                description=f"Deadline {n}",
                due_on=date(2026, 7, 1) + timedelta(days=n),
                owner=personas.officer if n % 2 else None,
                owner_organisation=case.force,
            )
            if n % 3 == 1:
                services.deadline_meet(deadline=opened)
            elif n % 3 == 2:
                services.deadline_cancel(deadline=opened, reason="no longer applies")

    add(3)
    few = queries_for(client, url, django_assert_max_num_queries, 30)
    add(12)
    many = queries_for(client, url, django_assert_max_num_queries, 30)
    assert many == few


# -- documents --------------------------------------------------------------


def upload_form(
    kind: str, name: str, data: bytes, content_type: str = "application/pdf"
) -> dict[str, Any]:
    return {"kind": kind, "title": "", "upload": SimpleUploadedFile(name, data, content_type)}


def stored_files(settings: Any) -> list[str]:
    folder = settings.MEDIA_ROOT / "documents"
    return [p.name for p in folder.iterdir()] if folder.exists() else []


def test_officer_uploads_a_document_and_sees_it_listed(personas: Personas) -> None:
    case = case_create(personas.officer)
    client = client_for(personas.officer)
    url = reverse("cases:documents", args=[case.pk])

    response = client.post(url, upload_form(DocumentKind.MG3, "mg3.pdf", PDF_BYTES), follow=True)

    html = html_of(response)
    assert "Document added: MG3 report to CPS for a charging decision" in html
    document = Document.objects.get(case=case)
    assert document.original_name == "mg3.pdf"
    assert reverse("cases:document-download", args=[case.pk, document.pk]) in html
    assert 'enctype="multipart/form-data"' in html


@pytest.mark.parametrize(
    ("name", "data", "message"),
    [
        ("empty.pdf", b"", "The selected file is empty"),
        ("statement.pdf", b"<html><script>alert(1)</script></html>", "not a real PDF file"),
        ("statement.pdf", b"Just some text, not a PDF", "not a real PDF file"),
        ("run.exe", b"MZ\x90\x00", "must be a PDF, DOCX, ODT, JPEG, PNG or plain text"),
        ("big.pdf", PDF_BYTES + b"0" * (1024 * 1024), "must be smaller than 1 MB"),
    ],
)
def test_refused_uploads_say_why_and_leave_nothing_behind(
    personas: Personas, settings: Any, name: str, data: bytes, message: str
) -> None:
    settings.DOCUMENT_MAX_BYTES = 1024 * 1024
    case = case_create(personas.officer)
    url = reverse("cases:documents", args=[case.pk])

    response = client_for(personas.officer).post(url, upload_form(DocumentKind.MG3, name, data))

    html = html_of(response)
    assert "There is a problem" in html
    assert message in html
    assert 'href="#id_upload"' in html
    assert not Document.objects.exists()
    assert stored_files(settings) == []


def test_upload_without_a_file_or_kind_is_refused(personas: Personas) -> None:
    case = case_create(personas.officer)
    url = reverse("cases:documents", args=[case.pk])
    html = html_of(client_for(personas.officer).post(url, {"kind": "", "title": ""}))
    assert "Select a file" in html
    assert "Choose what kind of document this is" in html


def test_only_officers_on_the_case_get_the_upload_form(personas: Personas) -> None:
    case = submitted_case(personas.officer)
    url = reverse("cases:documents", args=[case.pk])
    # With CPS, the police can no longer add to the file; nor can the CPS SPOC.
    assert "Add a document" not in html_of(client_for(personas.officer).get(url))
    assert "Add a document" not in html_of(client_for(personas.cps_spoc).get(url))
    post = client_for(personas.cps_spoc).post(url, upload_form("mg3", "a.pdf", PDF_BYTES))
    assert post.status_code == 403


def test_download_is_an_audited_attachment_that_browsers_will_not_sniff(
    personas: Personas,
) -> None:
    case = complete_case(personas.officer)
    document = services.document_upload(
        actor=personas.officer,
        case=case,
        kind=DocumentKind.OTHER,
        upload=BytesIO(PDF_BYTES),
        name="ABE summary.pdf",
    )
    services.case_submit_for_charging(actor=personas.officer, case=case)
    services.case_allocate_prosecutor(
        actor=personas.cps_spoc, case=case, prosecutor=personas.prosecutor
    )
    url = reverse("cases:document-download", args=[case.pk, document.pk])

    response = client_for(personas.prosecutor).get(url)

    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"] == 'attachment; filename="ABE summary.pdf"'
    assert response["X-Content-Type-Options"] == "nosniff"
    assert "no-store" in response["Cache-Control"]
    assert b"".join(response.streaming_content) == PDF_BYTES  # type: ignore[attr-defined]
    audit = AuditEvent.objects.get(action="document.download")
    assert audit.actor == personas.prosecutor
    assert audit.object_id == str(document.pk)


@pytest.mark.parametrize(
    "persona", ["colleague", "other_force_officer", "other_area_prosecutor", "panel_member"]
)
def test_outsiders_cannot_download(personas: Personas, persona: str) -> None:
    # (Those who see the case but not the complainant's identity cannot open
    # its documents either: tests/cases/test_visibility_everywhere.py.)
    case = case_create(personas.officer)
    document = upload(case, personas.officer, DocumentKind.MG3)
    url = reverse("cases:document-download", args=[case.pk, document.pk])

    assert client_for(getattr(personas, persona)).get(url).status_code == 404
    assert not AuditEvent.objects.filter(action="document.download").exists()


def test_a_document_is_only_found_under_its_own_case(personas: Personas) -> None:
    case, other = make_cases(personas.officer, 2)
    document = upload(other, personas.officer, DocumentKind.MG3)
    url = reverse("cases:document-download", args=[case.pk, document.pk])
    assert client_for(personas.officer).get(url).status_code == 404


def test_a_file_missing_from_the_store_is_a_clear_404(personas: Personas) -> None:
    case = case_create(personas.officer)
    document = upload(case, personas.officer, DocumentKind.MG3)
    services.document_storage().delete(document.stored_name)

    response = client_for(personas.officer).get(
        reverse("cases:document-download", args=[case.pk, document.pk])
    )

    assert response.status_code == 404
    assert "cannot be found" in response.content.decode()
    assert case.urn in response.content.decode()


# -- creating and editing -----------------------------------------------------


def test_officer_creates_a_case_with_their_force_filled_in(personas: Personas) -> None:
    client = client_for(personas.officer)
    form = html_of(client.get(reverse("cases:create")))
    # One force: no force to choose; Kent has one Area: no Area to choose.
    assert 'name="force"' not in form
    assert 'name="cps_area"' not in form
    assert "Kent" in form

    response = client.post(
        reverse("cases:create"),
        {
            "urn": "46 KA 04321/26",
            "dg6_category": "red",
            "reported_on": "2/3/2026",
            "forensic_report_expected": "on",
        },
        follow=True,
    )

    case = CaseFile.objects.get()
    assert response.redirect_chain[-1][0] == reverse("cases:detail", args=[case.pk])
    assert (case.urn, case.oic, case.force.name) == ("46KA0432126", personas.officer, "Kent")
    assert (case.dg6_category, case.reported_on) == ("red", date(2026, 3, 2))
    assert case.forensic_report_expected is True
    assert "Case file 46KA0432126 created" in html_of(response)


def test_a_wrong_urn_is_explained_and_nothing_is_created(personas: Personas) -> None:
    client = client_for(personas.officer)
    response = client.post(reverse("cases:create"), {"urn": "11KA0432126", "dg6_category": "red"})
    html = html_of(response)
    assert "A Kent URN starts with its force code, 46" in html
    assert 'value="11KA0432126"' in html
    assert not CaseFile.objects.exists()


def _officer_of(force_name: str) -> User:
    user: User = UserFactory.create()
    MembershipFactory.create(
        user=user, organisation=Organisation.objects.get(name=force_name), role=Role.INVESTIGATOR
    )
    return user


def test_a_metropolitan_officer_chooses_the_london_area(personas: Personas) -> None:
    client = client_for(_officer_of("Metropolitan Police Service"))
    form = html_of(client.get(reverse("cases:create")))
    assert 'name="cps_area"' in form
    assert "London North" in form
    assert "Wessex" not in form

    missing = client.post(reverse("cases:create"), {"urn": "01AB0000126", "dg6_category": "red"})
    assert "Choose the CPS Area" in html_of(missing)

    south = Organisation.objects.get(name="London South")
    client.post(
        reverse("cases:create"),
        {"urn": "01AB0000126", "dg6_category": "red", "cps_area": south.pk},
    )
    assert CaseFile.objects.get().cps_area == south


def test_an_officer_of_two_forces_chooses_the_force(personas: Personas) -> None:
    MembershipFactory.create(
        user=personas.officer,
        organisation=Organisation.objects.get(name="British Transport Police"),
        role=Role.INVESTIGATOR,
    )
    client = client_for(personas.officer)
    form = html_of(client.get(reverse("cases:create")))
    assert 'name="force"' in form
    # British Transport Police cases go to any Area: all are offered.
    assert "Wessex" in form

    kent = Organisation.objects.get(name="Kent")
    client.post(
        reverse("cases:create"), {"urn": "46AB0000126", "dg6_category": "green", "force": kent.pk}
    )
    assert CaseFile.objects.get().cps_area.name == "South East"


def test_officer_edits_the_case_details(personas: Personas) -> None:
    case = case_create(personas.officer)
    client = client_for(personas.officer)
    url = reverse("cases:edit", args=[case.pk])
    form = html_of(client.get(url))
    assert f'name="version" value="{case.version}"' in form

    response = client.post(
        url,
        {"version": case.version, "dg6_category": "red", "arrested_on": "4/3/2026"},
        follow=True,
    )

    assert "Case details saved" in html_of(response)
    case.refresh_from_db()
    assert (case.dg6_category, case.arrested_on) == ("red", date(2026, 3, 4))


def test_a_stale_edit_is_refused_and_keeps_what_the_officer_typed(personas: Personas) -> None:
    case = case_create(personas.officer)
    services.case_share(actor=personas.officer, case=case, colleague=personas.colleague)
    case.refresh_from_db()
    opened_at = case.version
    # The colleague saves first, from the same version.
    services.case_update(
        actor=personas.colleague, case=case, version=opened_at, dg6_category="green_priority"
    )

    response = client_for(personas.officer).post(
        reverse("cases:edit", args=[case.pk]),
        {"version": opened_at, "dg6_category": "red", "interviewed_on": "5/3/2026"},
    )

    html = html_of(response)
    assert "Someone else changed this case while you were editing it" in html
    assert 'value="5/3/2026"' in html
    assert '<option value="red" selected>' in html
    case.refresh_from_db()
    assert case.dg6_category == "green_priority"
    assert case.interviewed_on is None


def test_edit_is_not_offered_to_those_who_may_not_change_the_case(personas: Personas) -> None:
    case = case_create(personas.officer)
    # The supervisor sees the case, but changing it is for the officers on it.
    response = client_for(personas.supervisor).get(reverse("cases:edit", args=[case.pk]))
    assert response.status_code == 403
    html = html_of(client_for(personas.supervisor).get(reverse("cases:detail", args=[case.pk])))
    assert reverse("cases:edit", args=[case.pk]) not in html


def test_officer_adds_an_offence_and_a_suspect(personas: Personas) -> None:
    case = case_create(personas.officer)
    client = client_for(personas.officer)
    rape = Offence.objects.get(act="Sexual Offences Act 2003", section="1")

    offence = client.post(
        reverse("cases:offence-add", args=[case.pk]),
        {"offence": rape.pk, "committed_from": "1/2/2026", "committed_to": "3/2/2026"},
        follow=True,
    )
    suspect = client.post(
        reverse("cases:suspect-add", args=[case.pk]),
        {
            "first_names": "Paul",
            "last_name": "Bracewell",
            "state": "rui",
            "review_on": "1/6/2026",
        },
        follow=True,
    )

    assert "Offence added: Rape" in html_of(offence)
    assert "Suspect added" in html_of(suspect)
    assert "Paul Bracewell" in html_of(suspect)
    assert "1 February 2026 to 3 February 2026" in html_of(suspect)
    # The released-under-investigation review date opened its deadline.
    assert case.deadlines.get().due_on == date(2026, 6, 1)


def test_an_offence_ending_before_it_began_is_refused(personas: Personas) -> None:
    case = case_create(personas.officer)
    rape = Offence.objects.get(act="Sexual Offences Act 2003", section="1")
    response = client_for(personas.officer).post(
        reverse("cases:offence-add", args=[case.pk]),
        {"offence": rape.pk, "committed_from": "3/2/2026", "committed_to": "1/2/2026"},
    )
    assert "The last date must be after the date of the offence" in html_of(response)
    assert not case.offences.exists()


# -- the menu and the dashboard -----------------------------------------------


def menu_of(html: str) -> list[str]:
    menu = html[html.index('id="navigation"') : html.index("</ul>", html.index('id="navigation"'))]
    return [label.strip() for label in re.findall(r"<a [^>]*>\s*(?:<strong[^>]*>)?([^<]+)", menu)]


@pytest.mark.parametrize(
    ("persona", "items"),
    [
        ("officer", ["Your work", "Cases", "API"]),
        ("supervisor", ["Your work", "Cases", "API"]),
        (
            "cps_spoc",
            ["Your work", "Cases", "Ready to allocate", "Clinics", "Scrutiny panels", "API"],
        ),
        ("prosecutor", ["Your work", "Cases", "My allocated cases", "Clinics", "API"]),
        ("panel_member", ["Your work", "Scrutiny panels", "API"]),
        ("manager", ["Your work", "Performance", "API"]),
    ],
)
def test_the_menu_offers_each_role_its_case_lists(
    personas: Personas, persona: str, items: list[str]
) -> None:
    assert menu_of(html_of(client_for(getattr(personas, persona)).get("/"))) == items


def test_only_the_page_being_shown_is_current_in_the_menu(personas: Personas) -> None:
    html = html_of(client_for(personas.cps_spoc).get(reverse("cases:queue")))
    current = re.findall(r'href="([^"]+)" aria-current="page"', html)
    assert current == [reverse("cases:queue")]


def test_dashboard_counts_the_work_and_links_to_it(personas: Personas) -> None:
    make_cases(personas.officer, 2)
    waiting = case_create(personas.colleague)
    refer_to_cps([waiting])

    officer = html_of(client_for(personas.officer).get("/"))
    spoc = html_of(client_for(personas.cps_spoc).get("/"))
    prosecutor = html_of(client_for(personas.prosecutor).get("/"))

    assert re.search(r'href="/cases/">2 cases<span[^>]*>: your cases', officer)
    assert re.search(r'href="/cases/queue/">1 case<span[^>]*>: ready to allocate', spoc)
    assert re.search(r'href="/cases/allocated/">0 cases<span', prosecutor)
    # A panel member's packs: none until they sit on a panel (charging.panels).
    panel = html_of(client_for(personas.panel_member).get("/"))
    assert re.search(r'href="/panels/">0 review packs<span[^>]*>: review packs for', panel)
    assert "Nothing yet" not in officer


def test_case_statuses_are_tags(personas: Personas) -> None:
    _draft, started = make_cases(personas.officer, 2)
    services.case_start_investigation(actor=personas.officer, case=started)
    html = html_of(client_for(personas.officer).get("/cases/"))
    # On one line each (``rasso-tag--nowrap``), however narrow the column.
    assert '<strong class="govuk-tag rasso-tag--nowrap govuk-tag--grey">Draft</strong>' in html
    assert '<strong class="govuk-tag rasso-tag--nowrap">Under investigation</strong>' in html
