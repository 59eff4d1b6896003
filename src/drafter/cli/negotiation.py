"""``compare``: a round of the negotiation (our counter-draft against the Office's reply)."""

from __future__ import annotations

import json
from pathlib import Path

import click

from .common import draft_date_option


@click.command()
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
    date = draft_date_option(compare_date)
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

