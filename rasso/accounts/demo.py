"""Demo data that other apps add to ``seed_demo``.

Dependencies run downhill, so ``seed_demo`` (here, in accounts) cannot import
the apps that own cases, complainants or charging. Each of those appends a
seeder to ``SEEDERS`` in its ``AppConfig.ready()``; ``seed_demo --cases N``
calls them in order (the order of INSTALLED_APPS) once the demo accounts
exist. A seeder adds ``cases`` more of its rows on every call and returns one
line saying what it added.
"""

from __future__ import annotations

from collections.abc import Callable

SEEDERS: list[Callable[[int], str]] = []
