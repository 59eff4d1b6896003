"""``drafter new``: a guided interview in the terminal that writes a valid matter file.

The questions (wording, how each answer is read) are data, in ``data/interview.yaml``; the
one-line explanation under each is the key's description from ``data/matter-keys.yaml``.
The order, and which questions depend on earlier answers, are here.

Rules the interview keeps:

- an answer is checked as soon as it is given; a bad one is asked again, with the reason;
- "unknown" (or a blank answer) leaves an optional key out: a fact that is not known is
  never written as false, and the matter says "unknown" where an analysis needs it;
- the finished matter is validated like any matter file before it is written, and an
  existing file is replaced only with ``--force``;
- answers may come from standard input, one per line; the end of the input before the last
  question stops the interview with "interview ended early" and writes nothing.
"""

from __future__ import annotations

import datetime as dt
import functools
import sys
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any, get_args

import click
import yaml

from ..errors import DrafterError, UsageError
from ..files import write_private
from ..model import yamlfile
from ..model.matter import Matter, validate
from ..model.schema import SCHEMA_FILE, describe, write_schema
from ..model.validation import inner_model as _inner_model
from .answers import (  # noqa: F401 - the readers are part of the interview's interface
    READERS,
    read_choice,
    read_date,
    read_district,
    read_email,
    read_id,
    read_months,
    read_points,
    read_statute,
    read_text,
    read_yesno,
)

_DATA = Path(__file__).resolve().parents[1] / "data"
UNKNOWN_WORDS = ("unknown", "?", "unk", "not known", "n/a")
SUFFIXES = (".yaml", ".yml")
DIR_MODE = 0o700


class _End:
    """A blank answer to the first question about a list item: the list is complete."""


END = _End()


class _Unknown:
    """An optional fact answered "unknown" (or blank): its key is left out."""


UNKNOWN = _Unknown()


@dataclass(frozen=True)
class Question:
    """One question: the key it fills, its wording and how its answer is read."""

    key: str
    ask: str
    kind: str
    required: bool = False
    blank: str | None = None
    help: str = ""

    @property
    def explanation(self) -> str:
        return self.help or describe(self.key)


@functools.lru_cache(maxsize=1)
def questions() -> dict[str, Question]:
    """Every question of the interview, by the key it fills."""
    raw = yaml.safe_load((_DATA / "interview.yaml").read_text(encoding="utf-8"))
    return {key: Question(key=key, **spec) for key, spec in raw.items()}


def choices(key: str) -> list[str]:
    """The allowed values of an enum key, read from the Matter model."""
    parts = key.replace("[]", "").split(".")
    model: Any = Matter
    for part in parts[:-1]:
        model = _inner_model(model.model_fields[part].annotation)
    return [a for a in get_args(model.model_fields[parts[-1]].annotation) if isinstance(a, str)]


# --- the interview -----------------------------------------------------------------------

Prompt = Callable[[str], str]


def click_prompt(text: str) -> str:
    """One answer: from the terminal through click, or one line of piped standard input.

    Piped answers are echoed after their question, so the output reads as a transcript.
    The end of the input (or Ctrl-C, Ctrl-D) stops the interview.
    """
    stdin = sys.stdin
    if stdin is None:
        raise DrafterError("interview ended early (there is no standard input); nothing was written")
    if not stdin.isatty():
        line = stdin.readline()
        if not line:
            raise DrafterError(f"interview ended early (no answer to {text!r}); nothing was written")
        answer = line.rstrip("\r\n")
        click.echo(f"{text}: {answer}")
        return answer
    try:
        return click.prompt(text, default="", show_default=False, prompt_suffix=": ")
    except click.exceptions.Abort:
        click.echo("", err=True)
        raise DrafterError("interview ended early; nothing was written") from None


