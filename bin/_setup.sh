# Sourced by bin/run and bin/test: create the virtualenv and install the locked requirements
# (requirements-dev.lock, hashes checked) when the lock changed. Fails loudly: a stale lock or a failed
# install stops here with pip's own error, and the "installed" stamp is written only after success.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
PYTHON="${PYTHON:-python3}"
"$PYTHON" bin/_lockhash.py --check   # requirements*.txt changed without `bin/lock`: say so and stop
if [ ! -x .venv/bin/python ]; then
    echo "==> Creating virtualenv in .venv"
    "$PYTHON" -m venv .venv
fi
stamp=".venv/.installed-$(sha256sum requirements-dev.lock | cut -c1-16)"
if [ ! -f "$stamp" ]; then
    echo "==> Installing requirements-dev.lock into .venv (first run or changed lock; pip's output follows)"
    rm -f .venv/.installed-*
    # (Only pip's notes about absent local package folders of some machines' pip config are left out.)
    set +e
    .venv/bin/python -m pip install --require-hashes --progress-bar off -r requirements-dev.lock 2>&1 \
        | grep --line-buffered -v "^WARNING: Location '.*' is ignored: it is neither a file nor a directory"
    pip_status=${PIPESTATUS[0]}
    set -e
    if [ "$pip_status" != 0 ]; then
        echo "ERROR: installing requirements-dev.lock failed (pip's message above); nothing was marked installed." >&2
        exit 1
    fi
    .venv/bin/python -c "import django, celery, pytest" \
        || { echo "ERROR: the install finished but django/celery/pytest do not import" >&2; exit 1; }
    touch "$stamp"
    echo "==> Requirements installed"
fi

# port_open HOST PORT: true when something listens there.
port_open() {
    .venv/bin/python - "$1" "$2" <<'PY'
import socket, sys
s = socket.socket(); s.settimeout(1)
sys.exit(0 if s.connect_ex((sys.argv[1], int(sys.argv[2]))) == 0 else 1)
PY
}
