"""A letter's matching copy: quotes, ligatures, odd spaces and scanning noise normalised, with a
map from every normalised character back to its place in the original (so a match can be
quoted exactly)."""

from __future__ import annotations

import re
from typing import Any


class Mapped:
    """A string being rewritten, remembering for each character where it came from."""

    def __init__(self, text: str):
        self.text = text
        self.pos = list(range(len(text) + 1))

    def sub(self, pattern: str | re.Pattern, repl, flags: int = 0) -> Mapped:
        """Like ``re.sub``; replaced characters map proportionally onto the matched original."""
        rx = re.compile(pattern, flags) if isinstance(pattern, str) else pattern
        if rx.search(self.text) is None:
            return self                 # nothing to rewrite: skip copying the position map
        out: list[str] = []
        pos: list[int] = []
        last = 0
        for m in rx.finditer(self.text):
            s, e = m.span()
            new = repl(m) if callable(repl) else m.expand(repl)
            if new == m.group():
                continue
            out.append(self.text[last:s])
            pos.extend(self.pos[last:s])
            out.append(new)
            span = max(e - s, 1)
            pos.extend(self.pos[min(s + i * span // max(len(new), 1), e)] for i in range(len(new)))
            last = e
        out.append(self.text[last:])
        pos.extend(self.pos[last:])
        self.text = "".join(out)
        self.pos = pos
        return self

    def translate(self, table: dict[str, str]) -> Mapped:
        keys = "".join(re.escape(k) for k in table)
        return self.sub(f"[{keys}]", lambda m: table[m.group()]) if keys else self


_CHARS = {
    "\u2018": "'", "\u2019": "'", "\u201a": "'", "\u201b": "'", "\u2032": "'", "\u00b4": "'",
    "\u201c": '"', "\u201d": '"', "\u201e": '"', "\u201f": '"', "\u2033": '"', "\u00ab": '"',
    "\u00bb": '"', "\ufb00": "ff", "\ufb01": "fi", "\ufb02": "fl", "\ufb03": "ffi", "\ufb04": "ffl",
    "\ufb05": "st", "\ufb06": "st", "\u00a0": " ", "\u2007": " ", "\u202f": " ", "\u2009": " ",
    "\u200a": " ", "\u2002": " ", "\u2003": " ", "\u205f": " ", "\u3000": " ", "\t": " ",
    "\n": " ", "\u2010": "-", "\u2011": "-", "\u2012": "-", "\u2013": "-", "\u2212": "-",
    "\u00ad": "", "\u200b": "", "\u200c": "", "\u200d": "", "\ufeff": "", "\u2060": "",
}

_DIGITISH = str.maketrans({"l": "1", "I": "1", "O": "0", "o": "0"})


def _digits(s: str) -> str:
    return s.translate(_DIGITISH)


def _has_digit(s: str) -> bool:
    return any(c.isdigit() for c in s)


# Repairs of scanning noise, each limited to forms that cannot be a real citation.
_OCR_FIXES: list[tuple[str, Any]] = [
    # USSG sections: 5Kl.1, lB1.8, 2Dl.l, 5KI.I -> 5K1.1, 1B1.8, 2D1.1
    (r"(?<![\w.])([1-8lI])\s?([A-H]|K)([0-9lI])\s?\.\s?([0-9lIO]{1,2})(?![\w])",
     lambda m: (f"{_digits(m[1])}{m[2]}{_digits(m[3])}.{_digits(m[4])}"
                if _has_digit(m[1] + m[3] + m[4]) else m.group())),
    # subsection numbers read as letters: (b)(l8) -> (b)(18)
    (r"(?<=\))\(([0-9lI]{1,2})\)", lambda m: f"({_digits(m[1])})" if _has_digit(m[1]) or m[1] == "ll" else m.group()),
    # § 3553(f): (O, (0, (Q, (t, (F -> (f); a missing closing parenthesis is added
    (r"(?<=3553)\s?\(\s?([OoQ0tTF])(?:\s?\))?", "(f)"),
    (r"(?<=3553)\s?\(\s?([a-g])(?![)\w])", lambda m: f"({m[1]})"),
    (r"(?<=3553)\s\(", "("),
    # Rule ll(f), Rule 4lO
    (r"\bRule\s+([0-9lI]{2,3})(?=\s?\()", lambda m: f"Rule {_digits(m[1])}"),
    (r"\b4[1lI][0Oo]\b", "410"),
    (r"\b(?:Rule|R\.\s?Evid\.)\s+4[1lI][0Oo]", lambda m: _digits(m.group()).replace("Ru1e", "Rule")),
    # section signs: §3553 -> § 3553, § § -> §§, an OCR "$" before a section number
    (r"\$\s?(?=\d{3,5}[a-z]?\()", "§ "),
    (r"§\s+§", "§§"),
    (r"(§§?)(?=\d)", r"\1 "),
    (r"(?<=§ )([0-9lIO]{3,5})\b", lambda m: _digits(m[1]) if _has_digit(m[1]) else m.group()),
    # U. S. C. / U.S.C, -> U.S.C.
    (r"\bU\.\s?S\.\s?C\s?[.,]", "U.S.C."),
]
_OCR_COMPILED = [(re.compile(p), r) for p, r in _OCR_FIXES]


def normalize(text: str) -> Mapped:
    """The matching copy of a paragraph, with its map back to ``text``."""
    m = Mapped(text).translate(_CHARS)
    for rx, repl in _OCR_COMPILED:
        m.sub(rx, repl)
    # the full stop of a title before a name ("Ms. Szymanski"), or of a name's suffix before the
    # sentence goes on ("DeMaria, Jr. will"), is no sentence end: the library's patterns read "[^.]"
    # as "within one sentence", so it becomes a one-dot leader (same length)
    m.sub(_TITLE_STOP, "\u2024")
    m.sub(r"\s{2,}", " ")
    m.sub(r"^\s+|\s+$", "")
    return m


_TITLE_STOP = re.compile(r"(?<=\b(?:Mr|Ms|Dr|St))\.(?=\s+[A-Z])|(?<=\bMrs)\.(?=\s+[A-Z])|"
                         # a name's suffix before the sentence goes on ("Carlo DeMaria, Jr. will be used")
                         r"(?<=\b(?:Jr|Sr))\.(?=,?\s+[a-z])")
TITLE_DOT = "\u2024"
