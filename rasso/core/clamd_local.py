"""A ClamAV daemon of our own, for development (`make run`) and the tests.

`python -m rasso.core.clamd_local DIRECTORY` writes DIRECTORY/clamd.conf and
runs Debian's clamd with it in the foreground, listening on
DIRECTORY/clamd.sock (the socket `make run` gives the application as
CLAMD_SOCKET). It uses the signatures freshclam keeps in /var/lib/clamav when
there are any; otherwise (our machines cannot download them) a database of one
signature of ours, which detects the EICAR test file and nothing else.
Deployments run ClamAV's own image instead (docker-compose.yml).
"""

from __future__ import annotations

import os
import shutil
import sys
from pathlib import Path

# The EICAR anti-virus test file: harmless, and detected by every scanner.
EICAR = rb"X5O!P%@AP[4\PZX54(P^)7CC)7}$EICAR-STANDARD-ANTIVIRUS-TEST-FILE!$H+H*"
# A ClamAV body signature (.ndb: name, target any, offset anywhere, hex bytes).
EICAR_SIGNATURE = f"Rasso.Test.EICAR:0:*:{EICAR.hex()}\n"
SYSTEM_DATABASE = Path("/var/lib/clamav")


def has_signatures(directory: Path) -> bool:
    """Whether ``directory`` holds ClamAV databases (freshclam's .cvd or .cld)."""
    return directory.is_dir() and any(
        path.suffix in {".cvd", ".cld"} for path in directory.iterdir()
    )


def write_config(
    directory: Path,
    *,
    database: Path | None = None,
    tcp_port: int | None = None,
    stream_max_length: str = "100M",
) -> Path:
    """Write ``directory``/clamd.conf (and, without ``database``, our own
    one-signature database beside it); return the config's path."""
    directory.mkdir(parents=True, exist_ok=True)
    if database is None:
        database = directory / "signatures"
        database.mkdir(exist_ok=True)
        (database / "rasso-test.ndb").write_text(EICAR_SIGNATURE)
    lines = [
        f"LocalSocket {directory / 'clamd.sock'}",
        "FixStaleSocket yes",
        f"DatabaseDirectory {database}",
        f"PidFile {directory / 'clamd.pid'}",
        f"LogFile {directory / 'clamd.log'}",
        "LogClean yes",
        "Foreground yes",
        f"TemporaryDirectory {directory}",
        f"StreamMaxLength {stream_max_length}",
        # A file too big to scan whole is flagged, not passed unscanned.
        "MaxFileSize 300M",
        "MaxScanSize 400M",
        "AlertExceedsMax yes",
        "SelfCheck 0",
    ]
    if tcp_port is not None:
        lines += ["TCPAddr 127.0.0.1", f"TCPSocket {tcp_port}"]
    config = directory / "clamd.conf"
    config.write_text("\n".join(lines) + "\n")
    return config


def main(argv: list[str]) -> None:
    if len(argv) != 2:
        sys.exit("usage: python -m rasso.core.clamd_local DIRECTORY")
    clamd = shutil.which("clamd") or shutil.which("clamd", path="/usr/sbin:/sbin")
    if clamd is None:
        sys.exit("clamd is not installed (make clamav installs Debian's clamav-daemon)")
    directory = Path(argv[1]).resolve()
    database = SYSTEM_DATABASE if has_signatures(SYSTEM_DATABASE) else None
    if database is None:
        print(
            f"clamd: no downloaded signatures in {SYSTEM_DATABASE}; "
            "this clamd detects only the EICAR test file",
            flush=True,
        )
    megabytes = int(os.environ.get("DOCUMENT_MAX_MB", "50") or 50)
    config = write_config(directory, database=database, stream_max_length=f"{megabytes + 1}M")
    os.execv(clamd, [clamd, "--config-file", str(config), "--foreground"])  # noqa: S606


if __name__ == "__main__":
    main(sys.argv)
