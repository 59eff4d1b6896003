"""What every command shares: the error boundary (library errors become one-line messages with
exit codes), matter warnings on stderr and the --date options' parsing."""

from __future__ import annotations

import datetime as dt

import click

from ..errors import DrafterError

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


def warn(matter) -> None:
    """Print a matter's warnings (old keys read as new ones) on stderr, so JSON stays clean."""
    for w in matter.warnings:
        click.echo(f"Warning: {w}", err=True)


def draft_date_option(value: str | None) -> dt.date:
    """--draft-date, read by the library's one date rule (api.parse_date)."""
    from ..api import parse_date
    from ..errors import UsageError

    try:
        return parse_date(value)
    except UsageError as e:
        raise click.BadParameter(str(e)) from None

