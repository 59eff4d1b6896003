"""drafter as a library: the front door for Python callers (docs/api.md).

    from drafter import api

    matter = api.load_matter("matters/demo.yaml")
    plan = api.analyze(matter)
    result = api.build_packet(plan, "out/2026-0142", draft_date="2026-11-27")
    review = api.review_letter(letter_bytes, name="proffer.docx", matter=plan)

Every function takes its options by keyword and returns a typed record (a Matter, a Plan, a
PacketResult, a Review, a Round); the command line's ``--json`` is those records' ``to_json()``.
Errors are DrafterError (drafter.errors) with the exit code the command line would use.

What is read and written:

- nothing is written outside the ``out_dir`` a function is given, and only the functions that
  take one write anything;
- nothing is read from the current folder unless the caller names something there (a relative
  path is read as ``open()`` reads it);
- the firm profile (drafter.yaml) is ``workspace=`` when given: a Workspace, a drafter.yaml file
  or a folder (searched upwards like the command line's ``--workspace``). Otherwise it is the one
  found from the matter file's own folder (a matter read from a file), else, for a letter read
  from a file, from the letter's folder, else the bundled demo firm. A matter or letter given as
  text or bytes has no folder: the demo firm applies unless ``workspace=`` names one.

This module imports neither click nor rich, and imports the heavy parts of drafter only when a
function needs them.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from pathlib import Path
from typing import TYPE_CHECKING, TypeAlias, TypeGuard

from .errors import UsageError

if TYPE_CHECKING:  # pragma: no cover - names for the signatures only
    from .docx.letters import Letter
    from .draft.packet import PacketResult
    from .law.plan import Plan
    from .model.matter import Matter
    from .model.workspace import Workspace
    from .review.counterdraft import Written as ReviewWritten
    from .review.negotiation import Round, Written as RoundWritten
    from .review.review import Review

__all__ = ["load_matter", "analyze", "build_packet", "review_letter", "write_review", "compare",
           "write_comparison"]

PathLike: TypeAlias = str | Path
WorkspaceLike: TypeAlias = "Workspace | str | Path | None"
DateLike: TypeAlias = dt.date | str | None

TEXT_NAME = "<matter text>"
STANCES = ("targeted", "full")


# --- matters --------------------------------------------------------------------------------

def load_matter(source: str | Path | bytes, *, name: str | None = None) -> Matter:
    """Read and validate a matter; bad data raises DataError listing every problem.

    ``source`` is told apart by its type:

    - a ``Path``: the matter file;
    - ``bytes``: a matter file's contents (UTF-8 with or without BOM, UTF-16 with BOM);
    - a ``str`` holding a line break: the matter's YAML text;
    - any other ``str``: the matter file's path (a file name never holds a line break).

    ``name`` stands for the file in messages when the matter is text or bytes.
    """
    from .model.matter import load_matter as load_file, load_matter_text

    if isinstance(source, Path):
        return load_file(source)
    if isinstance(source, (bytes, bytearray)):
        return load_matter_text(bytes(source), name or TEXT_NAME)
    if isinstance(source, str):
        if "\n" in source or "\r" in source:
            return load_matter_text(source, name or TEXT_NAME)
        return load_file(Path(source))
    raise TypeError(f"load_matter takes a path, YAML text or bytes, not {type(source).__name__}")


def analyze(matter: Matter, *, workspace: WorkspaceLike = None) -> Plan:
    """Apply the law and the clause library to a matter: the analysis (minimums, § 3553(e), the
    safety valve, deadlines), the strategy, the clause choices, the documents and the checklist.
    ``plan.to_json()`` is ``drafter analyze --json``."""
    from .law.plan import make_plan
    from .model.matter import Matter

    if not isinstance(matter, Matter):
        raise TypeError(f"analyze takes a Matter (api.load_matter), not {type(matter).__name__}")
    return make_plan(matter, resolve_workspace(workspace, matter.path))


def build_packet(matter: Matter | Plan, out_dir: PathLike, *, draft_date: DateLike = None,
                 only: Iterable[str] = (), force: bool = False, pdf: bool = False,
                 workspace: WorkspaceLike = None, base: PathLike | bytes | None = None,
                 base_name: str | None = None) -> PacketResult:
    """Write the matter's packet into ``out_dir`` (created if needed) and return what was written.

    ``matter`` is a Matter or the Plan ``analyze`` returned (then the analysis is not repeated,
    and its workspace is the plan's). ``draft_date`` (a date or YYYY-MM-DD; default today) is
    printed on the drafts; ``only`` names the documents to write; ``force`` moves drafts edited
    since drafter wrote them to a dated backup inside ``out_dir`` instead of refusing; ``pdf``
    adds PDF copies made by LibreOffice. ``base`` is the Office's own letter (a path, or its bytes
    with ``base_name`` giving the file name, e.g. "office.docx"): the packet's proffer agreement
    (or cooperation terms) becomes that letter with the matter's changes as tracked changes.
    The negotiation rounds recorded in ``out_dir`` (``compare``) appear on the checklist.
    """
    from .draft import packet
    from .review.negotiation import history

    plan = _plan(matter, workspace)
    date = parse_date(draft_date, "draft_date")
    names = [only] if isinstance(only, str) else list(only)
    out = Path(out_dir)
    form = None
    if base is not None:
        from .review.base import office_form

        form = office_form(plan, _letter(base, base_name), date)
    return packet.build_packet(plan, out, date, only=names or None, force=force, pdf=pdf, base=form,
                               history=history(out, plan.matter.id))


# --- the government's letter -------------------------------------------------------------------

def review_letter(source: PathLike | bytes, *, matter: Matter | Plan | PathLike | None = None,
                  workspace: WorkspaceLike = None, name: str | None = None,
                  stance: str | None = None, date: DateLike = None) -> Review:
    """Review a government proffer letter or cooperation/plea agreement (.docx, .txt, .pdf).

    ``source`` is the letter's path (a Path, or a str without a line break), its bytes, or its
    plain text (a str with line breaks). For bytes, ``name`` (a file name such as
    "proffer.docx") gives the format and names the outputs; without it the format is told from
    the bytes (a Word file, a PDF, else text). Nothing is written. With ``matter`` (a
    Matter, a Plan or a matter file's path) the asks, gaps and wording use its facts and analysis.
    ``stance`` is "targeted" (default: at most five changes) or "full". ``date`` is the day of the
    review (default today): a deadline the letter sets for signing or accepting it that has passed,
    or falls within a week, is a warning and the checklist's first item. ``review.to_json()`` is
    ``drafter review --json``; ``write_review`` writes the counter-draft and the report.
    """
    from .review import review as reviewlib

    if stance is not None and stance not in STANCES:
        raise UsageError(f"stance must be one of {', '.join(STANCES)}, not {stance!r}")
    plan = None
    if matter is not None:
        if isinstance(matter, (str, Path)):
            matter = load_matter(Path(matter))
        plan = _plan(matter, workspace)
    # a path is read by the review itself, which also looks for drafter.yaml in the letter's folder
    letter = Path(source) if _is_path(source) else _letter(source, name)
    ws = None
    if plan is None and workspace is not None:
        ws = resolve_workspace(workspace, None)
    return reviewlib.review_letter(letter, plan, stance=stance, workspace=ws, today=parse_date(date, "date"))


def write_review(review: Review, out_dir: PathLike, *, date: DateLike = None,
                 force: bool = False) -> ReviewWritten:
    """Write the review's counter-draft (``<stem>.counter.docx``, the Office's letter with the
    defense changes as tracked changes) and its report (``.review.docx``, ``.review.md``) into
    ``out_dir``. A file there that drafter did not write, or that was edited since, is replaced
    only with ``force`` (after a dated backup)."""
    from .review.counterdraft import write_outputs

    return write_outputs(review, Path(out_dir), parse_date(date, "date"), force)


# --- two versions of an agreement ----------------------------------------------------------------

def compare(old: PathLike, new: PathLike, *, matter: Matter | Plan | PathLike | None = None,
            date: DateLike = None, workspace: WorkspaceLike = None) -> Round:
    """Compare two versions of an agreement (paths to .docx, .txt or .pdf; a .docx with tracked
    changes is read with every change accepted) and judge the asks the older one records (a
    counter-draft drafter wrote): accepted, rejected or modified, with fallbacks. Nothing is
    written; ``round.to_json()`` is ``drafter compare --json``; ``write_comparison`` writes it."""
    from .review.negotiation import run_round

    plan = None
    if matter is not None:
        if isinstance(matter, (str, Path)):
            matter = load_matter(Path(matter))
        plan = _plan(matter, workspace)
    return run_round(Path(old), Path(new), parse_date(date, "date"), plan)


def write_comparison(comparison: Round, out_dir: PathLike, *, force: bool = False,
                     ledger: bool = False) -> RoundWritten:
    """Write ``NEW-stem.compare.docx`` (tracked changes OLD -> NEW) and its report into
    ``out_dir``; with ``ledger`` (the comparison was made with a matter) also record the round
    in ``out_dir/negotiation.json``, which the matter's next packet in that folder shows."""
    from .review.negotiation import write_round

    return write_round(comparison, Path(out_dir), force, ledger=ledger)


