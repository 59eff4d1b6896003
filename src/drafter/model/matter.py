"""The matter file: read, validated all at once, each error with its file and line.

The typed facts are the models of ``matter_model.py`` (re-exported here: ``Matter``, ``Charge``
...); keys of earlier drafts of the format are read by ``old_keys.py``; pydantic's errors become
problems in ``validation.py``. The format is the public contract in ``docs/matter-format.md``
(version 1).
"""

from __future__ import annotations

import difflib
from pathlib import Path

from pydantic import ValidationError

from ..errors import DataError, Problem
from . import yamlfile
from .matter_model import (  # noqa: F401  (re-exported: the matter's public names)
    DATE_MAX,
    DATE_MIN,
    ID_MAX,
    Agent,
    AgentsReport,
    Attorney,
    Case,
    Charge,
    Client,
    Concern,
    Cooperation,
    CriminalHistory,
    Defense,
    Government,
    Information,
    Matter,
    Negotiation,
    Offense,
    PriorSentence,
    Pronoun,
    Prosecutor,
    Session,
    Stage,
    Status,
    Text,
    consecutive_by_law,
    id_problem,
    parse_statute,
)
from .old_keys import read_old_keys
from .validation import clean_loc, error_message, validation_problems  # noqa: F401  (re-exported)


def validate(doc: yamlfile.YamlDoc) -> Matter:
    """Validate a loaded YAML document as a matter; every problem is reported at once."""
    data = doc.data
    if data is None:
        raise DataError.single(doc.file, "the file is empty; a matter file starts with 'format: 1'", 1)
    if not isinstance(data, dict):
        raise DataError.single(
            doc.file, "a matter file must be a set of keys (format, id, client, ...), not a list or a single value",
            doc.line(()),
        )
    problems: dict[tuple, Problem] = {}
    data, warnings = read_old_keys(data, doc)
    for p in doc.problems + _check_negotiation(data, doc):
        problems.setdefault((p.line, p.key, p.message), p)
    try:
        matter = Matter.model_validate(data)
    except ValidationError as e:
        for p in validation_problems(e, doc, Matter):
            problems.setdefault((p.line, p.key, p.message), p)
    if problems:
        raise DataError(list(problems.values()))
    matter._warnings = warnings
    return matter


def _check_negotiation(data: dict, doc: yamlfile.YamlDoc) -> list[Problem]:
    """Clause type ids in negotiation must be real types (checked against the spec's list)."""
    from .clausetypes import ALL_TYPES

    problems: list[Problem] = []
    neg = data.get("negotiation")
    if not isinstance(neg, dict):
        return problems
    variants = neg.get("variants")
    if isinstance(variants, dict):
        for key in variants:
            if key not in ALL_TYPES:
                close = difflib.get_close_matches(str(key), ALL_TYPES, n=1)
                hint = f"; did you mean '{close[0]}'?" if close else ""
                problems.append(doc.problem(("negotiation", "variants", key), f"unknown clause type{hint}"))
    excl = neg.get("exclude")
    if isinstance(excl, list):
        for i, key in enumerate(excl):
            if isinstance(key, str) and key not in ALL_TYPES:
                close = difflib.get_close_matches(key, ALL_TYPES, n=1)
                hint = f"; did you mean '{close[0]}'?" if close else ""
                problems.append(doc.problem(("negotiation", "exclude", i), f"unknown clause type {key!r}{hint}"))
    return problems


def load_matter(path: str | Path) -> Matter:
    """Read, parse and validate one matter file."""
    path = Path(path)
    doc = yamlfile.load_path(path)
    matter = validate(doc)
    matter._source = str(path)
    matter._path = path
    matter._lines = doc.line
    return matter


def load_matter_text(text: str | bytes, name: str = "matter") -> Matter:
    """Parse and validate a matter from YAML already in memory (str, or bytes in UTF-8 with or
    without a BOM, or UTF-16 with a BOM; CRLF is fine). ``name`` stands for the file in messages."""
    if len(text) > yamlfile.MAX_BYTES:
        raise DataError.single(name, f"the matter is too large (at most {yamlfile.MAX_BYTES:,} bytes)")
    if isinstance(text, bytes):
        text = yamlfile.decode(text, name)
    text = text.removeprefix("\ufeff").replace("\r\n", "\n").replace("\r", "\n")
    doc = yamlfile.load_text(text, name)
    matter = validate(doc)
    matter._source = name
    matter._lines = doc.line
    return matter


def matter_data(matter: Matter) -> dict:
    """The matter as plain JSON-like data (dates as ISO strings), every format key present."""
    data = matter.model_dump(mode="json")
    data["charges"] = [
        dict(c, title=ch.title, section=ch.section, subsection=ch.subsection,
             consecutive=ch.runs_consecutively)
        for c, ch in zip(data["charges"], matter.charges, strict=True)
    ]
    return data
