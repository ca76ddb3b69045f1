"""The layers of DESIGN.md §2, read off the code: dependencies run downhill.

``rasso.core``, ``rasso.accounts``, ``rasso.audit`` and ``rasso.notifications``
(the cross-cutting apps) ← ``cases`` ← ``victims``, ``charging``, ``disclosure``
← ``reports``. Every import counts, at the top of a module or inside a
function. The project's urls, API router, settings and Celery app compose the
apps and may name them.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
CROSS_CUTTING = ("rasso/core", "rasso/accounts", "rasso/audit", "rasso/notifications")
DOMAIN_APPS = ("cases", "victims", "charging", "disclosure", "reports")
ABOVE_CASES = ("victims", "charging", "disclosure", "reports")


def modules_in(folder: str) -> list[Path]:
    return sorted(p for p in (ROOT / folder).rglob("*.py") if "migrations" not in p.parts)


def imported(path: Path) -> set[str]:
    """Every module ``path`` imports, as written (absolute imports only: the
    project uses no relative ones)."""
    names: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(), filename=str(path))):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            assert node.level == 0, f"{path}: relative import"
            names.add(node.module or "")
    return names


def reaching_up(folder: str, forbidden: tuple[str, ...]) -> list[str]:
    return [
        f"{path.relative_to(ROOT)} imports {name}"
        for path in modules_in(folder)
        for name in sorted(imported(path))
        if name.split(".")[0] in forbidden
    ]


@pytest.mark.parametrize("folder", CROSS_CUTTING)
def test_no_cross_cutting_app_imports_a_domain_app(folder: str) -> None:
    assert modules_in(folder), f"{folder} has no modules: the test would prove nothing"
    assert reaching_up(folder, DOMAIN_APPS) == []


def test_cases_imports_no_app_above_it() -> None:
    assert reaching_up("cases", ABOVE_CASES) == []


def test_the_walk_sees_imports_inside_functions(tmp_path: Path) -> None:
    # The check itself can fail: an import tucked inside a function is seen.
    module = tmp_path / "m.py"
    module.write_text("def f():\n    from charging.models import Clinic\n    import reports\n")
    assert imported(module) == {"charging.models", "reports"}


def test_accounts_does_not_import_notifications_back() -> None:
    # Notifications build on accounts (a recipient is a user); the header's
    # unread count reaches accounts by registration, not by import.
    assert [
        line for line in reaching_up("rasso/accounts", ("rasso",)) if "rasso.notifications" in line
    ] == []
