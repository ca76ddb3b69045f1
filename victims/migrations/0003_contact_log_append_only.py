"""Make the contact log append-only in the database itself.

What the complainant was told, and when, is evidence of the Victims' Code
being kept: a row trigger raises on every UPDATE and DELETE of a contact,
whoever issues it. A correction is a new entry naming the one it corrects.
"""

from __future__ import annotations

from django.db import migrations

FORWARD = """
CREATE FUNCTION victims_contact_append_only() RETURNS trigger AS $$
BEGIN
    RAISE EXCEPTION 'the contact log cannot be changed: % is not allowed (log a correction)', TG_OP
        USING ERRCODE = 'insufficient_privilege';
END;
$$ LANGUAGE plpgsql;

CREATE TRIGGER victims_contact_append_only
    BEFORE UPDATE OR DELETE ON victims_contact
    FOR EACH ROW EXECUTE FUNCTION victims_contact_append_only();

CREATE TRIGGER victims_contact_communicated_append_only
    BEFORE UPDATE OR DELETE ON victims_contact_communicated
    FOR EACH ROW EXECUTE FUNCTION victims_contact_append_only();
"""

BACKWARD = """
DROP TRIGGER IF EXISTS victims_contact_communicated_append_only ON victims_contact_communicated;
DROP TRIGGER IF EXISTS victims_contact_append_only ON victims_contact;
DROP FUNCTION IF EXISTS victims_contact_append_only();
"""


class Migration(migrations.Migration):
    dependencies = [("victims", "0002_complainant_record_contacts_letters_reviews")]

    operations = [migrations.RunSQL(FORWARD, BACKWARD)]
