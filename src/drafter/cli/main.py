"""Command line: parses arguments, calls the library, turns DrafterError into a message.

Exit codes: 0 success, 1 bad data (a matter, a clause, a workspace, an edited draft),
2 bad usage. Heavy libraries (docxtpl, python-docx, rich) are imported only by the commands
that need them, so ``drafter --help``, ``check`` and ``analyze`` start fast.
"""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import click

from .. import __version__
from ..errors import DrafterError, UsageError

CONTEXT = {"help_option_names": ["-h", "--help"], "max_content_width": 100}


class DrafterGroup(click.Group):
    """Converts library errors once, here: message on stderr, exit 1 (2 for usage)."""

    def invoke(self, ctx: click.Context):
        try:
            return super().invoke(ctx)
        except DrafterError as e:
            if ctx.find_root().params.get("debug"):
                raise
            click.echo(f"Error: {e}", err=True)
            ctx.exit(e.exit_code)
        except (click.exceptions.Exit, click.exceptions.Abort, click.ClickException, SystemExit):
            raise
        except (OverflowError, RecursionError, MemoryError, OSError) as e:
            # a value past what dates and numbers can hold, input nested too deeply, a disk or
            # permission problem: one line, never a traceback
            if ctx.find_root().params.get("debug"):
                raise
            click.echo(f"Error: {_describe(e)}", err=True)
            ctx.exit(1)
        except KeyboardInterrupt:
            click.echo("Interrupted; the output folder holds either the earlier drafts or the new ones "
                       "(an interrupted write is finished by the next run).", err=True)
            ctx.exit(130)


def _describe(e: BaseException) -> str:
    from ..errors import _shorten

    if isinstance(e, OverflowError):
        return f"a date or number is out of the range drafter can handle ({_shorten(str(e))})"
    if isinstance(e, RecursionError):
        return "the input is nested too deeply to read"
    if isinstance(e, MemoryError):
        return "not enough memory to finish; the input is too large"
    if isinstance(e, OSError):
        where = f" {e.filename}" if getattr(e, "filename", None) else ""
        return f"cannot read or write{where}: {e.strerror or e}"
    return str(e)


@click.group(cls=DrafterGroup, context_settings=CONTEXT)
@click.version_option(__version__, "--version", prog_name="drafter")
@click.option("--debug", is_flag=True, help="Show a traceback for errors (for developers).")
def main(debug: bool) -> None:
    """Draft proffer and cooperation documents for federal defense counsel.

    Every document drafter writes is a DRAFT FOR ATTORNEY REVIEW.

    \b
    Example:
      drafter check matters/demo.yaml
      drafter analyze matters/demo.yaml
      drafter packet matters/demo.yaml -o out/
    """


def _warn(matter) -> None:
    """Print a matter's warnings (old keys read as new ones) on stderr, so JSON stays clean."""
    for w in matter.warnings:
        click.echo(f"Warning: {w}", err=True)


def _draft_date(value: str | None) -> dt.date:
    if value is None:
        return dt.date.today()
    try:
        date = dt.date.fromisoformat(value)
    except ValueError:
        raise click.BadParameter(f"{value!r} is not a date written YYYY-MM-DD") from None
    if not 1980 <= date.year <= 2199:
        raise click.BadParameter(f"{value!r}: give a date between 1980 and 2199")
    return date


@main.command()
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
            _warn(m)
            click.echo(f"{path}: ok")
        except DataError as e:
            problems += e.problems
    if problems:
        raise DataError(problems)


@main.command()
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
    _warn(plan.matter)
    if as_json:
        click.echo(json.dumps(plan.to_json(), indent=2, ensure_ascii=False))
        return
    from .summary import print_summary

    print_summary(plan)


@main.command()
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
    date = _draft_date(draft_date)
    if matter.is_dir() and base is not None:
        raise UsageError("--base names one Office letter, so it goes with one matter file, not a folder")
    if matter.is_dir():
        from .batch import run_batch

        failures = run_batch(matter, out, date, list(only) or None, force, pdf, jobs)
        if failures:
            raise SystemExit(1)
        return
    from ..draft.packet import build_packet
    from ..law.plan import plan_for_path

    plan = plan_for_path(matter)
    _warn(plan.matter)
    result = build_packet(plan, out, date, list(only) or None, force, pdf, base)
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


