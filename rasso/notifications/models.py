"""In-app notifications and the e-mail outbox (built by the reminders work)."""
