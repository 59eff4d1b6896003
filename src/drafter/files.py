"""The one safe writer: private, all-or-nothing, never over an edit, never through a link.

Every pipeline that writes into a folder the attorney chose (the packet, its PDFs, the review's
counter-draft and report, ``drafter new``/``init``/``schema``) writes through this module.

Stable API (other pipelines call these; the signatures do not change):

- ``write_files(out_dir, items, force=False, manifest=MANIFEST, header=None) -> Written``:
  write a set of files into ``out_dir`` as one step. ``items`` are ``Item(name, data, meta)``
  (or ``(name, data)`` pairs). Returns what was written, the backups made and any interrupted
  write that was completed first.
- ``write_private(path, text)``: one owner-only file, replaced in one step.
- ``changed_since_written(out_dir, names, manifest)``: which of ``names`` were edited (or were
  never written by drafter); ``read_manifest``; ``sha256``.

How ``write_files`` keeps its promises:

1. Files are written first into a private staging folder inside ``out_dir``
   (``.drafter-stage-*``, owner-only), each created new (``O_EXCL``, ``O_NOFOLLOW``) and synced
   to disk. A failure here (disk full, read-only folder) removes the staging folder: nothing
   in ``out_dir`` changed.
2. A journal (``.ready``) is then written into the staging folder. From that moment the write
   is committed: if drafter is killed, the next write into the folder finishes it (with the
   same edit protection) before doing anything else.
3. A file that is not as drafter left it (edited, not written by drafter, a link, a folder) is
   never replaced: without ``force`` nothing is written; with ``force`` it is first moved (the
   entry itself, never what a link points to) into a new ``backup-YYYYmmdd-HHMMSS[-N]`` folder
   that did not exist before, so a backup never replaces anything.
4. Staged files are renamed into place, the manifest last. Renames replace the directory
   entry: a symlink planted at a draft's name is replaced, never followed.
5. The manifest lists every file drafter wrote that is still as drafter wrote it, so a partial
   run (``--only``) never forgets the other drafts.
"""

from __future__ import annotations

import datetime as dt
import errno
import hashlib
import json
import os
import re
import shutil
import stat
import tempfile
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from .errors import DrafterError, EditedFilesError

FILE_MODE = 0o600
DIR_MODE = 0o700
MANIFEST = "manifest.json"
STAGE_PREFIX = ".drafter-stage-"
PRIVATE_PREFIX = ".drafter-tmp-"
JOURNAL = ".ready"
# Temporary files left by drafter versions before the staging folder, and LibreOffice profiles.
_LEGACY_TEMP = re.compile(r"^\..+\.[A-Za-z0-9_]{8}\.tmp$")
_LEGACY_DIRS = (".lo-profile-",)
_NOFOLLOW = getattr(os, "O_NOFOLLOW", 0)
_BINARY = getattr(os, "O_BINARY", 0)


def sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


@dataclass
class Item:
    """One file to write: its name inside the folder, its bytes, and what the manifest says of it."""

    name: str
    data: bytes
    meta: dict = field(default_factory=dict)


@dataclass
class Written:
    files: list[Path]
    backups: list[Path] = field(default_factory=list)
    recovered: list[str] = field(default_factory=list)


ItemLike = Item | tuple


def _as_item(x: ItemLike) -> Item:
    if isinstance(x, Item):
        return x
    name, data, *meta = x
    return Item(name, data, dict(meta[0]) if meta else {})


def _check_name(name: str) -> None:
    if (not name or name != os.path.basename(name) or name in (".", "..") or name.startswith(".")
            or "\\" in name or "\x00" in name):
        raise DrafterError(f"refusing to write a file named {name!r}")


def _oserror(where: Path, e: OSError, tail: str) -> DrafterError:
    return DrafterError(f"cannot write in {where}: {e.strerror or e}{tail}")


def _write_new(path: Path, data: bytes) -> None:
    """Create ``path`` (it must not exist, and is never a link followed), owner-only, synced."""
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL | _NOFOLLOW | _BINARY, FILE_MODE)
    try:
        view = memoryview(data)
        while view:
            n = os.write(fd, view)
            view = view[n:]
        os.fsync(fd)
    finally:
        os.close(fd)


def _fsync_dir(folder: Path) -> None:
    try:
        fd = os.open(folder, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)


def make_folder(out_dir: Path) -> None:
    """Create ``out_dir`` (owner-only) and its parents; a problem becomes one line."""
    out_dir = Path(out_dir)
    if out_dir.exists() and not out_dir.is_dir():
        raise DrafterError(f"{out_dir} exists and is not a folder")
    try:
        out_dir.mkdir(parents=True, exist_ok=True, mode=DIR_MODE)
    except OSError as e:
        raise _oserror(out_dir, e, "; nothing was written") from None


