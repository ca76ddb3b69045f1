"""What other apps add to the "your work" page.

Dependencies run downhill, so the dashboard (here, in accounts) cannot import
the apps that hold the work. Each of them appends a provider to
``WORK_PROVIDERS`` in its ``AppConfig.ready()``: given the user and one of
their memberships, a provider returns the sections it can fill, as
label -> (a function counting the work, the link that lists it).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

WorkCount = tuple[Callable[[], int], str]

WORK_PROVIDERS: list[Callable[[Any, Any], dict[str, WorkCount]]] = []
