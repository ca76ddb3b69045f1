"""Complainants: identity, anonymity, and (later) their rights and contact log.

A complainant of a sexual offence has lifelong anonymity in law. The identity
fields here are shown only to the OIC, police officers granted the case and
the allocated prosecutor (``victims.selectors.identity_visible_to``);
everywhere else a complainant is their pseudonym, C1, C2, within the case.
"""

from __future__ import annotations

from django.db import models

from cases.models import CaseFile


class Complainant(models.Model):
    case = models.ForeignKey(CaseFile, on_delete=models.CASCADE, related_name="complainants")
    # C1, C2, ... in the order added; never reused within a case.
    pseudonym = models.CharField(max_length=6)
    first_names = models.CharField(max_length=100)
    last_name = models.CharField(max_length=100)
    date_of_birth = models.DateField(null=True, blank=True)
    address = models.TextField(blank=True, default="")
    phone = models.CharField(max_length=30, blank=True, default="")
    email = models.EmailField(blank=True, default="")
    # Every RASSO complainant has enhanced rights under the Victims' Code
    # unless they opt out.
    enhanced_rights = models.BooleanField(default=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["case", "id"]
        constraints = [
            models.UniqueConstraint(fields=["case", "pseudonym"], name="complainant_pseudonym")
        ]

    def __str__(self) -> str:
        # The pseudonym, never the name: __str__ ends up in logs and the admin.
        return f"{self.case.urn} {self.pseudonym}" if self.case_id else self.pseudonym
