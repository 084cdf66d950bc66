# Sourced by bin/run and bin/test: create the virtualenv and install requirements when they changed.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
PYTHON="${PYTHON:-python3}"
if [ ! -x .venv/bin/python ]; then
    echo "==> Creating virtualenv in .venv"
    "$PYTHON" -m venv .venv
fi
stamp=".venv/.installed-$(cat requirements.txt requirements-dev.txt | sha256sum | cut -c1-16)"
if [ ! -f "$stamp" ]; then
    echo "==> Installing requirements (first run only)"
    .venv/bin/python -m pip install --quiet --upgrade pip 2>&1 | grep -v "is ignored" || true
    .venv/bin/python -m pip install --quiet -r requirements-dev.txt 2>&1 | grep -v "is ignored" || true
    .venv/bin/python -c "import django, celery, pytest" || { echo "Installing requirements failed" >&2; exit 1; }
    rm -f .venv/.installed-*
    touch "$stamp"
fi

# port_open HOST PORT: true when something listens there.
port_open() {
    .venv/bin/python - "$1" "$2" <<'PY'
import socket, sys
s = socket.socket(); s.settimeout(1)
sys.exit(0 if s.connect_ex((sys.argv[1], int(sys.argv[2]))) == 0 else 1)
PY
}
