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

from ..errors import DrafterError


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
    from ..docx.render import CACHE, template_path
    from ..law.analysis import checklist_texts
    from ..law.clauses import load_library
    from ..law.documents import DOCUMENTS

    checklist_texts()
    load_library()
    for name in DOCUMENTS:
        CACHE.get(template_path(name))  # patched and compiled on load


def build_one(path: str, out_root: str, draft_date: dt.date, only, force: bool, pdf: bool) -> Outcome:
    """Build one matter's packet into OUT/<matter id>/; errors are returned, not raised."""
    from .. import api
    from ..law.plan import make_plan
    from ..model.matter import load_matter
    from ..model.workspace import for_matter

    try:
        matter = load_matter(path)
        plan = make_plan(matter, for_matter(Path(path)))
        result = api.build_packet(plan, Path(out_root) / matter.id, draft_date=draft_date, only=only or (),
                                  force=force, pdf=pdf)
        return Outcome(path, matter.id, len(result.files), workspace=plan.workspace.describe())
    except DrafterError as e:
        return Outcome(path, None, error=_naming(path, str(e)))
    except OSError as e:
        return Outcome(path, None, error=f"{path}: cannot write its packet: {e.strerror or e}"
                                         + (f" ({e.filename})" if e.filename else ""))
    except Exception as e:  # noqa: BLE001 - one bad matter must not stop the docket
        from ..errors import _shorten

        return Outcome(path, None, error=f"{path}: unexpected error: {type(e).__name__}: {_shorten(str(e))}")


def _naming(path: str, message: str) -> str:
    """Every failure line names the matter file it belongs to."""
    return message if message.startswith(path) else f"{path}: {message}"


def _check_ids(paths: list[Path]) -> tuple[list[Path], list[Outcome]]:
    """Refuse matters whose ids repeat (they would write into the same folder)."""
    from ..model.matter import load_matter

    seen: dict[str, Path] = {}
    ok, bad = [], []
    for p in paths:
        try:
            m = load_matter(p)
        except DrafterError as e:
            bad.append(Outcome(str(p), None, error=str(e)))
            continue
        key = m.id.casefold()            # CASE-1 and case-1 are one folder on Windows and macOS
        if key in seen:
            bad.append(Outcome(str(p), m.id, error=f"{p}: id: {m.id!r} is also the id of {seen[key]} "
                                                   "(ids that differ only in capitals share a folder on "
                                                   "Windows and macOS); each matter needs its own id"))
            continue
        seen[key] = p
        ok.append(p)
    return ok, bad


def run_batch(folder: Path, out_root: Path, draft_date: dt.date, only, force: bool, pdf: bool,
              jobs: int) -> list[Outcome]:
    """Build every matter in ``folder``; prints progress and a summary; returns the failures."""
    paths = matter_files(folder)
    if not paths:
        raise DrafterError(f"{folder}: no matter files (*.yaml) in this folder")
    good, failures = _check_ids(paths)
    from ..files import make_folder

    make_folder(out_root)
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
        _run_pool(args, jobs, outcomes, progress)
    progress.close()
    failed = [o for o in outcomes if o.error]
    built = [o for o in outcomes if not o.error]
    click.echo(f"{len(built)} of {len(outcomes)} matters built into {out_root}"
               + (f"; {len(failed)} failed:" if failed else "."))
    for ws in sorted({o.workspace for o in built if o.workspace}):
        click.echo(f"  using {ws}")
    for o in sorted(failed, key=lambda o: o.path):
        click.echo(f"  {o.error}", err=True)
    return failed


def _worker_init(parent: int) -> None:
    """Workers die with their parent: the kernel kills them when it dies (Linux), and a watch
    thread notices a new parent (anywhere) and exits."""
    import signal
    import threading

    try:
        import ctypes

        ctypes.CDLL(None).prctl(1, int(signal.SIGKILL))      # PR_SET_PDEATHSIG
    except (OSError, AttributeError, TypeError, ValueError):
        pass
    if os.getppid() != parent:
        os._exit(1)
    threading.Thread(target=_watch_parent, args=(parent,), daemon=True).start()


def _watch_parent(parent: int) -> None:
    import time

    while True:
        time.sleep(0.5)
        if os.getppid() != parent:
            os._exit(1)


def _run_pool(args: list[tuple], jobs: int, outcomes: list[Outcome], progress: _Progress) -> None:
    """Build in worker processes. A worker that dies (killed, out of memory) breaks the pool:
    the matters it left unfinished are retried once in a new pool, and a matter whose worker is
    lost again is reported; every other matter still builds."""
    from concurrent.futures.process import BrokenProcessPool

    ctx = mp.get_context("fork") if "fork" in mp.get_all_start_methods() else None
    pending = list(args)
    for _attempt in range(2):
        if not pending:
            break
        lost: list[tuple] = []
        with ProcessPoolExecutor(max_workers=jobs, mp_context=ctx, initializer=_worker_init,
                                 initargs=(os.getpid(),)) as pool:
            futures = {pool.submit(build_one, *a): a for a in pending}
            for fut in as_completed(futures):
                try:
                    o = fut.result()
                except BrokenProcessPool:
                    lost.append(futures[fut])
                    continue
                outcomes.append(o)
                progress.advance(o)
        pending = sorted(lost)
    for a in pending:
        o = Outcome(a[0], None, error=f"{a[0]}: its worker process was lost twice (killed, or out of "
                                      f"memory); nothing else failed. Build it alone: drafter packet {a[0]}")
        outcomes.append(o)
        progress.advance(o)


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
