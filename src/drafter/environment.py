"""The one place that builds drafter's Jinja environments.

Both are sandboxed and use ``StrictUndefined``; filters are registered once, here.

- ``text_env()`` renders clause text, rules and checklist wording to *plain text* (no
  escaping: the output is text, not XML; it is escaped once, when it reaches a Word file).
- ``docx_env()`` renders Word templates; it always autoescapes, because docxtpl feeds it XML and
  an unescaped ``&`` or ``<`` in a fact would silently destroy the rest of the document.

Facts are only ever *values* in a context: nothing from a matter is compiled as a template.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import functools
from typing import Any, cast

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


def words(value: Any) -> str:
    """A small count in words, as letters write it: ``5`` -> ``five`` (13 and up stay digits)."""
    n = int(value)
    return _NUMBERS[n] if 0 <= n < len(_NUMBERS) else str(n)


def place(location: Any, office: Any = None) -> Any:
    """A meeting place as a sentence carries it: a bare office name gets its article, and the
    Office's own name is given in full ("United States Attorney's Office, 99 Main St." ->
    "the United States Attorney's Office for the District of X, 99 Main St.")."""
    if not location:
        return location
    text = str(location).strip()
    bare = "United States Attorney's Office"
    for quote in ("'", "\u2019"):
        head = bare.replace("'", quote)
        if text.startswith(head):
            rest = text[len(head):]
            named = office and str(office).startswith(bare) and not rest.lstrip().startswith("for ")
            full = str(office) if named else head
            return "the " + full + rest
    return text


def judge_name(value: Any) -> Any:
    """\"Hon. Carl W. Benning\" -> \"Judge Benning\" (a letter's way of naming the judge)."""
    if not value:
        return value
    import re

    name = re.sub(r"^(?:the\s+)?(?:Hon(?:ourable|orable)?\.?|Judge|Chief Judge|Senior Judge)\s+", "",
                  str(value).strip(), flags=re.I)
    name = re.sub(r",?\s+(?:Jr\.|Sr\.|II|III|IV|U\.S\.D\.J\.|U\.S\.M\.J\.)$", "", name)
    parts = name.split()
    return f"Judge {parts[-1]}" if parts else str(value)


def outside_attendees(attendees: Any, prosecutor: Any = None) -> list[str]:
    """The people at a session other than the prosecutors themselves: the letter to the
    prosecutor does not tell the prosecutor that the prosecutor was there."""
    import re

    surname = str(prosecutor or "").split()[-1:] or [""]
    out = []
    for a in attendees or []:
        text = str(a)
        if re.match(r"^(?:AUSA|SAUSA|Assistant United States Attorney|Asst\. U\.S\. Att(?:orne)?y)\b", text) \
                or (surname[0] and re.search(rf"\b{re.escape(surname[0])}\b", text) and "AUSA" in text.upper()):
            continue
        out.append(text)
    return out


def join_and(items: Any, last: str = "and") -> str:
    items = [str(i) for i in (items or [])]
    if len(items) <= 1:
        return "".join(items)
    if len(items) == 2:
        return f"{items[0]} {last} {items[1]}"
    return ", ".join(items[:-1]) + f", {last} {items[-1]}"


_OBJECT_FOLLOWERS = {"", "at", "to", "in", "into", "on", "for", "and", "or", "as", "with", "from",
                     "about", "by", "up", "out", "over", "after", "before"}


def second_person(text: Any, pronoun: Any = None) -> str:
    """An information subject written about the client ("the person who recruited her") as a
    memo to the client reads it ("... who recruited you"). Only the client's own pronoun is
    changed (both the "he" and the "she" forms when the pronoun is not recorded; none for any
    other pronoun); "her" before a noun becomes "your"."""
    import re

    p = str(pronoun or "").lower()
    if p and not p.startswith(("he", "she")):
        return str(text)
    words = ({"he", "him", "his"} if p.startswith("he") else set()) | \
        ({"she", "her", "hers"} if p.startswith("she") else set()) or \
        {"he", "him", "his", "she", "her", "hers"}
    plain = {"he": "you", "him": "you", "she": "you", "his": "your", "hers": "yours"}

    def swap(m: re.Match) -> str:
        word, nxt = m.group(1), (m.group(2) or "").lower()
        low = word.lower()
        if low not in words:
            return word
        out = plain.get(low) or ("you" if not nxt or nxt in _OBJECT_FOLLOWERS else "your")
        return out.capitalize() if word[0].isupper() else out

    return re.sub(r"\b([A-Za-z]+)\b(?=[^A-Za-z]*([A-Za-z]*))", swap, str(text))


