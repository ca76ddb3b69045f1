"""Print the authenticator app's code of the moment for a TOTP secret (base32),
as a phone would show it: ``python -m rasso.accounts.totp <secret>``.

For the demo accounts, whose secrets are published in demo-accounts.json
with their passwords, and for tests; a real account's secret is never shown
after enrolment.
"""

from __future__ import annotations

import base64
import sys

from django_otp.oath import totp


def code_for(secret: str, drift: int = 0) -> str:
    """The 6-digit code for ``secret`` (base32, spaces allowed) now, or
    ``drift`` 30-second steps from now (a code, once used, is not accepted
    again: the next one is ``drift=1``, which the service also accepts)."""
    key = base64.b32decode("".join(secret.split()).upper())
    return f"{totp(key, drift=drift):06d}"


if __name__ == "__main__":  # pragma: no cover
    if len(sys.argv) != 2:
        sys.exit("usage: python -m rasso.accounts.totp <base32 secret>")
    print(code_for(sys.argv[1]))
