"""The firm's profile (``drafter.yaml``), found from the matter's folder upwards.

Contract: ``shared/spec/workspace.md``. Without a workspace the bundled demo firm applies, and
every draft says so.
"""

from __future__ import annotations

import os
import re
import stat
from dataclasses import dataclass
from pathlib import Path

from pydantic import BaseModel, ConfigDict, Field, ValidationError

from ..environment import gap
from ..errors import DataError, Problem
from . import yamlfile
from .matter import Matter
from .validation import validation_problems

WORKSPACE_FILE = "drafter.yaml"
DEFAULT_MARK = "DRAFT — FOR ATTORNEY REVIEW"
DEFAULT_LEGEND = ("PRIVILEGED & CONFIDENTIAL — ATTORNEY-CLIENT COMMUNICATION / "
                  "ATTORNEY WORK PRODUCT")


class _M(BaseModel):
    model_config = ConfigDict(extra="forbid", coerce_numbers_to_str=True, frozen=True)


class FirmModel(_M):
    name: str = Field(min_length=1)
    address: list[str] | str = []
    phone: str | None = None
    email: str | None = None
    website: str | None = None


class AttorneyModel(_M):
    name: str = Field(min_length=1)
    bar_number: str | None = None
    email: str | None = None
    phone: str | None = None


class DraftsModel(_M):
    mark: str = DEFAULT_MARK
    privilege_legend: str = DEFAULT_LEGEND


class WorkspaceModel(_M):
    firm: FirmModel
    attorney: AttorneyModel
    clauses: str | None = None
    templates: str | None = None
    drafts: DraftsModel = DraftsModel()


DEMO = WorkspaceModel(
    firm=FirmModel(
        name="Demo Defense Firm (bundled example — set up drafter.yaml)",
        address=["100 Example Street, Suite 100", "Miami, FL 33131"],
        phone="(305) 555-0100", email="office@example.com",
    ),
    attorney=AttorneyModel(name="Demo Attorney", bar_number="000000",
                           email="attorney@example.com", phone="(305) 555-0101"),
)


@dataclass
class Workspace:
    """The firm settings in force for a matter."""

    model: WorkspaceModel
    path: Path | None = None
    clauses_dir: Path | None = None
    templates_dir: Path | None = None
    demo: bool = False

    @property
    def mark(self) -> str:
        return self.model.drafts.mark

    @property
    def legend(self) -> str:
        return self.model.drafts.privilege_legend

    def describe(self) -> str:
        return f"workspace {self.path}" if self.path else "the bundled demo firm (no drafter.yaml found)"

    def placeholders(self) -> list[str]:
        """The firm profile's values still in [square brackets] (left by ``drafter init``)."""
        f, a = self.model.firm, self.model.attorney
        address = [f.address] if isinstance(f.address, str) else list(f.address)
        values = [f.name, *address, f.phone, f.email, f.website, a.name, a.bar_number, a.email, a.phone]
        return [m.group(1) for v in values if isinstance(v, str) and (m := _PLACEHOLDER.match(v.strip()))]

    def firm_context(self) -> dict:
        f = self.model.firm
        address = [f.address] if isinstance(f.address, str) else list(f.address)
        return {"name": _fill(f.name), "address_lines": [_fill(x) for x in address], "phone": _fill(f.phone),
                "email": _fill(f.email), "website": _fill(f.website)}

    def attorney_context(self, matter: Matter | None = None) -> dict:
        """The signing attorney: the matter's ``defense.attorney`` overrides the profile."""
        firm = self.firm_context()
        a = self.model.attorney
        out = {"name": _fill(a.name), "bar_number": _fill(a.bar_number), "email": _fill(a.email),
               "phone": _fill(a.phone),
               "firm": firm["name"], "address_lines": firm["address_lines"]}
        override = matter.defense.attorney if matter and matter.defense else None
        if override is not None:
            out.update(name=override.name, bar_number=override.bar_number, email=override.email,
                       phone=override.phone or firm["phone"])
            if override.firm:
                out["firm"] = override.firm
            if override.address:
                out["address_lines"] = [s.strip() for s in override.address.split(";") if s.strip()] \
                    if ";" in override.address else [override.address]
        return out


