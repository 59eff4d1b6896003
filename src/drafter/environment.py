"""The one place that builds drafter's Jinja environments.

Both are sandboxed and use ``StrictUndefined``; filters are registered once, here.

- ``text_env()`` renders clause text, rules and checklist wording to *plain text* (no
  escaping: the output is text, not XML; it is escaped once, when it reaches a Word file).
- ``docx_env()`` renders Word templates; it always autoescapes, because docxtpl feeds it XML and
  an unescaped ``&`` or ``<`` in a fact would silently destroy the rest of the document.

Facts are only ever *values* in a context: nothing from a matter is compiled as a template.
"""

from __future__ import annotations

import datetime as dt
import functools
from typing import Any

from jinja2 import StrictUndefined, TemplateError
from jinja2.sandbox import SandboxedEnvironment, SecurityError

from .errors import TemplateProblem

# Marker characters (Unicode noncharacters, refused in matter text) that survive rendering and
# are turned into Word formatting afterwards: a highlighted gap and a review-comment anchor.
GAP_OPEN, GAP_CLOSE = "\ufdd0", "\ufdd1"
ANCHOR_OPEN, ANCHOR_CLOSE = "\ufdd2", "\ufdd3"
MARKERS = GAP_OPEN + GAP_CLOSE + ANCHOR_OPEN + ANCHOR_CLOSE


def gap(label: str) -> str:
    return f"{GAP_OPEN}{label}{GAP_CLOSE}"


def need(value: Any, label: str) -> Any:
    """The value, or a marked ``[LABEL]`` gap when the fact is missing."""
    if value is None or (isinstance(value, str) and not value.strip()):
        return gap(label)
    return value


def _as_date(value: Any) -> dt.date | None:
    if value is None or value == "":
        return None
    if isinstance(value, dt.date):
        return value
    try:
        return dt.date.fromisoformat(str(value))
    except ValueError:
        return None


def longdate(value: Any) -> Any:
    """``2027-03-15`` -> ``March 15, 2027``; none stays none; a gap stays a gap."""
    d = _as_date(value)
    if d is None:
        return value if (isinstance(value, str) and GAP_OPEN in value) else None
    return f"{d:%B} {d.day}, {d.year}"


_NUMBERS = "zero one two three four five six seven eight nine ten eleven twelve".split()


def months(value: Any) -> str | None:
    """``120`` -> ``120 months (10 years)``."""
    if value is None:
        return None
    n = int(value)
    if n % 12 == 0 and n:
        years = n // 12
        word = _NUMBERS[years] if years < len(_NUMBERS) else str(years)
        return f"{n} months ({word} year{'s' if years != 1 else ''})"
    return f"{n} month{'s' if n != 1 else ''}"


def join_and(items: Any, last: str = "and") -> str:
    items = [str(i) for i in (items or [])]
    if len(items) <= 1:
        return "".join(items)
    if len(items) == 2:
        return f"{items[0]} {last} {items[1]}"
    return ", ".join(items[:-1]) + f", {last} {items[-1]}"


def cite_list(items: Any) -> str:
    return "; ".join(str(i) for i in (items or []))


def _register(env: SandboxedEnvironment) -> SandboxedEnvironment:
    env.filters.update(
        need=need, longdate=longdate, months=months, join_and=join_and, cite_list=cite_list
    )
    return env


@functools.lru_cache(maxsize=1)
def text_env() -> SandboxedEnvironment:
    return _register(
        SandboxedEnvironment(undefined=StrictUndefined, autoescape=False, keep_trailing_newline=False)
    )


@functools.lru_cache(maxsize=1)
def docx_env() -> SandboxedEnvironment:
    return _register(SandboxedEnvironment(undefined=StrictUndefined, autoescape=True))


@functools.lru_cache(maxsize=4096)
def compile_text(source: str):
    """Compile a text template once per process (clause text, checklist wording)."""
    return text_env().from_string(source)


@functools.lru_cache(maxsize=4096)
def compile_expression(source: str):
    return text_env().compile_expression(source, undefined_to_none=False)


def render_text(source: str, context: dict, where: str) -> str:
    """Render a text template; any Jinja or sandbox error becomes a TemplateProblem naming ``where``."""
    try:
        return compile_text(source).render(context)
    except SecurityError as e:
        raise TemplateProblem(f"{where}: refused by the template sandbox: {e}") from None
    except TemplateError as e:
        raise TemplateProblem(f"{where}: {type(e).__name__}: {e}") from None


def evaluate(source: str, context: dict, where: str) -> Any:
    try:
        return compile_expression(source)(**context)
    except SecurityError as e:
        raise TemplateProblem(f"{where}: refused by the template sandbox: {e}") from None
    except TemplateError as e:
        raise TemplateProblem(f"{where}: {type(e).__name__}: {e}") from None
    except (TypeError, ValueError, AttributeError, KeyError) as e:
        raise TemplateProblem(f"{where}: cannot evaluate {source!r}: {e}") from None


def check_syntax(source: str, expression: bool = False) -> str | None:
    """The syntax error in a template or expression, or None."""
    try:
        if expression:
            text_env().compile_expression(source)
        else:
            text_env().parse(source)
    except TemplateError as e:
        return f"{type(e).__name__}: {e}"
    return None


__all__ = [
    "GAP_OPEN", "GAP_CLOSE", "ANCHOR_OPEN", "ANCHOR_CLOSE", "MARKERS", "gap", "need", "longdate",
    "months", "join_and", "cite_list", "text_env", "docx_env", "render_text", "evaluate",
    "check_syntax",
]
