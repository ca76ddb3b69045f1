"""Thin tasks on the workers: each calls a service and is harmless run twice."""

from __future__ import annotations

from celery import shared_task

from rasso.notifications import services


@shared_task
def email_outbox_send_task(outbox_ids: list[int]) -> int:
    """Queued when the e-mails' transaction commits. A row another worker has,
    one already sent or one waiting to retry is left alone."""
    return services.email_outbox_send_many(outbox_ids)


@shared_task
def email_outbox_retry() -> int:
    """On the beat every minute: what no queued task sent (a lost message, a
    mail server that was down), once each row's retry time has come."""
    return services.email_outbox_send_due()


@shared_task
def digests_daily() -> int:
    """On the beat once a day: one e-mail per user of what no e-mail carried yet."""
    return services.digests_send()
