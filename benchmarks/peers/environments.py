"""The peers' virtualenvs (.venvs/<peer>, git-ignored), made from PyPI at run time; a Python 3.12 for django-literature.

Nothing of the peers is committed: only the pinned requirements beside this file.
"""

import fcntl
import glob
import hashlib
import os
import shutil
import subprocess
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
VENVS = HERE / ".venvs"
# The oldest Python each peer runs on: django-literature's page app (literature.ui, django-mvp) needs 3.12.
NEEDS = {"publications": (3, 10), "literature": (3, 12)}


def _version(python):
    """(major, minor) of a Python executable, or None if it does not run (e.g. a pyenv shim with no such version)."""
    try:
        run = subprocess.run(
            [python, "-c", "import sys; print(*sys.version_info[:2])"], capture_output=True, text=True, timeout=30
        )
    except OSError:
        return None
    if run.returncode != 0:
        return None
    major, minor = run.stdout.split()
    return int(major), int(minor)


def candidates():
    """Where a newcomer's machine may have a newer Python, in the order tried."""
    found = [sys.executable]
    found += [shutil.which(f"python3.{minor}") for minor in range(12, 16)]
    pyenv = Path(os.environ.get("PYENV_ROOT") or Path.home() / ".pyenv")
    found += sorted(glob.glob(str(pyenv / "versions" / "3.1[2-9]*" / "bin" / "python3")))
    found += ["/usr/bin/python3", "/usr/local/bin/python3"]
    return [path for path in dict.fromkeys(found) if path]


def find_python(peer):
    """(path of a Python new enough for `peer`, None) or (None, why there is none).

    PEERS_PYTHON312 (any Python 3.12 or newer) wins when set; it must then work.
    """
    need = NEEDS[peer]
    wanted = ".".join(map(str, need))
    chosen = os.environ.get("PEERS_PYTHON312") if need >= (3, 12) else None
    if chosen:
        version = _version(chosen)
        if version is None or version < need:
            return None, f"PEERS_PYTHON312={chosen} is not a working Python {wanted} or newer"
        return chosen, None
    for python in candidates():
        version = _version(python)
        if version and version >= need:
            return python, None
    return None, (
        f"no Python {wanted} or newer found (tried {', '.join(candidates())}); "
        f"install one and set PEERS_PYTHON312=/path/to/python3.12"
    )


def requirements(peer):
    return HERE / f"requirements-{peer}.txt"


def venv_python(peer):
    return VENVS / peer / "bin" / "python"


def ensure_venv(peer, log=print):
    """The peer's virtualenv Python, made and installed if missing or stale; (None, reason) when it cannot be."""
    python, reason = find_python(peer)
    if python is None:
        return None, reason
    wanted = hashlib.sha256(requirements(peer).read_bytes() + python.encode()).hexdigest()
    stamp = VENVS / peer / ".installed"
    VENVS.mkdir(exist_ok=True)
    with open(VENVS / f".{peer}.lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)  # two runs at once must not rebuild a virtualenv the other is using
        if stamp.exists() and stamp.read_text() == wanted and venv_python(peer).exists():
            return venv_python(peer), None
        log(f"installing {peer} into {VENVS / peer} with {python} (from PyPI, about 30 s)")
        shutil.rmtree(VENVS / peer, ignore_errors=True)
        subprocess.run([python, "-m", "venv", str(VENVS / peer)], check=True)
        pip = [str(venv_python(peer)), "-m", "pip", "install", "--quiet", "--disable-pip-version-check"]
        subprocess.run([*pip, "-r", str(requirements(peer))], check=True)
        stamp.write_text(wanted)
    return venv_python(peer), None