# --- helpers ---------------------------------------------------------------------------------------

def resolve_workspace(workspace: WorkspaceLike, matter_file: Path | None) -> Workspace:
    """The firm profile in force (see the module docstring): ``workspace`` when given, else the
    one found from the matter file's folder, else the bundled demo firm."""
    from .model.workspace import DEMO, WORKSPACE_FILE, Workspace, check_owner, find, for_matter, load

    if isinstance(workspace, Workspace):
        return workspace
    if workspace is not None:
        if not isinstance(workspace, (str, Path)):
            raise TypeError(f"workspace is a Workspace, a drafter.yaml or a folder, not {type(workspace).__name__}")
        given = Path(workspace)
        if given.is_file():
            check_owner(given)
            return load(given)
        if given.is_dir():
            found = find(given)
            if found is None:
                raise UsageError(f"{given}: no {WORKSPACE_FILE} in this folder or the folders above it")
            return load(found)
        raise UsageError(f"{given}: no such workspace file or folder")
    if matter_file is not None:
        return for_matter(matter_file)
    return Workspace(DEMO, demo=True)


def _plan(matter: Matter | Plan, workspace: WorkspaceLike) -> Plan:
    from .law.plan import Plan

    if isinstance(matter, Plan):
        if workspace is not None:
            raise UsageError("this plan already has its workspace: give workspace= to analyze()")
        return matter
    return analyze(matter, workspace=workspace)


