"""The commands that read matters: ``check``, ``analyze`` and ``packet``."""

from __future__ import annotations

import json
from pathlib import Path

import click

from ..errors import UsageError
from .common import draft_date_option, warn


@click.command()
@click.argument("matters", nargs=-1, required=True, type=click.Path(path_type=Path))
def check(matters: tuple[Path, ...]) -> None:
    """Validate matter files; every problem is listed as FILE:LINE: key: message.

    \b
    Example:
      drafter check matters/*.yaml
    """
    from ..errors import DataError
    from ..model.matter import load_matter

    problems = []
    for path in matters:
        try:
            m = load_matter(path)
            warn(m)
            click.echo(f"{path}: ok")
        except DataError as e:
            problems += e.problems
    if problems:
        raise DataError(problems)


@click.command()
@click.argument("matter", type=click.Path(path_type=Path))
@click.option("--json", "as_json", is_flag=True, help="Print the JSON contract and nothing else.")
def analyze(matter: Path, as_json: bool) -> None:
    """Apply the law to a matter: minimums, § 3553(e), safety valve, deadlines, clauses.

    \b
    Example:
      drafter analyze matters/demo.yaml
      drafter analyze matters/demo.yaml --json > analysis.json
    """
    from ..law.plan import plan_for_path

    plan = plan_for_path(matter)
    warn(plan.matter)
    if as_json:
        click.echo(json.dumps(plan.to_json(), indent=2, ensure_ascii=False))
        return
    from .summary import print_summary

    print_summary(plan)


@click.command()
@click.argument("matter", type=click.Path(path_type=Path))
@click.option("-o", "--out", "out", required=True, type=click.Path(path_type=Path, file_okay=False),
              help="Output folder (created if needed); one subfolder per matter for a folder of matters.")
@click.option("--draft-date", help="Date printed on the drafts, YYYY-MM-DD (default: today).")
@click.option("--only", multiple=True, metavar="DOCUMENT",
              help="Write only this document (repeatable), e.g. --only proffer-agreement.")
@click.option("--force", is_flag=True,
              help="Overwrite drafts edited since drafter wrote them, after moving them to a dated backup.")
@click.option("--pdf", is_flag=True, help="Also convert the drafts to PDF with LibreOffice.")
@click.option("--base", type=click.Path(path_type=Path, dir_okay=False),
              help="The Office's own proffer letter or plea/cooperation agreement (.docx, .txt, .pdf): the "
                   "packet's proffer agreement (or cooperation terms) becomes that letter with this "
                   "matter's changes as tracked changes; the clean copy has them accepted.")
@click.option("-j", "--jobs", type=click.IntRange(1, 64), default=1, show_default=True,
              help="Worker processes when MATTER is a folder of matter files.")
def packet(matter: Path, out: Path, draft_date: str | None, only: tuple[str, ...], force: bool,
           pdf: bool, jobs: int, base: Path | None) -> None:
    """Write the packet of drafts for a matter (or for every matter in a folder).

    \b
    Example:
      drafter packet matters/demo.yaml -o out/2026-0142
      drafter packet matters/demo.yaml -o out/ --only proffer-agreement --pdf
      drafter packet matters/ -o out/ -j 2
      drafter packet matters/demo.yaml -o out/2026-0142 --base letters/office-proffer.docx
    """
    date = draft_date_option(draft_date)
    if matter.is_dir() and base is not None:
        raise UsageError("--base names one Office letter, so it goes with one matter file, not a folder")
    if matter.is_dir():
        from .batch import run_batch

        failures = run_batch(matter, out, date, list(only) or None, force, pdf, jobs)
        if failures:
            raise SystemExit(1)
        return
    from .. import api
    from ..law.plan import plan_for_path

    plan = plan_for_path(matter)
    warn(plan.matter)
    result = api.build_packet(plan, out, draft_date=date, only=only, force=force, pdf=pdf, base=base)
    click.echo(f"Matter {plan.matter.id}: using {plan.workspace.describe()}")
    for note in result.recovered:
        click.echo(f"  {out}: {note}")
    for w in result.warnings:
        click.echo(f"Warning: {w}", err=True)
    for f in result.files:
        click.echo(f"  wrote {out / f.path}  ({f.audience}{', review copy' if f.copy == 'review' else ''})")
    for b in result.backups:
        click.echo(f"  kept your edited copy as {b}")
    for p in result.pdfs:
        click.echo(f"  wrote {p}")
    if result.pdf_note:
        click.echo(result.pdf_note, err=True)
    if result.gaps:
        click.echo("Gaps to fill (highlighted in the drafts): " + ", ".join(f"[{g}]" for g in result.gaps))
    from ..model.names import quoted_nicknames

    nicknames = quoted_nicknames(plan.matter.client.name)
    if nicknames:
        click.echo(f"Warning: {plan.matter.source}: client.name holds a quoted nickname "
                   f"({', '.join(nicknames)}); the drafts print the name as written. Put the legal name "
                   "in client.name and nicknames in client.aka.", err=True)
    placeholders = plan.workspace.placeholders()
    if placeholders:
        where = plan.workspace.path or "the firm profile"
        click.echo(f"Warning: {where} still has placeholders ({', '.join(f'[{p}]' for p in placeholders)}); "
                   "they are highlighted in the drafts and listed as gaps. Fill them in before anything is sent.",
                   err=True)