def private_dir(out_dir: Path, prefix: str = PRIVATE_PREFIX) -> Path:
    """A new owner-only scratch folder inside ``out_dir`` (for example for LibreOffice); the
    caller removes it; a stale one is removed by the next ``write_files`` in the folder."""
    make_folder(out_dir)
    try:
        return Path(tempfile.mkdtemp(prefix=f"{prefix}{os.getpid()}-", dir=out_dir))
    except OSError as e:
        raise _oserror(out_dir, e, "") from None


def write_private(path: Path, text: str) -> None:
    """Write ``text`` to ``path`` (owner-only), replacing it in one step (no manifest)."""
    path = Path(path)
    folder = path.parent
    tmp = folder / f"{PRIVATE_PREFIX}{os.getpid()}-{os.urandom(4).hex()}"
    try:
        _write_new(tmp, text.encode("utf-8"))
        os.replace(tmp, path)
    except OSError as e:
        raise _oserror(folder, e, "; nothing was changed") from None
    finally:
        if os.path.lexists(tmp):
            os.unlink(tmp)


# --- the manifest ---------------------------------------------------------------------------

def _manifest_doc(out_dir: Path, manifest: str) -> dict:
    p = out_dir / manifest
    try:
        st = os.lstat(p)
    except FileNotFoundError:
        return {}
    except OSError as e:
        raise DrafterError(f"{p}: cannot read the manifest: {e.strerror}") from None
    if not stat.S_ISREG(st.st_mode) or st.st_size > 10_000_000:
        raise DrafterError(f"{p}: the manifest is not a file drafter wrote; move it away to write here")
    try:
        data = json.loads(p.read_text(encoding="utf-8"))
        for f in data.get("files", []):
            f["path"], f["sha256"]  # validate the shape (a KeyError or TypeError if wrong)
        return data
    except (ValueError, KeyError, TypeError, AttributeError, OSError):
        raise DrafterError(f"{p}: the manifest is not readable; move it away to write here") from None


def read_manifest(out_dir: Path, manifest: str = MANIFEST) -> dict[str, str]:
    """path -> sha256 of every file drafter last wrote in ``out_dir``."""
    return {f["path"]: f["sha256"] for f in _manifest_doc(Path(out_dir), manifest).get("files", [])}


def _disk_hash(path: Path) -> str | None:
    """The sha256 of a regular file (not followed through a link); None for anything else."""
    try:
        fd = os.open(path, os.O_RDONLY | _NOFOLLOW | _BINARY | getattr(os, "O_NONBLOCK", 0))
    except OSError:
        return None
    try:
        if not stat.S_ISREG(os.fstat(fd).st_mode):
            return None
        h = hashlib.sha256()
        while chunk := os.read(fd, 1 << 20):
            h.update(chunk)
        return h.hexdigest()
    finally:
        os.close(fd)


def changed_since_written(out_dir: Path, targets: Iterable[str], manifest: str = MANIFEST) -> list[str]:
    """Targets that exist but are not as drafter left them, that drafter never wrote, or that
    are not plain files (a link, a folder)."""
    out_dir = Path(out_dir)
    if not out_dir.is_dir():
        return []
    known = read_manifest(out_dir, manifest)
    changed = []
    for name in targets:
        p = out_dir / name
        if not os.path.lexists(p):
            continue
        if name not in known or _disk_hash(p) != known[name]:
            changed.append(name)
    return changed


# --- backups --------------------------------------------------------------------------------

def _new_backup_folder(out_dir: Path) -> Path:
    """A backup folder that did not exist before (so nothing in it can be replaced)."""
    base = f"backup-{dt.datetime.now():%Y%m%d-%H%M%S}"
    for n in range(1, 10_000):
        folder = out_dir / (base if n == 1 else f"{base}-{n}")
        try:
            os.mkdir(folder, DIR_MODE)
            return folder
        except FileExistsError:
            continue
    raise DrafterError(f"cannot make a backup folder in {out_dir}")


def back_up(out_dir: Path, names: list[str]) -> list[Path]:
    """Move ``names`` (the entries themselves, links not followed) into a new backup folder."""
    out_dir = Path(out_dir)
    names = [n for n in names if os.path.lexists(out_dir / n)]
    if not names:
        return []
    folder = _new_backup_folder(out_dir)
    moved = []
    for name in names:
        os.rename(out_dir / name, folder / name)   # folder is new and ours: nothing is replaced
        moved.append(folder / name)
    _fsync_dir(out_dir)
    return moved