@main.command()
@click.argument("letter", type=click.Path(path_type=Path))
@click.option("--json", "as_json", is_flag=True, help="Print the JSON contract and nothing else.")
@click.option("--matter", type=click.Path(path_type=Path),
              help="Matter file: the asks, the gaps and the proposed wording use its facts and analysis.")
@click.option("-o", "--out", "out", type=click.Path(path_type=Path, file_okay=False),
              help="Write <stem>.counter.docx (tracked changes) and the report (.review.docx, .review.md) here.")
@click.option("--date", "review_date", help="Date of the tracked changes and the report, YYYY-MM-DD (default: today).")
@click.option("--force", is_flag=True,
              help="Replace files in OUT that drafter did not write or that were edited, keeping dated backups.")
@click.option("--stance", type=click.Choice(["targeted", "full"]), default=None,
              help="targeted (default): change at most five clauses, the rest go to the checklist; "
                   "full: propose the defense wording on every clause.")
def review(letter: Path, as_json: bool, matter: Path | None, out: Path | None, review_date: str | None,
           force: bool, stance: str | None) -> None:
    """Review a government proffer letter or cooperation/plea agreement (.docx, .txt, .pdf).

    Reports the kind of document and who it is with, each clause found (risk, paragraph,
    excerpt, ask), what the letter should say and does not, and a checklist. With -o, writes
    the Office's own letter with a few surgical defense changes (at most five unless --stance
    full) as Word tracked changes, each with a comment giving the reason; other asks go to the
    checklist to trade.

    \b
    Example:
      drafter review letters/proffer.docx
      drafter review letters/proffer.pdf --json > review.json
      drafter review letters/plea.docx --matter matters/demo.yaml -o out/ --date 2026-11-27
      drafter review letters/npa.docx -o out/ --stance full
    """
    date = _draft_date(review_date)
    from ..review.review import report_lines, review_letter

    result = review_letter(letter, matter, stance=stance)
    if result.workspace is not None:
        click.echo(f"Using {result.workspace.describe()}", err=True)
    if as_json:
        click.echo(json.dumps(result.to_json(), indent=2, ensure_ascii=False))
    else:
        click.echo("\n".join(report_lines(result)))
    if out is not None:
        from ..review.counterdraft import write_outputs

        written = write_outputs(result, out, date, force)
        for p in written.files:
            click.echo(f"wrote {p}", err=as_json)
        for b in written.backups:
            click.echo(f"kept the earlier file as {b}", err=as_json)
        click.echo(f"{written.changes} tracked changes and {written.insertions} new clauses, "
                   f"by {result.attorney}, dated {date.isoformat()}", err=as_json)


@main.command()
@click.argument("old", type=click.Path(path_type=Path))
@click.argument("new", type=click.Path(path_type=Path))
@click.option("-o", "--out", "out", type=click.Path(path_type=Path, file_okay=False),
              help="Write NEW-stem.compare.docx (tracked changes OLD -> NEW) and the report here.")
@click.option("--json", "as_json", is_flag=True, help="Print the changes and the asks as JSON and nothing else.")
@click.option("--matter", type=click.Path(path_type=Path),
              help="Matter file: record the round in negotiation.json in OUT (give -o the matter's packet folder).")
@click.option("--date", "compare_date", help="Date of the tracked changes and the round, YYYY-MM-DD (default: today).")
@click.option("--force", is_flag=True,
              help="Replace files in OUT that drafter did not write or that were edited, keeping dated backups.")
