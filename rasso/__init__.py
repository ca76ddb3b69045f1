"""RASSO joint casework: the project package."""

from __future__ import annotations

from rasso.celery import app as celery_app

__all__ = ["celery_app"]
