"""Recognition patterns must run in linear time on any letter.

Python's ``re`` backtracks, so a pattern can take quadratic or exponential time on a crafted
paragraph (a run of 100,000 digits against ``\\d+\\s+days``: each of the 100,000 starting points
consumes the whole run before failing). ``problems(pattern)`` rejects the three shapes that do
this:

- a *nested* unbounded repeat inside an unbounded repeat: ``(a+)+``, ``(?:\\w+\\s?)*``;
- *adjacent* unbounded repeats that can take the same characters (with only optional items
  between): ``\\d+\\d+``, ``\\w+\\s*\\w+``, ``.*.*``;
- a *leading* unbounded repeat with no guard (``\\b``, ``^``, a lookbehind) before it: a search
  tries it at every position of a long run. Guard it: ``\\b\\d+``, ``(?<!\\d)\\d+``.

Bounded repeats (``{0,80}``) and possessive repeats are fine. The check is deliberately
conservative; ``drafter clauses lint`` runs it on every signal of the library.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # the type stubs describe the parser under its pre-3.11 names
    import sre_constants as C
    import sre_parse as P
else:  # Python 3.11+ (the sre_* names still import, with a DeprecationWarning)
    from re import _constants as C, _parser as P

_SAMPLE = [chr(c) for c in range(0x250)] + list(
    "\u2010\u2011\u2013\u2014\u2018\u2019\u201c\u201d\u00a7\u00b6\u00a0\u2002\u3000")
_ALL = frozenset(_SAMPLE)
_REPEATS = {C.MAX_REPEAT, C.MIN_REPEAT}


def _category(cat, c: str) -> bool:
    name = str(cat).upper()
    neg = "NOT_" in name
    if "DIGIT" in name:
        r = c.isdecimal()
    elif "SPACE" in name:
        r = c.isspace()
    elif "WORD" in name:
        r = c.isalnum() or c == "_"
    elif "LINEBREAK" in name:
        r = c == "\n"
    else:
        r = True
    return r != neg


def _in_set(items, c: str, ignore_case: bool) -> bool:
    neg = False
    hit = False
    for op, av in items:
        if op is C.NEGATE:
            neg = True
        elif op is C.LITERAL:
            hit |= c == chr(av) or (ignore_case and c.lower() == chr(av).lower())
        elif op is C.RANGE:
            lo, hi = av
            hit |= lo <= ord(c) <= hi or (ignore_case and any(  # "ß".upper() is "SS": no single case
                len(x) == 1 and lo <= ord(x) <= hi for x in (c.lower(), c.upper())))
        elif op is C.CATEGORY:
            hit |= _category(av, c)
        else:
            hit = True
    return hit != neg


_LEAVES: dict[tuple, frozenset] = {}


def _leaf(op, av, ic: bool) -> frozenset | None:
    """The characters (of the sample) one leaf can match; a class's set is worked out once per
    process (the library's patterns share the same few classes: \\s, \\w, [^.] ...)."""
    if op is C.IN or op is C.CATEGORY:
        key = (op, repr(av), ic)
        got = _LEAVES.get(key)
        if got is None:
            got = _LEAVES[key] = _class_leaf(op, av, ic)
        return got
    return _plain_leaf(op, av, ic)


def _class_leaf(op, av, ic: bool) -> frozenset:
    if op is C.IN:
        return frozenset(c for c in _SAMPLE if _in_set(av, c, ic))
    return frozenset(c for c in _SAMPLE if _category(av, c))


def _plain_leaf(op, av, ic: bool) -> frozenset | None:
    if op is C.LITERAL:
        ch = chr(av)
        return frozenset({ch, ch.lower(), ch.upper()} if ic else {ch})
    if op is C.NOT_LITERAL:
        return _ALL - {chr(av)}
    if op is C.ANY:
        return _ALL - {"\n"}
    return None


def _chars(seq, ic: bool) -> frozenset:
    """Every character any leaf of ``seq`` can take."""
    out: set = set()
    for op, av in seq:
        leaf = _leaf(op, av, ic)
        if leaf is not None:
            out |= leaf
        elif op is C.SUBPATTERN:
            out |= _chars(av[-1], ic)
        elif op is C.BRANCH:
            for alt in av[1]:
                out |= _chars(alt, ic)
        elif op in _REPEATS or op is getattr(C, "POSSESSIVE_REPEAT", None):
            out |= _chars(av[2], ic)
        elif op is getattr(C, "ATOMIC_GROUP", None):
            out |= _chars(av, ic)
        elif op is C.GROUPREF:
            out |= _ALL
    return frozenset(out)


def _nullable(seq) -> bool:
    for op, av in seq:
        if op in (C.AT, C.ASSERT, C.ASSERT_NOT):
            continue
        if op in _REPEATS or op is getattr(C, "POSSESSIVE_REPEAT", None):
            if av[0] == 0 or _nullable(av[2]):
                continue
            return False
        if op is C.SUBPATTERN:
            if _nullable(av[-1]):
                continue
            return False
        if op is C.BRANCH:
            if any(_nullable(alt) for alt in av[1]):
                continue
            return False
        return False
    return True


def _unbounded(op, av) -> bool:
    return op in _REPEATS and av[1] == C.MAXREPEAT


def _leading_repeats(seq, ic: bool) -> list[frozenset]:
    """Char sets of unbounded repeats a match of ``seq`` can start with (no guard before)."""
    out: list[frozenset] = []
    for op, av in seq:
        if op in (C.AT, C.ASSERT, C.ASSERT_NOT):
            return out                       # a guard: \b, ^, a lookaround
        if _unbounded(op, av):
            out.append(_chars(av[2], ic))
            if not _nullable([(op, av)]):
                return out
            continue
        if op is C.SUBPATTERN:
            out += _leading_repeats(av[-1], ic)
            if not _nullable(av[-1]):
                return out
            continue
        if op is C.BRANCH:
            for alt in av[1]:
                out += _leading_repeats(alt, ic)
            if not any(_nullable(a) for a in av[1]):
                return out
            continue
        if op in _REPEATS:
            out += _leading_repeats(av[2], ic)
            if av[0] > 0 and not _nullable(av[2]):
                return out
            continue
        return out
    return out


def _walk(seq, ic: bool, inside_unbounded: bool, out: list[str]) -> None:
    items = list(seq)
    for i, (op, av) in enumerate(items):
        if _unbounded(op, av):
            body = av[2]
            if inside_unbounded:
                out.append("nested unbounded repeats (like (a+)+): exponential on a crafted letter")
            else:
                _walk(body, ic, True, out)
            mine = _chars(body, ic)
            for op2, av2 in items[i + 1:]:
                if _unbounded(op2, av2) or op2 in (C.SUBPATTERN, C.BRANCH):
                    sub = [(op2, av2)] if _unbounded(op2, av2) else (
                        av2[-1] if op2 is C.SUBPATTERN else [x for alt in av2[1] for x in alt[:1]])
                    lead = [_chars(av2[2], ic)] if _unbounded(op2, av2) else _leading_repeats(sub, ic)
                    if any(mine & s for s in lead):
                        out.append("adjacent unbounded repeats that can take the same characters "
                                   "(like \\w+\\s*\\w+): quadratic on a crafted letter")
                        break
                if op2 in (C.AT, C.ASSERT, C.ASSERT_NOT):
                    continue
                if not _nullable([(op2, av2)]):
                    break
        elif op in _REPEATS:
            _walk(av[2], ic, inside_unbounded, out)
        elif op is C.SUBPATTERN:
            _walk(av[-1], ic, inside_unbounded, out)
        elif op is C.BRANCH:
            for alt in av[1]:
                _walk(alt, ic, inside_unbounded, out)
        elif op in (C.ASSERT, C.ASSERT_NOT):
            _walk(av[1], ic, inside_unbounded, out)


def problems(pattern: str, flags: int = re.I) -> list[str]:
    """Why ``pattern`` may run in worse than linear time (empty when it cannot)."""
    try:
        tree = P.parse(pattern, flags)
    except re.error as e:
        return [f"does not compile: {e}"]
    ic = bool(flags & re.I)
    out: list[str] = []
    _walk(tree, ic, False, out)
    if _leading_repeats(tree, ic):
        out.append("starts with an unbounded repeat and no guard: a search retries it at every "
                   "position of a long run; put \\b or a lookbehind before it")
    return list(dict.fromkeys(out))