_PLACEHOLDER = re.compile(r"^\[([^\[\]]+)\]$")


def _fill(value: str | None) -> str | None:
    """A profile value still in [brackets] becomes a highlighted gap, listed on the checklist."""
    if isinstance(value, str):
        m = _PLACEHOLDER.match(value.strip())
        if m:
            return gap(m.group(1).upper())
    return value


STOP_MARKERS = (".git", ".hg", ".drafter-root")


def _writable_by_others(mode: int) -> bool:
    return bool(mode & (stat.S_IWGRP | stat.S_IWOTH))


def search_folders(folder: Path) -> list[Path]:
    """The folders searched for a profile, from ``folder`` upwards. The search stops at (and
    includes) the user's home folder, a repository root (a folder holding ``.git`` or ``.hg``)
    or a folder holding a ``.drafter-root`` marker; it never enters a folder that others may
    write to (``/tmp``, a shared drive's root), where anyone could plant a profile."""
    try:
        home = Path.home().resolve()
    except (RuntimeError, OSError):
        home = None
    out = []
    for candidate in (folder, *folder.parents):
        try:
            st = candidate.stat()
        except OSError:
            break
        if _writable_by_others(st.st_mode) and candidate != folder:
            break
        out.append(candidate)
        if candidate == home or any((candidate / m).exists() for m in STOP_MARKERS):
            break
    return out


def check_owner(path: Path) -> None:
    """Refuse a profile someone else could have written: not owned by the user (or root), or
    writable by the group or others."""
    try:
        st = path.stat()
    except OSError as e:
        raise DataError.single(path, f"cannot read this workspace file: {e.strerror}") from None
    if hasattr(os, "getuid") and st.st_uid not in (os.getuid(), 0):
        raise DataError.single(path, f"this workspace file belongs to another user (uid {st.st_uid}); "
                                     "drafter uses only your own profile. Move it away, or copy it "
                                     "and make the copy yours")
    if hasattr(os, "getuid") and _writable_by_others(st.st_mode):
        raise DataError.single(path, "others may change this workspace file; drafter uses it only "
                                     f"when only you can write it (chmod go-w {path})")


def find(start: Path) -> Path | None:
    """The first ``drafter.yaml`` from ``start`` (a folder or a file's folder) upwards, within
    the limits of ``search_folders``; a profile someone else could have written is refused."""
    start = start.resolve()
    folder = start if start.is_dir() else start.parent
    for candidate in search_folders(folder):
        f = candidate / WORKSPACE_FILE
        if f.is_file():
            check_owner(f)
            return f
    return None


def load(path: Path) -> Workspace:
    doc = yamlfile.load_path(path)
    if not isinstance(doc.data, dict):
        raise DataError.single(path, "a workspace file must be a set of keys (firm, attorney, ...)", 1)
    problems: list[Problem] = list(doc.problems)
    model = None
    try:
        model = WorkspaceModel.model_validate(doc.data)
    except ValidationError as e:
        problems += validation_problems(e, doc, WorkspaceModel)
    ws = Workspace(model or DEMO, path=path)
    base = path.parent
    if model is not None:
        for key in ("clauses", "templates"):
            value = getattr(model, key)
            if value:
                folder = (base / value).resolve()
                if not folder.is_dir():
                    problems.append(doc.problem((key,), f"the folder {value!r} does not exist"))
                setattr(ws, f"{key}_dir", folder)
    if problems:
        raise DataError(problems)
    return ws


def for_matter(matter_path: Path) -> Workspace:
    found = find(matter_path)
    return load(found) if found else Workspace(DEMO, demo=True)