def compare(old: Path, new: Path, out: Path | None, as_json: bool, matter: Path | None,
            compare_date: str | None, force: bool) -> None:
    """Compare two versions of an agreement (.docx, .txt, .pdf) and say which of our asks the Office took.

    OLD is usually the counter-draft drafter wrote (it records its asks) and NEW the Office's
    reply; a .docx with tracked changes is read with every change accepted. Each ask is
    accepted, rejected or modified, with the clause library's fallbacks for those refused.

    \b
    Example:
      drafter compare out/proffer.counter.docx reply/proffer-reply.docx
      drafter compare out/proffer.counter.docx reply.pdf --json
      drafter compare out/proffer.counter.docx reply.docx -o packet/ --matter matters/demo.yaml
    """
    from ..review.negotiation import run_round, write_round
    from ..review.negotiation_report import summary_lines

    if matter is not None and out is None:
        raise click.UsageError("--matter records the round in the matter's packet folder: give it with -o")
    date = _draft_date(compare_date)
    r = run_round(old, new, date, matter)
    if as_json:
        click.echo(json.dumps(r.to_json(), indent=2, ensure_ascii=False))
    else:
        for line in summary_lines(r):
            click.echo(line)
        for o in r.outcomes:
            click.echo(f"  {o.status:<9} {o.ask.type} ({o.ask.variant})"
                       + (f", ¶ {o.paragraph}" if o.paragraph is not None else ""))
    if out is not None or matter is not None:
        written = write_round(r, out, force, ledger=matter is not None)
        for p in written.files:
            click.echo(f"wrote {p}", err=as_json)
        for b in written.backups:
            click.echo(f"kept the earlier file as {b}", err=as_json)
        if written.ledger:
            click.echo(f"recorded round {written.round_number} in {written.ledger}", err=as_json)


@main.group(cls=DrafterGroup)
def clauses() -> None:
    """The clause library: list, show and lint clauses.

    \b
    Example:
      drafter clauses list
      drafter clauses show rebuttal-use/impeachment-only
      drafter clauses lint
    """


def _library(workspace_dir: Path | None, quiet: bool = False):
    from ..law.clauses import load_library
    from ..model.workspace import find, load

    ws_file = find(workspace_dir or Path.cwd())
    house = load(ws_file).clauses_dir if ws_file else None
    if ws_file and not quiet:
        click.echo(f"Using workspace {ws_file}", err=True)
    return load_library(house)


@clauses.command("list")
@click.option("--json", "as_json", is_flag=True, help="Print a JSON list of the clauses.")
@click.option("--workspace", type=click.Path(path_type=Path, file_okay=False),
              help="Folder whose drafter.yaml names house clauses (default: search from here).")
def clauses_list(as_json: bool, workspace: Path | None) -> None:
    """List every clause variant.

    \b
    Example:
      drafter clauses list --json
    """
    lib = _library(workspace, quiet=as_json)
    rows = [{"id": v.id, "type": v.type, "variant": v.variant, "title": v.title, "cites": list(v.cites)}
            for v in lib.variants()]
    if as_json:
        click.echo(json.dumps(rows, indent=2, ensure_ascii=False))
        return
    for r in rows:
        click.echo(f"{r['id']:<55} {r['title']}")


@clauses.command("show")
@click.argument("clause_id")
@click.option("--workspace", type=click.Path(path_type=Path, file_okay=False),
              help="Folder whose drafter.yaml names house clauses.")
def clauses_show(clause_id: str, workspace: Path | None) -> None:
    """Show one clause: text, cites, ask, why, and the rules of its type.

    \b
    Example:
      drafter clauses show derivative-use/logged
    """
    lib = _library(workspace)
    v = lib.get(clause_id)
    t = lib.types[v.type]
    click.echo(f"{v.id} — {v.title}" + (f"  (same as {v.type}/{v.canonical})" if v.canonical != v.variant else ""))
    click.echo(f"file: {v.file}")
    click.echo("\nText:\n" + v.text.rstrip())
    click.echo("\nCites: " + ("; ".join(v.cites) or "none"))
    click.echo(f"Risk to the client: {v.risk}" + (f" — {v.risk_note}" if v.risk_note else ""))
    click.echo(f"Ask: {v.ask}\nWhy: {v.why}")
    for flag in v.verify:
        click.echo(f"[VERIFY] {flag}")
    click.echo("\nRules of " + t.type + (f" (included when: {t.include})" if t.include else "") + ":")
    for r in t.rules:
        click.echo(f"  {'when ' + r.when if r.when else 'otherwise'} -> {r.variant}: {r.reason}")


@clauses.command("lint")
@click.option("--workspace", type=click.Path(path_type=Path, file_okay=False),
              help="Folder whose drafter.yaml names house clauses.")
