"""``drafter init``: lay out a firm's workspace (contract: ``shared/spec/workspace.md``).

A workspace is a folder with ``drafter.yaml`` (the firm's profile), ``matters/`` for matter
files and ``house/clauses`` and ``house/templates`` for the firm's own wording and Word
templates. Nothing that exists is overwritten: ``--force`` rewrites ``drafter.yaml`` and
nothing else. Files are private to their owner (0o600), folders too (0o700): matter files
hold client confidences.
"""

from __future__ import annotations

import json
import textwrap
from dataclasses import dataclass, field
from pathlib import Path

from ..errors import DrafterError
from ..files import DIR_MODE, write_private
from .schema import SCHEMA_FILE, schema_text
from .workspace import DEFAULT_LEGEND, DEFAULT_MARK, WORKSPACE_FILE

FOLDERS = ("matters", "house/clauses", "house/templates")
# The bundled templates, named in house/templates/README.txt when the bundle cannot be read.
_KNOWN_TEMPLATES = ("cooperation-terms.docx", "cover-letter.docx", "proffer-agreement.docx",
                    "rule-35b-request.docx")


@dataclass
class Profile:
    """What ``drafter init`` may prefill; anything not given becomes a [placeholder]."""

    firm: str | None = None
    attorney: str | None = None
    bar_number: str | None = None


@dataclass
class InitResult:
    """What ``drafter init`` did, for the message it prints."""

    root: Path
    created: list[Path] = field(default_factory=list)
    kept: list[Path] = field(default_factory=list)
    placeholders: bool = False


def init_workspace(root: Path, profile: Profile, force: bool = False) -> InitResult:
    """Create the workspace at ``root``; raise DrafterError when drafter.yaml exists."""
    config = root / WORKSPACE_FILE
    if config.exists() and not force:
        raise DrafterError(
            f"{config} already exists, so nothing was changed. Edit it, or rerun with --force "
            "to write a fresh drafter.yaml (other files are never touched)."
        )
    if root.exists() and not root.is_dir():
        raise DrafterError(f"{root} is a file, not a folder")
    result = InitResult(root)
    _make_dir(root, result)
    for name in FOLDERS:
        _make_dir(root / name, result)
    text = workspace_yaml(profile)
    _write(config, text, result, replace=True)
    for rel, body in readmes().items():
        _write(root / rel, body, result)
    _write(root / "matters" / SCHEMA_FILE, schema_text(), result)
    result.placeholders = "[" in text
    return result


# --- drafter.yaml ------------------------------------------------------------------------

def _q(value: str) -> str:
    """A YAML double-quoted scalar (JSON strings are valid YAML)."""
    return json.dumps(value, ensure_ascii=False)


def _given(value: str | None, placeholder: str) -> str:
    value = (value or "").strip()
    return _q(value if value else f"[{placeholder}]")


def workspace_yaml(profile: Profile) -> str:
    """The text of a new drafter.yaml: the keys of the workspace contract, with comments."""
    return f"""\
# drafter.yaml: this firm's profile for drafter.
# drafter looks for this file in a matter file's folder, then in each folder above it; the
# first one found applies. Without one, every draft names a fictional demo firm.
# Replace each value in [square brackets] before drafts go out. Folder paths below are
# relative to this file.

firm:
  name: {_given(profile.firm, "Firm name")}
  address: ["[Street address, suite]", "[City, State ZIP]"]  # letterhead lines, one each
  phone: "[Firm phone]"
  email: "[Firm email]"
  # website: example.com                 # optional; printed on the letterhead
attorney:                                # the attorney who signs by default; a matter's
                                         #   defense.attorney takes over for that matter
  name: {_given(profile.attorney, "Attorney name")}
  bar_number: {_given(profile.bar_number, "Bar number")}   # keep the quotes: leading zeros stay
  email: "[Attorney email]"
  phone: "[Attorney phone]"
clauses: house/clauses                   # optional; clause files here replace the bundled
                                         #   clause of the same id and may add variants
templates: house/templates               # optional; a Word template (.docx) here replaces
                                         #   the bundled template of the same name
drafts:
  mark: {_q(DEFAULT_MARK)}    # optional; printed on every page
  # optional; the legend on the documents that stay inside the defense team:
  privilege_legend: {_q(DEFAULT_LEGEND)}
"""


# --- the README.txt files ----------------------------------------------------------------

def bundled_templates() -> list[str]:
    """File names of the bundled Word templates."""
    try:
        from ..resources import data_dir

        names = sorted(p.name for p in data_dir("templates").glob("*.docx"))
    except DrafterError:
        names = []
    return names or list(_KNOWN_TEMPLATES)


def readmes() -> dict[str, str]:
    """The README.txt of each folder, by path relative to the workspace."""
    templates = textwrap.fill(
        "A .docx file here named like a bundled template replaces it for every matter in this "
        "workspace. The bundled templates are: " + ", ".join(bundled_templates()) + ".", 90,
        break_on_hyphens=False)
    return {
        "matters/README.txt": f"""\
Matter files go here: one YAML file per client matter (matter format, version 1).

  drafter new matters/                      start one by answering questions
  drafter check matters/*.yaml              check every matter file
  drafter analyze matters/FILE.yaml         see the law applied to one matter
  drafter packet matters/FILE.yaml -o out/  write its drafts

{SCHEMA_FILE} lets an editor (VS Code with Red Hat's YAML extension) complete and
check these files; drafter new starts each matter file with the line that points to it.
After upgrading drafter, refresh it with: drafter schema -o matters/{SCHEMA_FILE}

Matter files hold client confidences: keep this folder private.
""",
        "house/clauses/README.txt": """\
House clauses: the firm's own wording for drafter's clauses.

A clause file here replaces the bundled clause file with the same id. The file is named
after the clause type (for example rebuttal-use.yaml); a variant in it replaces the bundled
variant with the same id, a new variant is added to the choices, and a top-level key given
here replaces the bundled one. The format is in drafter's docs/clause-format.md.

  drafter clauses list                      every clause id (type/variant)
  drafter clauses show rebuttal-use/impeachment-only
  drafter clauses lint                      check the library with these clauses in it

drafter.yaml names this folder (clauses: house/clauses).
""",
        "house/templates/README.txt": f"""\
House templates: the firm's own Word templates.

{templates}

Start from a copy of the bundled template, keep its {{{{ ... }}}} and {{% ... %}} fields, and
change the layout and the fixed wording. drafter's docs/render-context.md lists the fields.

drafter.yaml names this folder (templates: house/templates).
""",
    }


# --- files and folders -------------------------------------------------------------------

def _make_dir(path: Path, result: InitResult) -> None:
    """Create a private folder, and each missing folder above it; existing ones are kept."""
    if path.is_dir():
        return
    missing = [p for p in (path, *path.parents) if not p.exists()]
    for folder in reversed(missing):
        try:
            folder.mkdir(mode=DIR_MODE)
            folder.chmod(DIR_MODE)
        except FileExistsError:
            raise DrafterError(f"{folder} exists and is not a folder") from None
        except OSError as e:
            raise DrafterError(f"cannot create the folder {folder}: {e.strerror}") from None
        result.created.append(folder)
    if not path.is_dir():
        raise DrafterError(f"{path} exists and is not a folder")


def _write(path: Path, text: str, result: InitResult, replace: bool = False) -> None:
    """Write a private file; an existing one is kept unless ``replace``."""
    if path.exists() and not replace:
        result.kept.append(path)
        return
    write_private(path, text)
    result.created.append(path)