# --- recovery -------------------------------------------------------------------------------

def _owned_dir(p: Path) -> bool:
    try:
        st = os.lstat(p)
    except OSError:
        return False
    return stat.S_ISDIR(st.st_mode) and (not hasattr(os, "getuid") or st.st_uid == os.getuid())


def _in_use(name: str) -> bool:
    """Is the process that made this staging or scratch folder still running (and not us)?"""
    m = re.match(r"\.drafter-(?:stage|tmp)-(\d+)-", name)
    if not m or int(m.group(1)) == os.getpid():
        return False
    try:
        os.kill(int(m.group(1)), 0)
    except ProcessLookupError:
        return False
    except (PermissionError, OSError):
        return True
    return True


def recover(out_dir: Path) -> list[str]:
    """Finish a write that was committed but interrupted (killed, power cut) and remove
    temporaries left by one that was not. Returns a note per thing done."""
    out_dir = Path(out_dir)
    notes: list[str] = []
    try:
        entries = sorted(os.listdir(out_dir))
    except OSError:
        return notes
    for name in entries:
        p = out_dir / name
        if name.startswith((STAGE_PREFIX, PRIVATE_PREFIX)) and _in_use(name):
            continue                      # another drafter process is writing here right now
        if name.startswith(STAGE_PREFIX) and _owned_dir(p):
            journal = p / JOURNAL
            if os.path.lexists(journal):
                notes += _roll_forward(out_dir, p)
            else:
                notes.append(f"removed an unfinished write ({name})")
            shutil.rmtree(p, ignore_errors=True)
        elif (name.startswith(PRIVATE_PREFIX) or name.startswith(_LEGACY_DIRS)) and _owned_dir(p):
            shutil.rmtree(p, ignore_errors=True)
            notes.append(f"removed a stale temporary folder ({name})")
        elif (_LEGACY_TEMP.match(name) or name.startswith(PRIVATE_PREFIX)) and os.path.isfile(p) \
                and not os.path.islink(p):
            os.unlink(p)
            notes.append(f"removed a stale temporary file ({name})")
    return notes


def _roll_forward(out_dir: Path, stage: Path) -> list[str]:
    try:
        journal = json.loads((stage / JOURNAL).read_text(encoding="utf-8"))
        order: list[str] = journal["order"]
        before: dict[str, str] = journal["before"]
        staged: dict[str, str] = journal["staged"]
        manifest: str = journal["manifest"]
    except (OSError, ValueError, KeyError, TypeError):
        return [f"removed an unreadable interrupted write ({stage.name})"]
    pending = [n for n in order if os.path.lexists(stage / n)]
    unsafe = []
    for n in pending:
        target = out_dir / n
        if n == manifest:
            continue
        if os.path.lexists(target) and _disk_hash(target) not in (before.get(n), staged.get(n)):
            unsafe.append(n)
    backups = back_up(out_dir, unsafe)
    for n in pending:
        os.replace(stage / n, out_dir / n)
    _fsync_dir(out_dir)
    notes = [f"finished an interrupted write ({len(pending)} files)"]
    notes += [f"kept {b} (changed during the interrupted write)" for b in backups]
    return notes


# --- the writer -----------------------------------------------------------------------------

def _manifest_bytes(old: dict, header: dict | None, items: list[Item], out_dir: Path) -> bytes:
    """The new manifest: this write's files, then every earlier entry still true to disk."""
    entries = [{"path": it.name, **it.meta, "sha256": sha256(it.data)} for it in items]
    names = {it.name for it in items}
    for f in sorted(old.get("files", []), key=lambda f: f["path"]):
        if f["path"] in names or not os.path.lexists(out_dir / f["path"]):
            continue
        entries.append(f)
    data = dict(header or {})
    data["files"] = entries
    return (json.dumps(data, indent=2, ensure_ascii=False) + "\n").encode("utf-8")