def clauses_lint(workspace: Path | None) -> None:
    """Check the library: every type and required variant, rendering, cites, rules, signals.

    \b
    Example:
      drafter clauses lint
    """
    from ..law.clauses import lint
    from ..errors import DataError
    from ..model.matter import load_matter
    from ..law.plan import base_context
    from ..law.analysis import analyze as run_analysis
    from ..resources import data_dir
    from ..model.workspace import DEMO, Workspace

    lib = _library(workspace)
    matters = [load_matter(p) for p in sorted(data_dir("matters").glob("*.yaml"))]
    ws = Workspace(DEMO, demo=True)
    problems = lint(lib, matters, lambda m: base_context(m, run_analysis(m), ws))
    if problems:
        raise DataError.single("clause library", "lint found problems:\n" + "\n".join(problems))
    with_cites = sum(1 for v in lib.variants() if v.cites)
    total = len(lib.variants())
    click.echo(f"{len(lib.types)} clause types, {total} variants, {with_cites} with cites "
               f"({with_cites * 100 // max(total, 1)}%), checked against {len(matters)} example matters: ok")


@main.command()
@click.argument("directory", required=False, default=".", type=click.Path(path_type=Path))
@click.option("--firm", help="The firm's name, written into drafter.yaml.")
@click.option("--attorney", help="The default signing attorney's name.")
@click.option("--bar-number", help="The signing attorney's bar number.")
@click.option("--force", is_flag=True,
              help="Rewrite an existing drafter.yaml (no other file is ever touched).")
def init(directory: Path, firm: str | None, attorney: str | None, bar_number: str | None,
         force: bool) -> None:
    """Set up a firm workspace: drafter.yaml, matters/ and house/ folders.

    Creates DIRECTORY (default: the current folder) with drafter.yaml (the firm's profile,
    with comments), matters/ for matter files, and house/clauses and house/templates for the
    firm's own clauses and Word templates, each with a README.txt. Existing files are kept.

    \b
    Example:
      drafter init firm --firm "Counsel & Partners, P.A." --attorney "Alex Counsel" --bar-number 123456
      cd firm && drafter new matters/
    """
    from ..model.workspace_init import Profile, init_workspace

    result = init_workspace(directory, Profile(firm, attorney, bar_number), force)
    for path in result.created:
        click.echo(f"  created {path}{'/' if path.is_dir() else ''}")
    for path in result.kept:
        click.echo(f"  kept    {path} (already there)")
    click.echo(f"Workspace ready in {directory}.")
    if result.placeholders:
        click.echo(f"Next: open {directory / 'drafter.yaml'} and replace each value in [square brackets].")


@main.command()
@click.argument("path", required=False, type=click.Path(path_type=Path))
@click.option("--force", is_flag=True, help="Replace an existing matter file.")
def new(path: Path | None, force: bool) -> None:
    """Write a new matter file by answering questions, one fact at a time.

    PATH is the file to write (ending in .yaml) or a folder, where the file is named after
    the matter number (default: matters/ if it exists, else the current folder). Answer
    "unknown" or leave a fact blank when it is not known: the key is left out, never
    guessed. Answers may also come from standard input, one per line.

    \b
    Example:
      drafter new matters/
      drafter new matters/2026-0150.yaml
      drafter new matters/ < answers.txt
    """
    from .interview import run_interview

    result = run_interview(path, force)
    click.echo("")
    click.echo(f"Wrote {result.path} (checked: it is a valid matter file).")
    if result.schema_written:
        click.echo(f"Wrote {result.schema}: editors use it to complete and check matter files.")
    if result.unknown:
        click.echo("Left out as unknown (add them when known): " + ", ".join(result.unknown))
    click.echo(f"Next: drafter analyze {result.path}")


@main.command()
@click.option("-o", "--output", type=click.Path(path_type=Path, dir_okay=False),
              help="Write the schema to this file instead of printing it.")
def schema(output: Path | None) -> None:
    """Print the matter format as JSON Schema (Draft 2020-12) for editors and validators.

    Editors such as VS Code (with the YAML extension) use it to complete keys, explain
    them on hover, and flag unknown keys and wrong values as you type.

    \b
    Example:
      drafter schema -o matters/matter.schema.json
      drafter schema > matter.schema.json
    """
    from ..model.schema import schema_text, write_schema

    if output is None:
        click.echo(schema_text(), nl=False)
        return
    write_schema(output)
    click.echo(f"Wrote {output}")


if __name__ == "__main__":  # pragma: no cover
    main(prog_name="drafter")
