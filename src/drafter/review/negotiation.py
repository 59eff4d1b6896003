"""One round of a negotiation: compare our draft with the Office's reply, judge our asks, write
the comparison, the report and the matter's ledger.

``drafter compare OLD NEW [-o OUT] [--json] [--matter M]``:

- ``-o OUT`` writes ``NEW-stem.compare.docx`` (tracked changes from OLD to NEW) and the report
  ``NEW-stem.compare-report.md`` / ``.docx``; a file drafter did not write there, or that was
  edited since, is never replaced without ``--force`` (it is first kept as a dated backup);
- ``--matter M`` (with ``-o``) also appends the round to ``negotiation.json`` in the output
  folder, the matter's packet folder, which the next ``drafter packet`` of that matter into that
  folder shows on its checklist. Comparing the same two files again
  replaces that round instead of adding one.
"""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ..errors import DrafterError, UsageError
from ..files import sha256, write_files

if TYPE_CHECKING:      # the comparison code is loaded when a round is run, not by a packet
    from .asks import Outcome
    from .compare import Comparison

LEDGER = "negotiation.json"
MANIFEST = "compare-manifest.json"
AUTHOR = "drafter compare"


@dataclass
class Round:
    """A comparison with its asks judged."""

    comparison: Comparison
    asks_recorded: bool
    outcomes: list[Outcome]
    date: dt.date
    matter_id: str | None = None
    mark: str = "DRAFT — FOR ATTORNEY REVIEW"
    legend: str = ""

    def to_json(self) -> dict:
        """``drafter compare --json``: exactly ``changes`` and ``asks``."""
        changes = [{k: c[k] for k in ("paragraph", "kind", "old", "new")} for c in self.comparison.changes()]
        asks = [{"type": o.ask.type, "status": o.status, "paragraph": o.paragraph} for o in self.outcomes]
        return {"changes": changes, "asks": asks}

    def tally(self) -> dict[str, int]:
        statuses = [o.status for o in self.outcomes]
        return {s: statuses.count(s) for s in ("accepted", "rejected", "modified")}

    def ledger_entry(self) -> dict:
        c = self.comparison
        return {
            "date": self.date.isoformat(),
            "old": {"file": c.old.name, "sha256": _file_hash(c.old)},
            "new": {"file": c.new.name, "sha256": _file_hash(c.new)},
            "changes": c.counts,
            "asks": [{"type": o.ask.type, "variant": o.ask.variant, "title": o.ask.title,
                      "status": o.status, "paragraph": o.paragraph,
                      "fallbacks": [{"variant": f["variant"], "title": f["title"]} for f in o.fallbacks]}
                     for o in self.outcomes],
        }


def _file_hash(letter) -> str:
    try:
        return sha256(letter.path.read_bytes())
    except OSError:
        return sha256("\n\n".join(p.text for p in letter.paragraphs).encode("utf-8"))


def run_round(old: Path, new: Path, date: dt.date, matter_path: Path | Any = None) -> Round:
    """Compare OLD with NEW and judge the asks OLD records (drafter's own counter-draft).
    ``matter_path`` is the matter's file or its Plan (law.plan)."""
    from .asks import judge, read_asks
    from .compare import check_inputs, compare

    check_inputs(old, new)
    cmp = compare(old, new)
    asks = read_asks(cmp.old.data) if cmp.old.format == "docx" else None
    if asks is None:
        asks = _asks_beside(Path(old), cmp.old)
    matter_id, mark, legend, library = None, "DRAFT — FOR ATTORNEY REVIEW", "", None
    if matter_path is not None:
        from ..law.plan import Plan, plan_for_path

        plan = matter_path if isinstance(matter_path, Plan) else plan_for_path(matter_path)
        matter_id, library = plan.matter.id, plan.library
        mark, legend = plan.workspace.mark, plan.workspace.legend
    elif asks:
        from ..law.clauses import load_library

        library = load_library()
    outcomes = judge(asks or [], cmp.old, cmp.new, library)
    return Round(cmp, asks is not None, outcomes, date, matter_id, mark, legend)


def _asks_beside(old: Path, letter) -> list | None:
    """The asks of a counter-draft that was sent: the copy to send carries no record of them (it
    would tell the Office our positions), so they are read from the attorney's commented copy
    written beside it (``STEM.counter.review.docx``), when its redline reads the same."""
    from .asks import read_asks
    from .compare import read_version

    if not old.name.endswith(".counter.docx"):
        return None
    beside = old.with_name(old.name[: -len(".counter.docx")] + ".counter.review.docx")
    if not beside.is_file():
        return None
    internal = read_version(beside)
    if [p.text for p in internal.paragraphs] != [p.text for p in letter.paragraphs]:
        return None
    return read_asks(beside.read_bytes())


# --- writing ----------------------------------------------------------------------------------

@dataclass
class Written:
    files: list[Path] = field(default_factory=list)
    backups: list[Path] = field(default_factory=list)
    ledger: Path | None = None
    round_number: int | None = None


def output_names(new: Path) -> dict[str, str]:
    stem = Path(new).stem
    return {"compare": f"{stem}.compare.docx", "md": f"{stem}.compare-report.md",
            "docx": f"{stem}.compare-report.docx"}


