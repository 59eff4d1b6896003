"""Writing files the way attorney work product needs: private, atomic, never over an edit.

Shared by the packet writer, the review writer, ``drafter new`` and ``drafter init``.
"""

from __future__ import annotations

import hashlib
import json
import os
import tempfile
from pathlib import Path

from .errors import DrafterError

FILE_MODE = 0o600
DIR_MODE = 0o700
MANIFEST = "manifest.json"


def sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def write_private(path: Path, text: str) -> None:
    """Write ``text`` to ``path`` (owner-only), replacing it in one step."""
    atomic_write_all(path.parent, [(path.name, text.encode("utf-8"))])


def atomic_write_all(out_dir: Path, items: list[tuple[str, bytes]]) -> None:
    """Write each file to a temporary sibling (owner-only), then rename them all into place;
    on any failure the temporary files are removed and existing files stay as they were."""
    temps: list[tuple[Path, Path]] = []
    try:
        for name, data in items:
            fd, tmp = tempfile.mkstemp(prefix=f".{name}.", suffix=".tmp", dir=out_dir)
            with os.fdopen(fd, "wb") as fh:
                fh.write(data)
                fh.flush()
                os.fsync(fh.fileno())
            os.chmod(tmp, FILE_MODE)
            temps.append((Path(tmp), out_dir / name))
        for tmp, final in temps:
            os.replace(tmp, final)
    except OSError as e:
        raise DrafterError(f"cannot write in {out_dir}: {e.strerror or e}; nothing was changed") from None
    finally:
        for tmp, _ in temps:
            if tmp.exists():
                tmp.unlink()


def read_manifest(out_dir: Path, manifest: str = MANIFEST) -> dict[str, str]:
    """path -> sha256 of every file drafter last wrote in ``out_dir``."""
    p = out_dir / manifest
    if not p.is_file():
        return {}
    try:
        data = json.loads(p.read_text(encoding="utf-8"))
        return {f["path"]: f["sha256"] for f in data.get("files", [])}
    except (ValueError, KeyError, TypeError, AttributeError, OSError):
        raise DrafterError(f"{p}: the manifest is not readable; move it away to write here") from None


def changed_since_written(out_dir: Path, targets: list[str], manifest: str = MANIFEST) -> list[str]:
    """Targets that exist but are not as drafter left them, or that drafter never wrote."""
    if not out_dir.is_dir():
        return []
    known = read_manifest(out_dir, manifest)
    changed = []
    for name in targets:
        p = out_dir / name
        if not p.exists():
            continue
        if name not in known or not p.is_file() or sha256(p.read_bytes()) != known[name]:
            changed.append(name)
    return changed


def back_up(out_dir: Path, names: list[str]) -> list[Path]:
    """Move ``names`` into a dated ``backup-YYYYmmdd-HHMMSS`` folder inside ``out_dir``."""
    import datetime as dt
    import shutil

    if not names:
        return []
    folder = out_dir / f"backup-{dt.datetime.now():%Y%m%d-%H%M%S}"
    folder.mkdir(exist_ok=True, mode=DIR_MODE)
    moved = []
    for name in names:
        shutil.move(str(out_dir / name), str(folder / name))
        moved.append(folder / name)
    return moved
