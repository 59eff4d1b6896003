"""A whole docket at once: every matter in a folder, one subfolder per matter id, N processes.

Templates, the clause library and the checklist texts are loaded and compiled once in the
parent before the workers start; with the ``fork`` start method each worker inherits that
compiled state instead of rebuilding it.
"""

from __future__ import annotations

import datetime as dt
import multiprocessing as mp
import os
import sys
from concurrent.futures import ProcessPoolExecutor, as_completed
from dataclasses import dataclass
from pathlib import Path

import click

from .errors import DrafterError


@dataclass
class Outcome:
    path: str
    matter_id: str | None
    files: int = 0
    error: str | None = None
    workspace: str | None = None


def matter_files(folder: Path) -> list[Path]:
    return sorted(p for p in folder.iterdir() if p.suffix.lower() in (".yaml", ".yml") and p.is_file()
                  and p.name != "drafter.yaml")


def warm() -> None:
    """Compile every bundled template and load the clause library once (inherited by forks)."""
    from .analysis import checklist_texts
    from .clauses import load_library
    from .documents import DOCUMENTS
    from .render import CACHE, template_path

    checklist_texts()
    load_library()
    for name in DOCUMENTS:
        CACHE.get(template_path(name))  # patched and compiled on load


def build_one(path: str, out_root: str, draft_date: dt.date, only, force: bool, pdf: bool) -> Outcome:
    """Build one matter's packet into OUT/<matter id>/; errors are returned, not raised."""
    from .matter import load_matter
    from .packet import build_packet
    from .plan import make_plan
    from .workspace import for_matter

    try:
        matter = load_matter(path)
        plan = make_plan(matter, for_matter(Path(path)))
        result = build_packet(plan, Path(out_root) / matter.id, draft_date, only, force, pdf)
        return Outcome(path, matter.id, len(result.files), workspace=plan.workspace.describe())
    except DrafterError as e:
        return Outcome(path, None, error=str(e))
    except Exception as e:  # noqa: BLE001 - one bad matter must not stop the docket
        return Outcome(path, None, error=f"unexpected error: {type(e).__name__}: {e}")


def _check_ids(paths: list[Path]) -> tuple[list[Path], list[Outcome]]:
    """Refuse matters whose ids repeat (they would write into the same folder)."""
    from .matter import load_matter

    seen: dict[str, Path] = {}
    ok, bad = [], []
    for p in paths:
        try:
            m = load_matter(p)
        except DrafterError as e:
            bad.append(Outcome(str(p), None, error=str(e)))
            continue
        if m.id in seen:
            bad.append(Outcome(str(p), m.id, error=f"{p}: id: {m.id!r} is also the id of {seen[m.id]}; "
                                                   "each matter needs its own id"))
            continue
        seen[m.id] = p
        ok.append(p)
    return ok, bad


def run_batch(folder: Path, out_root: Path, draft_date: dt.date, only, force: bool, pdf: bool,
              jobs: int) -> list[Outcome]:
    """Build every matter in ``folder``; prints progress and a summary; returns the failures."""
    paths = matter_files(folder)
    if not paths:
        raise DrafterError(f"{folder}: no matter files (*.yaml) in this folder")
    good, failures = _check_ids(paths)
    out_root.mkdir(parents=True, exist_ok=True, mode=0o700)
    warm()
    outcomes: list[Outcome] = list(failures)
    progress = _Progress(len(paths), sys.stderr.isatty())
    for f in failures:
        progress.advance(f)
    args = [(str(p), str(out_root), draft_date, only, force, pdf) for p in good]
    if jobs <= 1 or len(args) <= 1:
        for a in args:
            o = build_one(*a)
            outcomes.append(o)
            progress.advance(o)
    else:
        ctx = mp.get_context("fork") if "fork" in mp.get_all_start_methods() else None
        with ProcessPoolExecutor(max_workers=jobs, mp_context=ctx) as pool:
            futures = [pool.submit(build_one, *a) for a in args]
            for fut in as_completed(futures):
                o = fut.result()
                outcomes.append(o)
                progress.advance(o)
    progress.close()
    failed = [o for o in outcomes if o.error]
    built = [o for o in outcomes if not o.error]
    click.echo(f"{len(built)} of {len(outcomes)} matters built into {out_root}"
               + (f"; {len(failed)} failed:" if failed else "."))
    for o in sorted(failed, key=lambda o: o.path):
        click.echo(f"  {o.error}", err=True)
    return failed


class _Progress:
    """A rich progress bar on a terminal, plain lines otherwise."""

    def __init__(self, total: int, tty: bool):
        self.total = total
        self.done = 0
        self.bar = None
        if tty and not os.environ.get("CI"):
            from rich.progress import BarColumn, MofNCompleteColumn, Progress, TimeElapsedColumn

            self.bar = Progress("[progress.description]{task.description}", BarColumn(),
                                MofNCompleteColumn(), TimeElapsedColumn(), transient=True)
            self.task = self.bar.add_task("Building packets", total=total)
            self.bar.start()

    def advance(self, o: Outcome) -> None:
        self.done += 1
        if self.bar is not None:
            self.bar.advance(self.task)
        else:
            status = f"ok ({o.files} files) -> {o.matter_id}" if not o.error else "FAILED"
            click.echo(f"[{self.done}/{self.total}] {o.path}: {status}")

    def close(self) -> None:
        if self.bar is not None:
            self.bar.stop()
