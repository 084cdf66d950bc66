"""The fingerprint of requirements.txt + requirements-dev.txt that the lock files carry (bin/lock writes it,
bin/_setup.sh compares it). Comments, blank lines and spacing do not count: only the requirements do.

    python3 bin/_lockhash.py            # prints the fingerprint of the current requirements*.txt
    python3 bin/_lockhash.py --check    # exit 1 with a message when a lock file carries another one
"""

import hashlib
import re
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
INPUTS = ["requirements.txt", "requirements-dev.txt"]
LOCKS = ["requirements.lock", "requirements-dev.lock"]
MARK = "# requirements-sha256: "


def fingerprint() -> str:
    digest = hashlib.sha256()
    for name in INPUTS:
        digest.update(f"--- {name}\n".encode())
        for line in (ROOT / name).read_text().splitlines():
            line = re.sub(r"(^|\s)#.*$", "", line).strip()
            if line:
                digest.update(re.sub(r"\s+", " ", line).encode() + b"\n")
    return digest.hexdigest()[:32]


def recorded(lock: Path) -> str | None:
    if not lock.exists():
        return None
    for line in lock.read_text().splitlines()[:10]:
        if line.startswith(MARK):
            return line[len(MARK) :].strip()
    return None


def check() -> int:
    current = fingerprint()
    stale = [name for name in LOCKS if recorded(ROOT / name) != current]
    if not stale:
        return 0
    print(
        f"ERROR: {' and '.join(stale)} do not match requirements.txt / requirements-dev.txt "
        "(a requirement was changed, added or removed after the lock was made, or the lock is missing).\n"
        "       Regenerate the lock files with `bin/lock` (a few seconds) and commit them with the change.",
        file=sys.stderr,
    )
    return 1


if __name__ == "__main__":
    sys.exit(check() if "--check" in sys.argv[1:] else print(fingerprint()))
