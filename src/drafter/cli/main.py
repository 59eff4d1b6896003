"""Command line: parses arguments, calls the library, turns DrafterError into a message.

Exit codes: 0 success, 1 bad data (a matter, a clause, a workspace, an edited draft),
2 bad usage. Heavy libraries (docxtpl, python-docx, rich) are imported only by the commands
that need them, so ``drafter --help``, ``check`` and ``analyze`` start fast.

The commands live one group to a module: ``packet`` (check, analyze, packet), ``review``,
``negotiation`` (compare), ``clauses``, ``setup`` (init, new, schema); ``common`` holds the
error boundary they share.
"""

from __future__ import annotations

import click

from .. import __version__
from .clauses import clauses
from .common import CONTEXT, DrafterGroup
from .negotiation import compare
from .packet import analyze, check, packet
from .review import review
from .setup import init, new, schema


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


for _command in (check, analyze, packet, review, compare, clauses, init, new, schema):
    main.add_command(_command)


if __name__ == "__main__":  # pragma: no cover
    main(prog_name="drafter")
