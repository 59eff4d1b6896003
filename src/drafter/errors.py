"""One error base class for everything the user can cause (bad files, bad options)."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path


class DrafterError(Exception):
    """A problem the user can fix. The CLI prints it without a traceback and exits 1."""

    exit_code = 1


class UsageError(DrafterError):
    """The command was called wrongly (exit 2)."""

    exit_code = 2


@dataclass(frozen=True)
class Problem:
    """One problem found in a file: where, which key, and what is wrong."""

    file: str
    line: int | None
    key: str
    message: str

    def __str__(self) -> str:
        where = f"{self.file}:{self.line}" if self.line else self.file
        key = f" {_shorten(self.key)}:" if self.key else ""
        return f"{where}:{key} {_shorten(self.message)}"


def _shorten(text: str, longest: int = 80) -> str:
    """A message never prints a pasted value in full: any run of more than ``longest``
    characters without a space (5,000 digits, a base64 blob) is cut to its start and length."""
    import re

    return re.sub(rf"\S{{{longest + 1},}}",
                  lambda m: f"{m.group()[:40]}… ({len(m.group()):,} characters)", text)


class DataError(DrafterError):
    """A data file (matter, workspace, clause) has one or more problems, all listed at once."""

    def __init__(self, problems: list[Problem]):
        self.problems = sorted(problems, key=lambda p: (p.file, p.line or 0, p.key))
        super().__init__("\n".join(str(p) for p in self.problems))

    @classmethod
    def single(cls, file: str | Path, message: str, line: int | None = None, key: str = "") -> DataError:
        return cls([Problem(str(file), line, key, message)])


class TemplateProblem(DrafterError):
    """A clause or Word template could not be rendered (bad syntax, unsafe access, unknown name)."""


class EditedFilesError(DrafterError):
    """Files in the output folder that drafter did not write, or that were edited since it did.

    The one error of the one safe writer (files.write_files), whichever command writes."""

    def __init__(self, paths: list[str]):
        self.paths = paths
        listing = "\n".join(f"  {p}" for p in paths)
        super().__init__(
            "these files were edited since drafter wrote them, or drafter did not write them, so "
            f"nothing was written:\n{listing}\nRerun with --force to keep them as dated backups "
            "and write new ones."
        )
