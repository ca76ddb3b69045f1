"""Nothing of ``victims`` is registered in the admin, on purpose.

A complainant of a sexual offence has lifelong anonymity in law, and an
administrator sees no case content without an audited reason. Complainants
are read and changed only through the case pages, which check who may see
their identity. ``tests/cases/test_visibility.py`` fails if
a model of this app is ever registered here.
"""

from __future__ import annotations