@dataclass
class Interview:
    """Asks the questions in order and collects the answers as matter data."""

    prompt: Prompt = click_prompt
    echo: Callable[[str], None] = click.echo
    id_taken: Callable[[str], str | None] = lambda _id: None
    unknown: list[str] = field(default_factory=list)

    def run(self) -> dict:
        """The whole interview: the matter as plain data, in the format's key order."""
        data: dict[str, Any] = {"format": 1}
        self.heading("The matter")
        data["id"] = self.ask("id", check=self.id_taken)
        data["client"] = self.group("The client", "client",
                                    ["name", "salutation", "language", "in_custody", "us_citizen"])
        data["case"] = self.case()
        data["government"] = self.government()
        self.heading("Charges (one at a time; a blank statute ends the list)")
        data["charges"] = self.items("charges", ["statute", "description", "mandatory_minimum_months"])
        history = self.criminal_history()
        if history is not None:
            data["criminal_history"] = history
        offense = self.group("Offense facts", "offense", [
            "violence_or_threats", "weapon", "death_or_serious_injury", "aggravating_role",
            "continuing_criminal_enterprise"])
        if offense:
            data["offense"] = offense
        data["cooperation"] = self.cooperation()
        return data

    # sections

    def case(self) -> dict:
        out = self.group("The case", "case", ["district", "court", "number", "judge", "stage"])
        if out["stage"] in ("convicted", "sentenced"):
            self.put(out, "case.sentencing_date")
        return out

    def government(self) -> dict:
        self.heading("The government")
        out: dict[str, Any] = {}
        self.put(out, "government.office")
        out["prosecutor"] = self.fields("government.prosecutor", ["name", "title", "email"])
        self.echo("Case agents, one at a time; a blank name ends the list.")
        agents = self.items("government.agents", ["name", "agency"])
        if agents:
            out["agents"] = agents
        return out

    def criminal_history(self) -> dict | None:
        self.heading("Criminal history")
        known = self.ask("criminal_history")
        if known is False:
            self.unknown.append("criminal_history")
        if known is not True:
            return None
        self.echo("Each prior sentence that scores points; a blank description ends the list "
                  "(a blank first one: no scoring prior sentences).")
        return {"prior_sentences": self.items("criminal_history.prior_sentences",
                                               ["description", "points", "violent"])}

    def cooperation(self) -> dict:
        out = self.group("Cooperation", "cooperation", ["status", "proffer_date", "proffer_location"])
        offers = self.ask("cooperation.information")
        if offers is True:
            out["information"] = self.items("cooperation.information",
                                            ["subject", "known_to_government"], at_least_one=True)
        elif offers is False:
            out["information"] = []
        for name in ("uncharged_conduct", "willing_to_testify", "safety_concerns"):
            self.put(out, f"cooperation.{name}")
        if out.get("safety_concerns") in ("moderate", "high"):
            self.put(out, "cooperation.safety_notes")
        self.put(out, "cooperation.safety_valve_disclosure")
        return out

    # building blocks

    def heading(self, title: str) -> None:
        self.echo("")
        self.echo(click.style(title, bold=True))

    def group(self, title: str, section: str, names: list[str]) -> dict:
        """A heading, then one question per key of ``section``; unknown keys left out."""
        self.heading(title)
        return self.fields(section, names)

    def fields(self, section: str, names: list[str], n: int | None = None,
               where: str | None = None) -> dict:
        out: dict[str, Any] = {}
        for name in names:
            self.put(out, f"{section}.{name}", name, n=n, where=where)
        return out

    def put(self, out: dict, key: str, name: str | None = None, **kw: Any) -> None:
        """Ask for ``key`` and store the answer in ``out`` unless it was left out."""
        value = self.ask(key, **kw)
        if value is not None:
            out[name or key.rsplit(".", 1)[-1]] = value

    def items(self, section: str, names: list[str], at_least_one: bool = False) -> list[dict]:
        """A list: the first question of each item, answered blank, ends it."""
        out: list[dict] = []
        while True:
            n = len(out) + 1
            where = f"{section}[{n - 1}]"
            needed = at_least_one and n == 1
            first = self.ask(f"{section}[].{names[0]}", n=n, where=where, ends_list=not needed,
                             required=needed)
            if first is END:
                return out
            item = {names[0]: first}
            item.update(self.fields(f"{section}[]", names[1:], n=n, where=where))
            out.append(item)

    def ask(self, key: str, n: int | None = None, where: str | None = None,
            ends_list: bool = False, check: Callable[[Any], str | None] | None = None,
            required: bool = False) -> Any:
        """Ask one question until the answer is good; None when the key is left out."""
        q = questions()[key]
        if required:
            q = replace(q, required=True)
        if q.explanation:
            self.echo(click.style(f"  {q.explanation}", dim=True))
        label = self.label(q, n, ends_list)
        while True:
            try:
                value = self.answer(q, self.prompt(label).strip(), ends_list)
                problem = check(value) if check and value not in (None, UNKNOWN, END) else None
                if problem:
                    raise ValueError(problem)
            except ValueError as e:
                self.echo(f"  ! {e}")
                continue
            if value is UNKNOWN:
                self.unknown.append(self.path(key, where))
                return None
            return value

    def answer(self, q: Question, raw: str, ends_list: bool) -> Any:
        """Read one answer; raise ValueError with the reason when it cannot be used.

        Returns END (blank, first question of a list item), UNKNOWN (left out: not known),
        None (left out: blank, the format's default applies) or the value.
        """
        said_unknown = raw.lower() in UNKNOWN_WORDS
        if not raw and ends_list:
            return END
        if not raw or said_unknown:
            if q.required or ends_list:
                raise ValueError("an answer is needed here" + (
                    "; leave it blank when there are no more" if ends_list else ""))
            if q.blank is None:
                return UNKNOWN
            if said_unknown:
                raise ValueError(f"left out, this is read as {q.blank!r}, so 'unknown' cannot be "
                                 f"recorded here; answer, or leave it blank for {q.blank!r}")
            return None
        if q.kind == "choice":
            return read_choice(raw, choices(q.key))
        return READERS[q.kind](raw)

    @staticmethod
    def label(q: Question, n: int | None, ends_list: bool) -> str:
        text = q.ask.replace("{n}", str(n or ""))
        if q.kind == "choice":
            text += f" [{'/'.join(choices(q.key))}]"
        elif q.kind == "yesno":
            text += " [yes/no]" if q.required else " [yes/no/unknown]"
        if ends_list:
            text += " (blank: no more)"
        elif q.blank is not None:
            text += f" (blank: {q.blank})"
        elif not q.required and q.kind != "yesno":
            text += " (blank: unknown)"
        return text

    @staticmethod
    def path(key: str, where: str | None) -> str:
        if where is None:
            return key
        return where + key[key.index("[]") + 2:] if "[]" in key else key


