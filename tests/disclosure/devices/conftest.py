from __future__ import annotations

import pytest

from cases.models import CaseFile
from tests.cases.factories import complete_case
from tests.conftest import Personas
from tests.disclosure.requests.factories import with_prosecutor


@pytest.fixture
def case(personas: Personas) -> CaseFile:
    """A Kent case under investigation, Dana Officer its OIC, with C1, and
    early advice allocated to the South East prosecutor (who is granted it)."""
    return with_prosecutor(personas, complete_case(personas.officer))
