"""Terms outside the clause library that a defense lawyer checks in the Office's letter.

An appeal waiver in a plea agreement, a statement of "present intention" not to arrest a client who
travels for the meeting, a company's bar on recovering the penalty from its insurers: none is one
of the library's clause types, none is redlined (each turns on the client and the case), but the
report lists each one the letter has, with where it is, what it risks and what to ask. The terms
are data (``data/other-terms.yaml``).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:                                     # pragma: no cover
    from .review import Review


@dataclass(frozen=True)
class OtherTerm:
    title: str
    party: str
    kinds: tuple[str, ...]
    pattern: re.Pattern
    risk: str
    ask: str
    # the Office's sentence already gives what the ask asks for: the risk and the ask said instead
    granted: re.Pattern | None = None
    granted_risk: str = ""
    granted_ask: str = ""


@dataclass(frozen=True)
class Seen:
    """One such term in the letter: where, the Office's words, the risk and the ask."""

    title: str
    where: str
    words: str
    risk: str
    ask: str


@lru_cache(maxsize=1)
def terms() -> tuple[OtherTerm, ...]:
    import yaml

    from .. import regexlint
    from ..errors import DataError

    path = Path(__file__).resolve().parents[1] / "data" / "other-terms.yaml"
    out = []
    for t in yaml.safe_load(path.read_text(encoding="utf-8")) or []:
        # the same bound as the clause library's patterns: nothing that could run in worse than
        # linear time on a crafted letter
        slow = regexlint.problems(t["find"], re.I)
        if slow:
            raise DataError.single(str(path), f"{t['title']}: pattern {t['find']!r}: {slow[0]}")
        granted = t.get("granted")
        slow = regexlint.problems(granted, re.I) if granted else []
        if slow:
            raise DataError.single(str(path), f"{t['title']}: pattern {granted!r}: {slow[0]}")
        out.append(OtherTerm(t["title"], t.get("party", "any"), tuple(t.get("kinds") or ()),
                             re.compile(t["find"], re.I), " ".join(t["risk"].split()), " ".join(t["ask"].split()),
                             re.compile(granted, re.I) if granted else None,
                             " ".join((t.get("granted_risk") or "").split()),
                             " ".join((t.get("granted_ask") or "").split())))
    return tuple(out)


def _sentence(text: str, start: int, end: int, limit: int = 320) -> str:
    """The sentence around ``text[start:end]``, shortened around the match when long."""
    a = text.rfind(". ", 0, start) + 2 if ". " in text[:start] else 0
    b = text.find(". ", end)
    b = len(text) if b < 0 else b + 1
    if b - a > limit:
        a, b = max(a, start - limit // 2), min(b, end + limit // 2)
        return ("…" if a > 0 else "") + " ".join(text[a:b].split()) + "…"
    return " ".join(text[a:b].split())


def found_in(review: Review) -> list[Seen]:
    """The other terms the letter's body has (before its signature block), each once, where it
    first appears, for this party and kind of document."""
    from .counterdraft import insertion_point
    from .places import paragraph_ref

    doc = review.doc
    party = "company" if doc.company else "individual"
    body = review.letter.paragraphs[:insertion_point(review)]
    out = []
    for t in terms():
        if t.party not in ("any", party) or (t.kinds and doc.kind not in t.kinds):
            continue
        for para in body:
            m = t.pattern.search(para.norm)
            if m is None:
                continue
            s, e = para.original_span(m.start(), m.end())
            words = _sentence(para.text, s, e)
            given = t.granted is not None and t.granted.search(" ".join(words.split())) is not None
            out.append(Seen(t.title, paragraph_ref(review.letter, para.number), words,
                            t.granted_risk if given else t.risk, t.granted_ask if given else t.ask))
            break
    return out