def _letter(source: PathLike | bytes | Letter, name: str | None) -> Letter:
    """A letter read from a path, or parsed from bytes in memory (nothing touches the disk)."""
    from .docx.letters import Letter, parse_letter, read_letter

    if isinstance(source, Letter):
        return source
    if isinstance(source, (bytes, bytearray)):
        data = bytes(source)
        return parse_letter(data, name or _guess_name(data))
    if _is_path(source):
        return read_letter(Path(source))
    if isinstance(source, str):
        return parse_letter(source.encode("utf-8"), name or "letter.txt")
    raise TypeError(f"a letter is a path, bytes or text, not {type(source).__name__}")


def _is_path(source: object) -> TypeGuard[str | Path]:
    """A Path, or a str without a line break (as in load_matter: a file name never holds one)."""
    return isinstance(source, Path) or (isinstance(source, str) and "\n" not in source and "\r" not in source)


def _guess_name(data: bytes) -> str:
    if data[:4] == b"PK\x03\x04":
        return "letter.docx"
    if data.lstrip()[:5] == b"%PDF-":
        return "letter.pdf"
    return "letter.txt"


def parse_date(value: DateLike, what: str = "") -> dt.date:
    """A draft date: None is today; a date, a datetime or YYYY-MM-DD text between 1980 and 2199."""
    at = f"{what}: " if what else ""
    if value is None:
        return dt.date.today()
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    if isinstance(value, str):
        try:
            date = dt.date.fromisoformat(value)
        except ValueError:
            raise UsageError(f"{at}{value!r} is not a date written YYYY-MM-DD") from None
        if not 1980 <= date.year <= 2199:
            raise UsageError(f"{at}{value!r}: give a date between 1980 and 2199")
        return date
    raise TypeError(f"{what or 'a date'} is a date or YYYY-MM-DD, not {type(value).__name__}")