def write_round(r: Round, out_dir: Path | None, force: bool = False, ledger: bool = False) -> Written:
    """Write the comparison, the report and (with ``ledger``) the round in the matter's ledger
    into ``out_dir``, all in one atomic step; every check is made before anything is moved."""
    from .compare import build_document
    from .negotiation_report import report_docx, report_markdown

    if out_dir is None:
        if ledger:
            raise UsageError("--matter records the round in the matter's packet folder: give that folder "
                             "with -o (the comparison and its report are written there too)")
        return Written()
    folder = Path(out_dir)
    if folder.exists() and not folder.is_dir():
        raise UsageError(f"{folder} exists and is not a folder")
    names = output_names(r.comparison.new.path)
    items = [(names["compare"], build_document(r.comparison, AUTHOR, r.date)),
             (names["md"], report_markdown(r).encode("utf-8")),
             (names["docx"], report_docx(r))]
    targets = [n for n, _ in items]
    written = Written(files=[folder / n for n in targets])
    if ledger:
        if r.matter_id is None:
            raise UsageError("the ledger needs the matter: give --matter")
        data, number = add_round(load_ledger(folder / LEDGER, r.matter_id), r)
        items.append((LEDGER, (json.dumps(data, indent=2, ensure_ascii=False) + "\n").encode("utf-8")))
        written.ledger, written.round_number = folder / LEDGER, number

    # the one safe writer: staged, edit-checked, backups that never overwrite (the ledger is
    # drafter's own running record, rewritten each round, and stays out of the manifest)
    written.backups = write_files(folder, items, force, manifest=MANIFEST,
                                  unchecked={LEDGER}).backups
    return written


# --- the ledger ---------------------------------------------------------------------------------

def load_ledger(path: Path, matter_id: str | None = None) -> dict:
    """The matter's ledger (an empty one when there is none yet); every problem names the file."""
    if not path.exists():
        return {"format": 1, "matter": matter_id, "rounds": []}
    try:
        data = json.loads(path.read_text(encoding="utf-8-sig"))
    except (OSError, UnicodeDecodeError, ValueError) as e:
        raise DrafterError(f"{path}: the negotiation ledger is not readable JSON ({e}); "
                           "move it away or fix it, nothing was written") from None
    rounds = data.get("rounds") if isinstance(data, dict) else None
    if not isinstance(rounds, list) or not all(isinstance(x, dict) for x in rounds):
        raise DrafterError(f"{path}: rounds: the negotiation ledger must hold a list of rounds")
    if matter_id is not None and data.get("matter") not in (None, matter_id):
        raise DrafterError(f"{path}: matter: this ledger belongs to matter {data.get('matter')!r}, "
                           f"not {matter_id!r}; use the packet folder of matter {matter_id}")
    return data


def add_round(data: dict, r: Round) -> tuple[dict, int]:
    """The ledger with this round appended (or replacing the same comparison made before)."""
    entry = r.ledger_entry()
    rounds = list(data.get("rounds", []))
    same = next((i for i, x in enumerate(rounds)
                 if x.get("old", {}).get("sha256") == entry["old"]["sha256"]
                 and x.get("new", {}).get("sha256") == entry["new"]["sha256"]), None)
    if same is None:
        entry["round"] = len(rounds) + 1
        rounds.append(entry)
    else:
        entry["round"] = rounds[same].get("round", same + 1)
        rounds[same] = entry
    return {"format": 1, "matter": r.matter_id, "rounds": rounds}, entry["round"]


def history(out_dir: Path, matter_id: str) -> dict | None:
    """What the checklist shows: each round, and for each ask type its latest status and what
    to try next. None when the folder holds no ledger."""
    path = Path(out_dir) / LEDGER
    if not path.is_file():
        return None
    data = load_ledger(path, matter_id)
    rounds = []
    latest: dict[str, dict] = {}
    for x in data["rounds"]:
        asks = [a for a in x.get("asks", []) if isinstance(a, dict)]
        tally = {s: sum(1 for a in asks if a.get("status") == s) for s in ("accepted", "rejected", "modified")}
        rounds.append({"round": x.get("round"), "date": x.get("date", ""),
                       "old": (x.get("old") or {}).get("file", ""), "new": (x.get("new") or {}).get("file", ""),
                       "asked": len(asks), **tally})
        for a in asks:
            latest[str(a.get("type"))] = dict(a, round=x.get("round"))
    items = []
    for t, a in latest.items():
        status = a.get("status")
        fallbacks = [f"{f.get('variant')} ({f.get('title')})" for f in a.get("fallbacks") or [] if isinstance(f, dict)]
        if status == "accepted":
            nxt = "Keep: make sure the signed version keeps this wording."
        elif status == "rejected":
            nxt = ("Propose the fallback: " + "; or ".join(fallbacks) + ".") if fallbacks else \
                "No other variant is left in the library: decide whether to trade this ask for another."
        else:
            nxt = "Read the Office's rewording against what we asked; accept, answer it, or fall back" + \
                  (" to " + "; or ".join(fallbacks) if fallbacks else "") + "."
        items.append({"type": t, "variant": a.get("variant", ""), "status": status,
                      "round": a.get("round"), "paragraph": a.get("paragraph"), "next": nxt})
    order = {"rejected": 0, "modified": 1, "accepted": 2}
    items.sort(key=lambda i: (order.get(str(i["status"]), 3), i["type"]))
    return {"file": LEDGER, "rounds": rounds, "asks": items}