def cite_list(items: Any) -> str:
    return "; ".join(str(i) for i in (items or []))


# --- a sandbox with bounded loops and sizes ----------------------------------------------------
# House templates and clauses are code written by someone else. Besides Jinja's sandbox (no
# private attributes, no unsafe calls), drafter's sandbox bounds what one expression can build:
# ``range`` gives at most MAX_RANGE numbers, ``*``, ``**``, ``%``, ``+``, filters and string
# methods may not make a value longer than MAX_SIZE, and no width/count argument may exceed it.
# ``render_budget`` adds a wall-clock limit and a memory ceiling around a whole rendering.

MAX_RANGE = 10_000
MAX_SIZE = 1_000_000
RENDER_SECONDS = 60
RENDER_MEMORY = 1024 ** 3


def _too_big(n: int, what: str) -> SecurityError:
    return SecurityError(f"{what} would be too large ({n:,}; at most {MAX_SIZE:,})")


def _size(value: Any) -> int:
    return len(value) if isinstance(value, (str, bytes, list, tuple, dict, set)) else 0


def _check_result(value: Any, what: str) -> Any:
    n = _size(value)
    if n > MAX_SIZE:
        raise _too_big(n, what)
    return value


def _check_args(args: tuple, kwargs: dict, what: str) -> None:
    for a in (*args, *kwargs.values()):
        if isinstance(a, int) and not isinstance(a, bool) and abs(a) > MAX_SIZE:
            raise _too_big(abs(a), f"an argument to {what}")


def _replace_size(s: Any, args: tuple) -> int:
    if isinstance(s, str) and len(args) >= 2 and isinstance(args[0], str) and isinstance(args[1], str):
        count = s.count(args[0]) if args[0] else len(s) + 1
        if len(args) > 2 and isinstance(args[2], int) and args[2] >= 0:
            count = min(count, args[2])
        return len(s) + count * max(0, len(args[1]) - len(args[0]))
    return 0


def bounded_range(*args: int) -> range:
    r = range(*args)
    if len(r) > MAX_RANGE:
        raise SecurityError(f"range of {len(r):,} numbers (at most {MAX_RANGE:,})")
    return r


def _bounded_filter(name: str, func):
    import inspect

    def wrapper(*args, **kwargs):
        plain = [a for a in args if not _is_context(a)]
        _check_args(tuple(plain[1:]), kwargs, f"the filter {name}")
        if name == "replace" and len(plain) >= 3 and _replace_size(plain[1], tuple(plain[2:])) > MAX_SIZE:
            raise _too_big(_replace_size(plain[1], tuple(plain[2:])), "the result of replace")
        return _check_result(func(*args, **kwargs), f"the result of the filter {name}")

    for attr in ("jinja_pass_arg",):
        if hasattr(func, attr):
            setattr(wrapper, attr, getattr(func, attr))
    cast(Any, wrapper).__signature__ = inspect.signature(func) if callable(func) else None
    return wrapper


def _is_context(a: Any) -> bool:
    from jinja2 import Environment
    from jinja2.nodes import EvalContext
    from jinja2.runtime import Context

    return isinstance(a, (Context, EvalContext, Environment))


