"""Setting up: ``init`` (a firm workspace), ``new`` (a matter by interview), ``schema``."""

from __future__ import annotations

from pathlib import Path

import click


@click.command()
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


@click.command()
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


@click.command()
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
