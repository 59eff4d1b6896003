"""drafter's per-user cache folder: where it is, and whether it may be used.

Only what drafter derives from its own code, templates and clause files is kept there (the
compiled form of the Word templates, the clause library as read from the bundled and house
clause files), never a matter, a fact, a clause rendered for a client or a draft; the folder is
the user's own, away from any matter or output folder.

Where: the folder named by ``DRAFTER_CACHE_DIR`` if that is set (set it to ``off``, or to
nothing, to use no cache at all); otherwise ``%LOCALAPPDATA%\\drafter\\Cache`` on Windows,
``~/Library/Caches/drafter`` on macOS and ``$XDG_CACHE_HOME/drafter`` (by default
``~/.cache/drafter``) elsewhere.

A folder that cannot be made, or (POSIX) is not owned by the user or may be written by others,
means no cache: drafter then compiles what it needs each time, a little slower, never wrong.
"""

from __future__ import annotations

import contextlib
import os
import stat
import sys
from pathlib import Path

ENV = "DRAFTER_CACHE_DIR"


def base_dir() -> Path | None:
    """The cache folder drafter would use (not created here); None when caching is off."""
    value = os.environ.get(ENV)
    if value is not None:
        value = value.strip()
        return None if value.lower() in ("", "off", "0", "no", "none") else Path(value).expanduser()
    home = Path.home()
    if sys.platform == "win32":
        local = os.environ.get("LOCALAPPDATA")
        return (Path(local) if local else home / "AppData" / "Local") / "drafter" / "Cache"
    if sys.platform == "darwin":
        return home / "Library" / "Caches" / "drafter"
    xdg = os.environ.get("XDG_CACHE_HOME", "").strip()
    root = Path(xdg) if xdg and Path(xdg).is_absolute() else home / ".cache"
    return root / "drafter"


def folder(name: str) -> Path | None:
    """The usable cache subfolder ``name`` (made, private to the user), or None."""
    try:
        base = base_dir()
        if base is None:
            return None
        base.mkdir(mode=0o700, parents=True, exist_ok=True)
        if not _private(base):
            return None
        path = base / name
        path.mkdir(mode=0o700, exist_ok=True)
        return path if _private(path) else None
    except (OSError, RuntimeError, ValueError):    # RuntimeError: no home folder to be found
        return None


def _private(path: Path) -> bool:
    """A real folder (not a link) that only its owner, the current user, may write to."""
    st = path.lstat()
    if not stat.S_ISDIR(st.st_mode):
        return False
    if hasattr(os, "getuid"):
        return st.st_uid == os.getuid() and not st.st_mode & (stat.S_IWGRP | stat.S_IWOTH)
    return True


# --- stored results ------------------------------------------------------------------------------
# A result drafter derived from files it reads (the clause library from the clause files) is
# stored with the key it was made under; it is used only when the key matches exactly, so an
# edited file or another version of drafter's code makes it again.

def code_fingerprint(*modules: str) -> str:
    """A digest of the Python version and the source of the given drafter modules ("law.clauses")."""
    import hashlib

    digest = hashlib.sha256(sys.version.encode("utf-8"))
    package = Path(__file__).resolve().parent
    for name in modules:
        digest.update((package / (name.replace(".", "/") + ".py")).read_bytes())
    return digest.hexdigest()


def load(kind: str, slot: str, key: object) -> object | None:
    """The result stored in ``slot`` under exactly ``key``, or None."""
    import pickle

    where = folder(kind)
    if where is None:
        return None
    try:
        with open(where / f"{_name(slot)}.pickle", "rb") as fh:
            stored_key, value = pickle.load(fh)  # noqa: S301 - the user's own private folder
    except Exception:  # noqa: BLE001 - missing, unreadable or damaged: only a miss
        return None
    return value if stored_key == key else None


def store(kind: str, slot: str, key: object, value: object) -> None:
    """Store ``value`` under ``key`` in ``slot`` (replacing what was there); failures are silent."""
    import pickle
    import tempfile

    where = folder(kind)
    if where is None:
        return
    target = where / f"{_name(slot)}.pickle"
    try:
        fd, tmp = tempfile.mkstemp(dir=where, prefix=target.name, suffix=".tmp")
        try:
            with os.fdopen(fd, "wb") as fh:
                pickle.dump((key, value), fh, protocol=pickle.HIGHEST_PROTOCOL)
            os.replace(tmp, target)
        except BaseException:
            with contextlib.suppress(OSError):
                os.unlink(tmp)
            raise
    except (OSError, pickle.PicklingError, RecursionError):
        pass


def _name(slot: str) -> str:
    import hashlib

    return hashlib.sha256(slot.encode("utf-8")).hexdigest()[:32]
