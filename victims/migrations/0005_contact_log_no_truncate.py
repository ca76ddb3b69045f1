"""The contact log refuses TRUNCATE as well as UPDATE and DELETE.

The guard is rasso.audit's (its migration 0003), which also marks the tables
as append-only for the application role's grants (``manage.py db_roles``).
"""

from __future__ import annotations

from django.db import migrations

FORWARD = """
CREATE TRIGGER victims_contact_no_truncate
    BEFORE TRUNCATE ON victims_contact
    FOR EACH STATEMENT EXECUTE FUNCTION append_only_refuse_truncate();

CREATE TRIGGER victims_contact_communicated_no_truncate
    BEFORE TRUNCATE ON victims_contact_communicated
    FOR EACH STATEMENT EXECUTE FUNCTION append_only_refuse_truncate();
"""

BACKWARD = """
DROP TRIGGER IF EXISTS victims_contact_communicated_no_truncate ON victims_contact_communicated;
DROP TRIGGER IF EXISTS victims_contact_no_truncate ON victims_contact;
"""


class Migration(migrations.Migration):
    dependencies = [
        ("audit", "0003_append_only_no_truncate"),
        ("victims", "0004_complainant_database_defaults"),
    ]

    operations = [migrations.RunSQL(FORWARD, BACKWARD)]