class BoundedSandbox(SandboxedEnvironment):
    """Jinja's sandbox with bounded ranges, sizes and arguments (see above)."""

    intercepted_binops = frozenset({"*", "**", "%", "+", "//"})
    intercepted_unops = frozenset()

    def call_binop(self, context, operator: str, left: Any, right: Any) -> Any:
        if operator == "*":
            for seq, n in ((left, right), (right, left)):
                if _size(seq) and isinstance(n, int) and not isinstance(n, bool) and _size(seq) * max(n, 0) > MAX_SIZE:
                    raise _too_big(_size(seq) * n, "a repeated text or list")
        elif operator == "**":
            if isinstance(left, int) and isinstance(right, int) and abs(right) > 64 and abs(left) > 1:
                raise SecurityError(f"a power of {right:,} (at most 64)")
        elif operator == "%" and isinstance(left, str):
            import re

            if re.search(r"%[-+ #0]*(?:\d{7,}|\*)|\.\d{7,}", left):
                raise SecurityError("a format width or precision that is too large")
        elif operator == "+" and _size(left) + _size(right) > MAX_SIZE:
            raise _too_big(_size(left) + _size(right), "a joined text or list")
        return _check_result(super().call_binop(context, operator, left, right), "a value")

    def call(__self, __context, __obj, *args, **kwargs):  # Jinja's own signature for call()
        import re

        name = getattr(__obj, "__name__", "a function")
        owner = getattr(getattr(__obj, "__wrapped__", __obj), "__self__", None)
        _check_args(args, kwargs, name)
        if isinstance(owner, str) and name in ("format", "format_map") \
                and re.search(r"\{[^{}]*:[^{}]*\d{7,}", owner):
            raise SecurityError("a format width or precision that is too large")
        if name == "replace" and _replace_size(owner, args) > MAX_SIZE:
            raise _too_big(_replace_size(owner, args), "the result of replace")
        return _check_result(super().call(__context, __obj, *args, **kwargs), f"the result of {name}")


def _register(env: SandboxedEnvironment) -> SandboxedEnvironment:
    env.filters.update(
        need=need, longdate=longdate, months=months, join_and=join_and, cite_list=cite_list,
        second_person=second_person, words=words, place=place, judge_name=judge_name,
        outside_attendees=outside_attendees,
    )
    env.filters = {name: _bounded_filter(name, f) for name, f in env.filters.items()}
    env.globals.pop("lipsum", None)
    env.globals["range"] = bounded_range
    return env


@functools.lru_cache(maxsize=1)
def text_env() -> SandboxedEnvironment:
    return _register(
        BoundedSandbox(undefined=StrictUndefined, autoescape=False, keep_trailing_newline=False)
    )


@functools.lru_cache(maxsize=1)
def docx_env() -> SandboxedEnvironment:
    return _register(BoundedSandbox(undefined=StrictUndefined, autoescape=True))


_BUDGET_ACTIVE = False


@contextlib.contextmanager
def render_budget(seconds: float | None = None, memory: int | None = None,
                  what: str = "rendering"):
    """Bound a rendering (of house templates and clauses) in time and memory: a wall-clock alarm
    (POSIX, main thread) and an address-space ceiling ``memory`` above what the process uses now
    (POSIX). Exceeding either is a TemplateProblem, not a hang or an exhausted machine."""
    import signal
    import threading

    global _BUDGET_ACTIVE
    if _BUDGET_ACTIVE:
        yield
        return
    seconds = RENDER_SECONDS if seconds is None else seconds
    memory = RENDER_MEMORY if memory is None else memory
    use_alarm = hasattr(signal, "setitimer") and threading.current_thread() is threading.main_thread()
    old_handler = old_limit = None

    def on_alarm(signum, frame):
        raise TemplateProblem(f"{what} took longer than {seconds:g} seconds; a loop in a house "
                              "template or clause, or a letter too long to review?")

    if use_alarm:
        old_handler = signal.signal(signal.SIGALRM, on_alarm)
        signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        import resource

        soft, hard = resource.getrlimit(resource.RLIMIT_AS)
        with open("/proc/self/statm") as fh:
            used = int(fh.read().split()[0]) * resource.getpagesize()
        ceiling = used + memory
        if soft == resource.RLIM_INFINITY or soft > ceiling:
            if hard == resource.RLIM_INFINITY or ceiling <= hard:
                resource.setrlimit(resource.RLIMIT_AS, (ceiling, hard))
                old_limit = (soft, hard)
    except (ImportError, OSError, ValueError):
        pass
    _BUDGET_ACTIVE = True
    try:
        yield
    except MemoryError:
        raise TemplateProblem("rendering needed more memory than allowed; a house template or "
                              "clause building a huge value? (limit: RENDER_MEMORY)") from None
    finally:
        _BUDGET_ACTIVE = False
        if use_alarm:
            signal.setitimer(signal.ITIMER_REAL, 0)
            signal.signal(signal.SIGALRM, old_handler)
        if old_limit is not None:
            import resource

            resource.setrlimit(resource.RLIMIT_AS, old_limit)


