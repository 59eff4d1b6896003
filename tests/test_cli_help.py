"""Every command is documented with an example; --version and shell completion work."""

from __future__ import annotations

import click
import pytest
from click.testing import CliRunner

from drafter import __version__
from drafter.cli import main


def walk(command: click.Command, path: tuple[str, ...] = ()):
    """(path, command) for the command and every subcommand below it."""
    yield path, command
    if isinstance(command, click.Group):
        for name in sorted(command.commands):
            yield from walk(command.commands[name], path + (name,))


COMMANDS = list(walk(main))


def test_the_tree_holds_the_known_commands():
    names = {" ".join(path) for path, _ in COMMANDS}
    for expected in ("", "check", "analyze", "packet", "clauses", "clauses list", "init", "new",
                     "schema"):
        assert expected in names


@pytest.mark.parametrize("path,command", COMMANDS, ids=lambda v: " ".join(v) if isinstance(v, tuple) else "")
def test_every_command_has_help_with_an_example(path, command):
    result = CliRunner().invoke(main, [*path, "--help"], prog_name="drafter")
    assert result.exit_code == 0, result.output
    assert "Example" in result.output, f"drafter {' '.join(path)} --help shows no example"
    assert command.help and command.help.strip(), f"drafter {' '.join(path)} has no help text"


@pytest.mark.parametrize("path,command", COMMANDS, ids=lambda v: " ".join(v) if isinstance(v, tuple) else "")
def test_every_option_is_explained(path, command):
    for param in command.params:
        if isinstance(param, click.Option) and not param.hidden and param.name not in ("help",):
            assert param.help, f"drafter {' '.join(path)}: option {param.opts[0]} has no help"


def test_version():
    result = CliRunner().invoke(main, ["--version"], prog_name="drafter")
    assert result.exit_code == 0
    assert result.output.strip() == f"drafter, version {__version__}"


def complete(words: str) -> list[str]:
    """What the completion script gets back for a command line (bash_complete protocol,
    which the PowerShell completer in docs/paralegal.md also uses)."""
    env = {"_DRAFTER_COMPLETE": "bash_complete", "COMP_WORDS": words,
           "COMP_CWORD": str(len(words.split()) - (0 if words.endswith(" ") else 1))}
    result = CliRunner().invoke(main, [], prog_name="drafter", env=env)
    assert result.exit_code == 0, result.output
    return result.output.splitlines()


def test_completion_of_commands_and_options():
    assert "plain,clauses" in complete("drafter cl")
    assert {"plain,init", "plain,new", "plain,schema"} <= set(complete("drafter "))
    assert "plain,--force" in complete("drafter new --f")


@pytest.mark.parametrize("shell", ["zsh", "fish"])
def test_completion_scripts(shell):
    result = CliRunner().invoke(main, [], prog_name="drafter",
                                env={"_DRAFTER_COMPLETE": f"{shell}_source"})
    assert result.exit_code == 0
    assert "_DRAFTER_COMPLETE" in result.output
