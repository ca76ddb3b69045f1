"""Let the contact log of a deleted case go, and nothing else of it.

The contact log stays append-only (victims 0003): its trigger still refuses
every UPDATE, and every DELETE but one: the rows of the one case named by
the transaction-local setting ``rasso.retention_delete``. That setting is
made only by ``victims_contact_log_delete_for_case``, a SECURITY DEFINER
function (it runs as the owner of the tables, so the application's own
role needs no DELETE on them, only EXECUTE on it), which refuses unless:

- the case's deletion is already on the audit log (``case.deleted``, a row
  nobody can remove), so no contact log ever disappears unrecorded;
- the case is due for its retention review; and
- the case is not under a legal hold.

It then deletes that case's contacts (and which deadlines they met) and
clears the setting. The application calls it from ``cases.retention``'s
deletion, inside the transaction that deletes the case.
"""

from __future__ import annotations

from django.db import migrations

FORWARD = """
CREATE OR REPLACE FUNCTION victims_contact_append_only() RETURNS trigger AS $$
DECLARE
    deleting text := current_setting('rasso.retention_delete', true);
    row_case bigint;
BEGIN
    IF TG_OP = 'DELETE' AND coalesce(deleting, '') <> '' THEN
        IF TG_TABLE_NAME = 'victims_contact' THEN
            row_case := OLD.case_id;
        ELSE
            SELECT c.case_id INTO row_case FROM victims_contact c WHERE c.id = OLD.contact_id;
        END IF;
        IF row_case::text = deleting THEN
            RETURN OLD;
        END IF;
    END IF;
    RAISE EXCEPTION 'the contact log cannot be changed: % is not allowed (log a correction)', TG_OP
        USING ERRCODE = 'insufficient_privilege';
END;
$$ LANGUAGE plpgsql;

CREATE FUNCTION victims_contact_log_delete_for_case(deleted_case bigint) RETURNS integer
LANGUAGE plpgsql
SECURITY DEFINER
SET search_path = pg_catalog, public
AS $$
DECLARE
    removed integer;
BEGIN
    IF NOT EXISTS (
        SELECT 1 FROM audit_auditevent
        WHERE action = 'case.deleted' AND object_type = 'cases.casefile'
          AND object_id = deleted_case::text
    ) THEN
        RAISE EXCEPTION 'the contact log of case % goes only with the case (no deletion audited)',
            deleted_case USING ERRCODE = 'insufficient_privilege';
    END IF;
    -- A day's grace: the application's "today" is London's, the session's UTC.
    IF NOT EXISTS (
        SELECT 1 FROM cases_casefile
        WHERE id = deleted_case AND retention_review_on <= current_date + 1
    ) THEN
        RAISE EXCEPTION 'case % is not due for its retention review', deleted_case
            USING ERRCODE = 'insufficient_privilege';
    END IF;
    IF EXISTS (
        SELECT 1 FROM cases_legalhold WHERE case_id = deleted_case AND lifted_at IS NULL
    ) THEN
        RAISE EXCEPTION 'case % is under a legal hold', deleted_case
            USING ERRCODE = 'insufficient_privilege';
    END IF;
    PERFORM set_config('rasso.retention_delete', deleted_case::text, true);
    DELETE FROM victims_contact_communicated
        WHERE contact_id IN (SELECT id FROM victims_contact WHERE case_id = deleted_case);
    DELETE FROM victims_contact WHERE case_id = deleted_case;
    GET DIAGNOSTICS removed = ROW_COUNT;
    PERFORM set_config('rasso.retention_delete', '', true);
    RETURN removed;
END;
$$;

REVOKE ALL ON FUNCTION victims_contact_log_delete_for_case(bigint) FROM PUBLIC;
"""

BACKWARD = """
DROP FUNCTION IF EXISTS victims_contact_log_delete_for_case(bigint);
CREATE OR REPLACE FUNCTION victims_contact_append_only() RETURNS trigger AS $$
BEGIN
    RAISE EXCEPTION 'the contact log cannot be changed: % is not allowed (log a correction)', TG_OP
        USING ERRCODE = 'insufficient_privilege';
END;
$$ LANGUAGE plpgsql;
"""


class Migration(migrations.Migration):
    dependencies = [
        ("victims", "0005_contact_log_no_truncate"),
        ("cases", "0006_retention_and_legal_hold"),
        ("audit", "0002_append_only"),
    ]

    operations = [migrations.RunSQL(FORWARD, BACKWARD)]
