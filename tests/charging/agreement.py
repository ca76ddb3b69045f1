"""What a page offers is what its service accepts: the helpers of each
sub-domain's ``test_rules.py``.

For every persona of ``grid`` and every object state a story sets up, the
page is read as that persona (a 404 offers nothing) and the service is called
inside a savepoint that is rolled back, so every try starts from the same
rows. ``agree`` then compares the two and names each disagreement.
"""

from __future__ import annotations

from django.urls import reverse

from rasso.accounts.models import Role, User
from tests.conftest import Personas, _member, org
from tests.support import client_for


def grid(personas: Personas) -> dict[str, User]:
    """Everyone a charging page might be shown to."""
    return {
        "the case's officer": personas.officer,
        "an officer of another force": personas.other_force_officer,
        "a police supervisor of the force": personas.supervisor,
        "a police SPOC of the force": _member(Role.POLICE_SPOC, org("Kent")),
        "the allocated prosecutor": personas.prosecutor,
        "another prosecutor of the Area": _member(Role.PROSECUTOR, org("South East")),
        "the CPS SPOC of the Area": personas.cps_spoc,
        "an outsider (panel member)": personas.panel_member,
    }


def page(user: User, name: str, *args: int) -> str:
    """The page as ``user`` sees it; "" when it is a 404 to them."""
    response = client_for(user).get(reverse(name, args=args))
    if response.status_code == 404:
        return ""
    assert response.status_code == 200, (name, response.status_code)
    return str(response.content.decode())


def offers(html: str, name: str, *args: int) -> bool:
    """Whether the page links to (or posts to) that action."""
    return f'"{reverse(name, args=args)}"' in html


Verdicts = list[tuple[str, str, bool, bool]]


def agree(verdicts: Verdicts) -> None:
    """Every (who, what, offered, accepted) agrees; the message lists those that do not."""
    wrong = [
        f"{who} / {what}: page {'offers' if offered else 'hides'} it, service "
        f"{'accepts' if ok else 'refuses'}"
        for who, what, offered, ok in verdicts
        if offered != ok
    ]
    assert not wrong, "\n".join(wrong)
    # The grid must reach both answers, or it proves nothing.
    assert any(offered for *_, offered, _ in verdicts)
    assert not all(offered for *_, offered, _ in verdicts)
