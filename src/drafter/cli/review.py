"""``review``: the government's letter reviewed, and with -o its counter-draft written."""

from __future__ import annotations

import json
from pathlib import Path

import click

from .common import draft_date_option


@click.command()
@click.argument("letter", type=click.Path(path_type=Path))
@click.option("--json", "as_json", is_flag=True, help="Print the JSON contract and nothing else.")
@click.option("--matter", type=click.Path(path_type=Path),
              help="Matter file: the asks, the gaps and the proposed wording use its facts and analysis.")
@click.option("-o", "--out", "out", type=click.Path(path_type=Path, file_okay=False),
              help=("Write <stem>.counter.docx (tracked changes, to send), <stem>.counter.review.docx "
                    "(the same, with our reasons as comments) and the report (.review.docx, .review.md) here."))
@click.option("--date", "review_date",
              help="Date of the review, the tracked changes and the report, YYYY-MM-DD (default: today); "
                   "the letter's deadline to sign is checked against it.")
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
    date = draft_date_option(review_date)
    from ..review.lines import report_lines
    from ..review.review import review_letter

    result = review_letter(letter, matter, stance=stance, search_from=Path.cwd(), today=date)
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
        if written.changes or written.insertions:
            def n(k: int, word: str) -> str:
                return f"{k} {word}" + ("" if k == 1 else "s")

            click.echo(f"{n(written.changes, 'tracked change')} and {n(written.insertions, 'new paragraph')}, "
                       f"by {result.attorney}, dated {date.isoformat()}", err=as_json)
        else:
            click.echo("no change to propose in the letter itself: no counter-draft written; "
                       "the report lists the points to raise", err=as_json)

