"""``clauses list|show|lint``: the clause library."""

from __future__ import annotations

import json
from pathlib import Path

import click

from .common import DrafterGroup


@click.group(cls=DrafterGroup)
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
    from ..errors import DataError
    from ..law.analysis import analyze as run_analysis
    from ..law.clauses import lint
    from ..law.plan import base_context
    from ..model.matter import load_matter
    from ..model.workspace import DEMO, Workspace
    from ..resources import data_dir

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

