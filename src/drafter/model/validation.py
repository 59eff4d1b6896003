"""Pydantic's validation errors as problems a paralegal can act on: ``FILE:LINE: key: message``.

Matter, workspace and clause files are all validated by pydantic models and reported the same
way: every error at once, each at the line of its key, in plain words, with a did-you-mean for a
mistyped key. ``validation_problems`` is the one loop that does it.
"""

from __future__ import annotations

import difflib
from typing import Any

from pydantic import BaseModel, ValidationError
from pydantic_core import ErrorDetails

from ..errors import Problem
from . import yamlfile

_MESSAGES = {
    "missing": "this key is required",
    "bool_type": "must be true or false",
    "int_type": "must be a whole number",
    "date_from_datetime_parsing": "must be a date written YYYY-MM-DD",
    "date_parsing": "must be a date written YYYY-MM-DD",
    "date_type": "must be a date written YYYY-MM-DD",
    "date_from_datetime_inexact": "must be a date written YYYY-MM-DD",
    "string_too_short": "must not be empty",
    "dict_type": "must be a section of keys (a mapping)",
    "model_type": "must be a section of keys (a mapping)",
    "list_type": "must be a list",
    "greater_than_equal": "must not be negative",
}


def _model_at(model: type[BaseModel], loc: tuple) -> type[BaseModel] | None:
    """The model class that owns the last key of ``loc`` (for did-you-mean suggestions)."""
    current: Any = model
    for part in loc[:-1]:
        if isinstance(part, int):
            continue
        if not (isinstance(current, type) and issubclass(current, BaseModel)):
            return None
        field = current.model_fields.get(part)
        if field is None:
            return None
        current = inner_model(field.annotation)
    return current if isinstance(current, type) and issubclass(current, BaseModel) else None


def inner_model(annotation: Any) -> Any:
    """The pydantic model inside a field's annotation (``list[Charge]``, ``Offense | None``)."""
    args = getattr(annotation, "__args__", None)
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return annotation
    for a in args or ():
        found = inner_model(a)
        if found is not None:
            return found
    return None


def error_message(err: ErrorDetails, loc: tuple, root: type[BaseModel]) -> str:
    """A pydantic error in words a paralegal understands, with a did-you-mean for typos.
    ``root`` is the model validated, ``loc`` the error's place inside it."""
    kind = err["type"]
    inp = err.get("input")
    if kind == "extra_forbidden":
        owner = _model_at(root, loc)
        known = list(owner.model_fields) if owner else []
        close = difflib.get_close_matches(str(loc[-1]), known, n=1, cutoff=0.6)
        hint = f"; did you mean '{close[0]}'?" if close else (
            f"; known keys here: {', '.join(known)}" if known else ""
        )
        return f"unknown key{hint}"
    if kind == "literal_error":
        expected = err.get("ctx", {}).get("expected", "")
        return f"{inp!r} is not allowed; use one of {expected}"
    if kind == "value_error":
        return str(err.get("ctx", {}).get("error", err["msg"]))
    if kind in ("string_type",):
        return "must be text"
    if kind in _MESSAGES:
        msg = _MESSAGES[kind]
        if kind not in ("missing",) and inp is not None and not isinstance(inp, (dict, list)):
            msg += f" (got {inp!r})"
        return msg
    return err["msg"]


def clean_loc(loc: tuple) -> tuple:
    """Drop pydantic's union branch labels (``bool``, ``literal['unknown']``) from a loc."""
    out = []
    for part in loc:
        if isinstance(part, str) and (part in ("bool", "str", "int", "function-after[_statute(), str]")
                                      or part.startswith(("literal[", "function-", "constrained-"))):
            continue
        out.append(part)
    return tuple(out)


def validation_problems(error: ValidationError, doc: yamlfile.YamlDoc, root: type[BaseModel],
                        at: tuple = ()) -> list[Problem]:
    """One problem per error of ``root.model_validate`` on a part of ``doc``: the part at key
    path ``at`` (the whole document by default). An error at a value the YAML loader could not
    read is left out: the loader has reported that value already."""
    problems = []
    for err in error.errors(include_url=False):
        loc = clean_loc(tuple(err["loc"]))
        if at + loc in doc.bad_paths:
            continue
        problems.append(doc.problem(at + loc, error_message(err, loc, root)))
    return problems