def write_files(out_dir: Path, items: Sequence[ItemLike], force: bool = False,
                manifest: str | None = MANIFEST, header: dict | None = None,
                unchecked: Iterable[str] = ()) -> Written:
    """Write ``items`` into ``out_dir`` as one step (see the module docstring).

    Files that would be replaced without ``force`` raise ``EditedFilesError``, whichever command
    writes. Names in ``unchecked`` (a ledger drafter updates
    in place) are written atomically but neither edit-checked nor listed in the manifest. With
    ``manifest=None`` no manifest is kept and nothing is edit-checked (the caller has checked)."""
    out_dir = Path(out_dir)
    files = [_as_item(x) for x in items]
    for it in files:
        _check_name(it.name)
    if len({it.name.casefold() for it in files}) != len(files):
        raise DrafterError("two files of one write have the same name")
    unchecked = set(unchecked)
    make_folder(out_dir)
    recovered = recover(out_dir)
    old = _manifest_doc(out_dir, manifest) if manifest else {}
    known = {f["path"]: f["sha256"] for f in old.get("files", [])}
    names = [it.name for it in files]
    edited = [n for n in names if manifest and n not in unchecked and os.path.lexists(out_dir / n)
              and (n not in known or _disk_hash(out_dir / n) != known[n])]
    if manifest and os.path.lexists(out_dir / manifest) and not os.path.isfile(out_dir / manifest):
        raise DrafterError(f"{out_dir / manifest}: the manifest is not a file drafter wrote; move it away")
    if edited and not force:
        raise EditedFilesError([str(out_dir / e) for e in edited])
    listed = [it for it in files if it.name not in unchecked]
    manifest_data = _manifest_bytes(old, header, listed, out_dir) if manifest else b""
    try:
        stage = Path(tempfile.mkdtemp(prefix=f"{STAGE_PREFIX}{os.getpid()}-", dir=out_dir))
    except OSError as e:
        raise _oserror(out_dir, e, "; nothing was changed") from None
    try:
        for it in files:
            _write_new(stage / it.name, it.data)
        order = list(names)
        staged = {it.name: sha256(it.data) for it in files}
        if manifest:
            _write_new(stage / manifest, manifest_data)
            order.append(manifest)
            staged[manifest] = sha256(manifest_data)
        journal = {"order": order, "before": known, "manifest": manifest or "", "staged": staged}
        _write_new(stage / JOURNAL, json.dumps(journal).encode("utf-8"))
        _fsync_dir(stage)
    except OSError as e:
        shutil.rmtree(stage, ignore_errors=True)
        raise _oserror(out_dir, e, "; nothing was changed") from None
    # Committed: from here on an interruption is finished by the next run.
    try:
        backups = back_up(out_dir, edited)
        for n in order:
            os.replace(stage / n, out_dir / n)
        _fsync_dir(out_dir)
    except OSError as e:
        raise _oserror(out_dir, e, f"; the write was interrupted and will be completed by the next "
                                   f"run (staged in {stage})") from None
    shutil.rmtree(stage, ignore_errors=True)
    return Written([out_dir / n for n in names], backups, recovered)


def atomic_write_all(out_dir: Path, items: list[tuple[str, bytes]]) -> None:
    """Compatibility: write ``items`` as one step with no manifest and no edit check (the caller
    checked edits and writes its own manifest among ``items``). Prefer ``write_files``."""
    write_files(out_dir, items, force=True, manifest=None)


def read_capped(path: Path, max_bytes: int, what: str = "file") -> bytes:
    """Read a regular file of at most ``max_bytes``: no FIFOs, devices or folders (they would
    hang or never end), the size checked with ``fstat`` before reading, the read capped."""
    path = Path(path)
    try:
        fd = os.open(path, os.O_RDONLY | _BINARY | getattr(os, "O_NONBLOCK", 0))
    except FileNotFoundError:
        raise DrafterError(f"{path}: no such file") from None
    except IsADirectoryError:
        raise DrafterError(f"{path}: this is a folder, not a {what}") from None
    except OSError as e:
        if e.errno == errno.ENXIO:
            raise DrafterError(f"{path}: this is not a regular file") from None
        raise DrafterError(f"{path}: cannot read this file: {e.strerror}") from None
    try:
        st = os.fstat(fd)
        if stat.S_ISDIR(st.st_mode):
            raise DrafterError(f"{path}: this is a folder, not a {what}")
        if not stat.S_ISREG(st.st_mode):
            raise DrafterError(f"{path}: this is not a regular file (a pipe, device or socket); "
                               f"give a saved {what}")
        if st.st_size > max_bytes:
            raise DrafterError(f"{path}: the file is too large ({st.st_size:,} bytes; at most {max_bytes:,})")
        chunks, total = [], 0
        while total <= max_bytes:
            chunk = os.read(fd, min(1 << 20, max_bytes + 1 - total))
            if not chunk:
                break
            chunks.append(chunk)
            total += len(chunk)
        if total > max_bytes:
            raise DrafterError(f"{path}: the file is too large (more than {max_bytes:,} bytes)")
        return b"".join(chunks)
    except OSError as e:
        raise DrafterError(f"{path}: cannot read this file: {e.strerror}") from None
    finally:
        os.close(fd)
