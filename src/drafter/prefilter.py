"""A cheap test that lets a recognition pattern skip text it cannot match.

Most of a review's time goes to running some 2,000 case-insensitive recognition patterns over every
paragraph, and almost every search fails. A pattern such as ``\\bsole\\s+discretion\\b`` can only
match text that contains ``sole`` and ``discretion``; looking for those words with ``in`` on the
lower-cased text is many times faster than the search. ``needs(pattern)`` works out such words from
the pattern's parse tree, and ``Prefiltered.search`` runs the regular expression only where they
are present. The test never changes a result: it only ever skips a search that would fail.

What counts as necessary:
- a run of ASCII letters, digits, spaces and punctuation that the pattern must match literally, at
  its top level, inside a group, or inside a repeat taken at least once;
- where the pattern branches (``(?:forgo|decline|refrain)``), one such run from *every* branch:
  the text must contain at least one of them.

Matching ignores case, so the text is lower-cased; the two characters other than ASCII letters that
``re.IGNORECASE`` takes for one (the dotless ``ı`` for ``i``, the long ``ſ`` for ``s``) are folded too,
which ``tests/test_prefilter.py`` checks over the whole Basic Multilingual Plane.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # the type stubs describe the parser under its pre-3.11 names
    import sre_constants as C
    import sre_parse as P
else:  # Python 3.11+
    from re import _constants as C, _parser as P

_FOLD = str.maketrans({"\u0131": "i", "\u017f": "s"})
_REPEATS = (C.MAX_REPEAT, C.MIN_REPEAT, C.POSSESSIVE_REPEAT)
_MIN = 3            # a shorter literal ("of", "a ") filters almost nothing
_last: list[tuple[str, str]] = [("", "")]


def folded(text: str) -> str:
    """The text as the literals are compared with it: lower-cased, with ``ı`` and ``ſ`` folded.
    The last text is remembered, since every pattern of the library is tried on the same paragraph
    in turn."""
    seen, low = _last[0]
    if text is seen:
        return low
    low = text.lower()
    if not text.isascii():
        low = low.translate(_FOLD)
    _last[0] = (text, low)
    return low


Need = tuple[str, ...]  # the text must contain at least one of these


def _runs(seq) -> list[Need]:
    """The needs of a parsed sequence: each literal run (as a one-string need), and one need per
    branch point all of whose branches have a literal."""
    needs: list[Need] = []
    run: list[str] = []

    def close() -> None:
        if len(run) >= _MIN:
            needs.append(("".join(run),))
        run.clear()

    for op, av in seq:
        if op is C.LITERAL and av < 128:
            run.append(chr(av).lower())
            continue
        close()
        if op is C.SUBPATTERN:
            needs.extend(_runs(av[-1]))
        elif op in _REPEATS and av[0] >= 1:
            needs.extend(_runs(av[2]))
        elif op is C.ATOMIC_GROUP:
            needs.extend(_runs(av))
        elif op is C.BRANCH:
            best: list[str] = []
            for branch in av[1]:
                inner = [n for n in _runs(branch) if len(n) == 1]
                if not inner:
                    best = []
                    break
                best.append(max((n[0] for n in inner), key=len))
            if best:
                needs.append(tuple(sorted(set(best))))
    close()
    return needs


def needs(pattern: str, flags: int = 0) -> tuple[Need, ...]:
    """At most two needs of the pattern, the most selective first (a single long literal before
    a choice of several)."""
    try:
        parsed = P.parse(pattern, flags)
    except re.error:
        return ()
    found = _runs(parsed)
    found.sort(key=lambda n: (len(n) > 1, -min(len(s) for s in n)))
    return tuple(found[:2])


@dataclass(frozen=True, eq=False)
class Prefiltered:
    """A compiled recognition pattern whose ``search`` first checks the pattern's needs."""

    rx: re.Pattern
    need: tuple[Need, ...]

    @property
    def pattern(self) -> str:
        return self.rx.pattern

    def search(self, text: str) -> re.Match | None:
        if self.need:
            low = folded(text)
            for alternatives in self.need:
                if not any(s in low for s in alternatives):
                    return None
        return self.rx.search(text)


def prefiltered(rx: re.Pattern) -> Prefiltered:
    return Prefiltered(rx, needs(rx.pattern, rx.flags))