# --- writing the file --------------------------------------------------------------------

class _Dumper(yaml.SafeDumper):
    """Indents list items under their key, as the matter format's examples do."""

    def increase_indent(self, flow: bool = False, indentless: bool = False) -> Any:
        return super().increase_indent(flow, False)


def _dump(data: dict) -> str:
    return yaml.dump(data, Dumper=_Dumper, sort_keys=False, allow_unicode=True,
                     default_flow_style=False, width=10_000)


def matter_text(data: dict, schema_ref: str, today: dt.date | None = None) -> str:
    """The matter file: the editor's schema line, a short header, then the sections."""
    today = today or dt.date.today()
    head = (
        f"# yaml-language-server: $schema={schema_ref}\n"
        f"# Matter {data['id']}: written by `drafter new` on {today.isoformat()}.\n"
        "# Matter file format 1. Facts answered \"unknown\" were left out: add them when known\n"
        "# (an editor with the schema above completes the keys), then run `drafter check`.\n"
    )
    top = _dump({"format": data["format"], "id": data["id"]})
    sections = [_dump({key: value}) for key, value in data.items() if key not in ("format", "id")]
    return head + "\n" + "\n".join([top, *sections])


def check_text(text: str, file: str) -> None:
    """Validate the file's text exactly as ``drafter check`` would read it."""
    validate(yamlfile.load_text(text, file))



# --- where the file goes -----------------------------------------------------------------

@dataclass
class Destination:
    """A fixed file, or a folder where the file is named after the matter number."""

    folder: Path
    file: Path | None = None

    def for_id(self, matter_id: str) -> Path:
        return self.file or self.folder / f"{matter_id}.yaml"


def destination(path: Path | None) -> Destination:
    """PATH ending in .yaml/.yml is the file; any other PATH is a folder. Default: matters/
    when the current folder has one, else the current folder."""
    if path is None:
        folder = Path("matters")
        return Destination(folder if folder.is_dir() else Path("."))
    if path.suffix.lower() in SUFFIXES:
        if path.is_dir():
            raise UsageError(f"{path} is a folder; give a file name or the folder")
        return Destination(path.parent, path)
    if path.exists() and not path.is_dir():
        raise UsageError(f"{path} is not a folder, and a matter file name ends in .yaml")
    return Destination(path)


@dataclass
class NewResult:
    """What ``drafter new`` wrote."""

    path: Path
    schema: Path
    schema_written: bool
    unknown: list[str]


def run_interview(path: Path | None, force: bool = False, prompt: Prompt = click_prompt,
                  echo: Callable[[str], None] = click.echo,
                  today: dt.date | None = None) -> NewResult:
    """Interview, validate, and write the matter file (and the schema beside it)."""
    dest = destination(path)
    if dest.file and dest.file.exists() and not force:
        raise DrafterError(f"{dest.file} already exists; nothing was asked or written. "
                           "Choose another file, or rerun with --force to replace it.")

    def taken(matter_id: str) -> str | None:
        target = dest.for_id(matter_id)
        if dest.file is None and target.exists() and not force:
            return f"{target} already exists; use another matter number, or rerun with --force"
        return None

    interview = Interview(prompt=prompt, echo=echo, id_taken=taken)
    data = interview.run()
    target = dest.for_id(data["id"])
    text = matter_text(data, SCHEMA_FILE, today)
    check_text(text, str(target))
    _make_folder(dest.folder)
    schema = dest.folder / SCHEMA_FILE
    schema_written = write_schema(schema, overwrite=False)
    write_private(target, text)
    return NewResult(target, schema, schema_written, interview.unknown)


def _make_folder(folder: Path) -> None:
    if folder.is_dir():
        return
    try:
        folder.mkdir(parents=True, mode=DIR_MODE)
    except OSError as e:
        raise DrafterError(f"cannot create the folder {folder}: {e.strerror}") from None