@functools.lru_cache(maxsize=4096)
def compile_text(source: str):
    """Compile a text template once per process (clause text, checklist wording), its code
    kept between runs (``compile_cached``)."""
    import hashlib

    return compile_cached(text_env(), source, hashlib.sha256(source.encode("utf-8")).hexdigest())


# --- compiled templates kept between runs ----------------------------------------------------
# Jinja's bytecode cache in the user's cache folder (usercache: never an output folder). An
# entry is used only for the same source compiled by an environment with the same settings
# under the same Jinja and Python versions; anything else is compiled again. Without a usable
# folder every template is compiled in each run.

def _settings(env: SandboxedEnvironment) -> str:
    """Everything about ``env`` that decides the code Jinja generates."""
    import sys

    import jinja2

    return repr((sys.version, jinja2.__version__, type(env).__module__, type(env).__qualname__,
                 env.autoescape, env.sandboxed, sorted(env.intercepted_binops),
                 sorted(env.intercepted_unops), env.block_start_string, env.block_end_string,
                 env.variable_start_string, env.variable_end_string, env.comment_start_string,
                 env.comment_end_string, env.line_statement_prefix, env.line_comment_prefix,
                 env.trim_blocks, env.lstrip_blocks, env.newline_sequence,
                 env.keep_trailing_newline, sorted(env.extensions), env.optimized))


def compile_cached(env: SandboxedEnvironment, source: str, slot: str, prepare: Any = None) -> Any:
    """``env``'s template for ``source`` (passed through ``prepare`` first, when given). ``slot``
    names the entry (a later compile for the same slot replaces it); the entry is used only when
    ``source``, ``slot`` and ``env``'s settings are all the same."""
    from jinja2.bccache import FileSystemBytecodeCache

    from .usercache import folder

    where = folder("templates")
    cache = FileSystemBytecodeCache(str(where), "%s.jinja-code") if where is not None else None
    bucket = None
    if cache is not None:
        try:
            bucket = cache.get_bucket(env, slot, _settings(env), source)
        except Exception:   # noqa: BLE001 - an unreadable or damaged entry is only a miss
            bucket = None
        if bucket is not None and bucket.code is not None:
            return env.template_class.from_code(env, bucket.code, env.make_globals(None), None)
    code = env.compile(prepare(source) if prepare is not None else source)
    if bucket is not None and cache is not None:       # (a bucket comes from the cache)
        bucket.code = code
        try:
            cache.set_bucket(bucket)
        except OSError:     # a full or read-only disk: the next run compiles again
            pass
    return env.template_class.from_code(env, code, env.make_globals(None), None)


@functools.lru_cache(maxsize=4096)
def compile_expression(source: str):
    return text_env().compile_expression(source, undefined_to_none=False)


def _short(e: Exception, limit: int = 200) -> str:
    text = " ".join(str(e).split())
    return text if len(text) <= limit else text[:limit] + "…"


def render_text(source: str, context: dict, where: str) -> str:
    """Render a text template; any Jinja or sandbox error becomes a TemplateProblem naming ``where``."""
    return render_template(compile_text(source), context, where)


def render_template(template: Any, context: dict, where: str) -> str:
    """Render a compiled template (a clause text or a Word template's body); any Jinja or sandbox
    error becomes a one-line TemplateProblem naming ``where``."""
    try:
        return template.render(context)
    except SecurityError as e:
        raise TemplateProblem(f"{where}: refused by the template sandbox: {e}") from None
    except TemplateError as e:
        raise TemplateProblem(f"{where}: {type(e).__name__}: {e}") from None
    except (TypeError, ValueError, AttributeError, KeyError, ArithmeticError, RecursionError,
            IndexError) as e:
        raise TemplateProblem(f"{where}: {type(e).__name__}: {_short(e)}") from None


def evaluate(source: str, context: dict, where: str) -> Any:
    try:
        return compile_expression(source)(**context)
    except SecurityError as e:
        raise TemplateProblem(f"{where}: refused by the template sandbox: {e}") from None
    except TemplateError as e:
        raise TemplateProblem(f"{where}: {type(e).__name__}: {e}") from None
    except (TypeError, ValueError, AttributeError, KeyError, ArithmeticError, RecursionError,
            IndexError) as e:
        raise TemplateProblem(f"{where}: cannot evaluate {source!r}: {type(e).__name__}: {_short(e)}") from None


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
