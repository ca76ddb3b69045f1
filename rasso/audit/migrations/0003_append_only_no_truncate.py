"""TRUNCATE of an append-only table fails too, even for the owner of the tables.

TRUNCATE fires no row triggers, so migration 0002's trigger never sees it.
This statement trigger refuses it. The application's role has no TRUNCATE
privilege at all (rasso/audit/roles.py); for the owner, who could drop the
trigger, refusing is a guard against the accidental and the casual: it must
say deliberately, in its own session, ``SET rasso.allow_truncate = on`` (the
test database says so for the suite's flushes), or drop the trigger.

The function is the mark of an append-only table: ``manage.py db_roles``
withholds UPDATE and DELETE from the application on every table it guards.
Other apps attach it to their own append-only tables in their migrations.
"""

from __future__ import annotations

from django.db import migrations

FORWARD = """
CREATE FUNCTION append_only_refuse_truncate() RETURNS trigger AS $$
BEGIN
    IF coalesce(current_setting('rasso.allow_truncate', true), '') = 'on' THEN
        RETURN NULL;
    END IF;
    RAISE EXCEPTION '% is append-only: TRUNCATE is not allowed', TG_TABLE_NAME
        USING ERRCODE = 'insufficient_privilege';
END;
$$ LANGUAGE plpgsql;

CREATE TRIGGER audit_event_no_truncate
    BEFORE TRUNCATE ON audit_auditevent
    FOR EACH STATEMENT EXECUTE FUNCTION append_only_refuse_truncate();
"""

BACKWARD = """
DROP TRIGGER IF EXISTS audit_event_no_truncate ON audit_auditevent;
DROP FUNCTION IF EXISTS append_only_refuse_truncate();
"""


class Migration(migrations.Migration):
    dependencies = [("audit", "0002_append_only")]

    operations = [migrations.RunSQL(FORWARD, BACKWARD)]
