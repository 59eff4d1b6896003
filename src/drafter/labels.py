"""Paragraph labels and ordinals: the one grammar for "3.", "(c)", "(iv)", "IV.", "¶ 3",
"Paragraph 3", "SECTION 3" and "FIRST," ... "TWENTY-FIRST," ... "NINETY-NINTH,".

A government letter numbers its paragraphs in one of these ways. Reading the letter (where a
re-flowed line starts a new item), recognising its clauses (where a paragraph's own label ends),
naming a paragraph in the cover letter, numbering a new paragraph of the counter-draft and
splitting a clause into lettered sub-items all use this module, so a label is a label everywhere.

- top-level labels, which count the letter's paragraphs: ``3.``, ``3)``, ``(3)``, ``¶ 3``,
  ``Paragraph 3``, ``Section 3`` / ``SECTION 3``, and the ordinals ``FIRST`` to ``NINETY-NINTH``
  (in capitals with or without a comma, colon or full stop; in title case only with a comma or
  colon, since "First the ..." is a sentence);
- item labels, which count items inside a paragraph: ``(a)``/``(aa)``, ``a.``/``a)``, ``A.`` to
  ``H.``, ``(iv)``, ``IV.`` (roman numerals are written as roman numerals, so ``(civil)`` is not
  one). A capital letter past H is an initial or an abbreviation far more often than a label
  ("P. 11(f)" at the start of a wrapped line of "Fed. R. Crim. P. 11(f)"), and so is "v.".

A label ending in "." or ")" is only a label when no letter, digit or full stop follows it
("U.S. Attorney", "1.5 million" and "e.g." are not labels).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

# --- ordinals ---------------------------------------------------------------------------------

_UNITS = ("FIRST SECOND THIRD FOURTH FIFTH SIXTH SEVENTH EIGHTH NINTH TENTH ELEVENTH TWELFTH "
          "THIRTEENTH FOURTEENTH FIFTEENTH SIXTEENTH SEVENTEENTH EIGHTEENTH NINETEENTH").split()
_TENS = "TWENTY THIRTY FORTY FIFTY SIXTY SEVENTY EIGHTY NINETY".split()


def _ordinals() -> tuple[str, ...]:
    out = list(_UNITS)
    for tens in _TENS:
        out.append(tens[:-1] + "IETH")                  # TWENTIETH, THIRTIETH ...
        out += [f"{tens}-{unit}" for unit in _UNITS[:9]]   # TWENTY-FIRST ... TWENTY-NINTH
    return tuple(out)


ORDINALS = _ordinals()          # ORDINALS[n - 1] is the ordinal of n, for n = 1 .. 99
_ORDINAL_VALUE = {w: i + 1 for i, w in enumerate(ORDINALS)}


def ordinal(n: int) -> str:
    """``ordinal(1) == "FIRST"``, ``ordinal(21) == "TWENTY-FIRST"`` (1 to 99)."""
    if not 1 <= n <= len(ORDINALS):
        raise ValueError(f"no ordinal word for {n} (1 to {len(ORDINALS)})")
    return ORDINALS[n - 1]


def ordinal_value(word: str) -> int | None:
    """``ordinal_value("Sixteenth") == 16``; a space or dash may join the tens and units."""
    return _ORDINAL_VALUE.get(re.sub(r"[\s\u2010-\u2013-]+", "-", word.strip()).upper())


# Longest first, so that TWENTY-FIRST is not read as TWENTY... and FOURTEENTH not as FOUR...
_ORDINAL_UPPER = "|".join(re.escape(w).replace("\\-", r"[-\s]")
                          for w in sorted(ORDINALS, key=len, reverse=True))
_ORDINAL_TITLE = "|".join(re.escape(w.title()).replace("\\-", r"[-\s]")
                          for w in sorted(ORDINALS, key=len, reverse=True))


# --- roman numerals and letters ---------------------------------------------------------------

_ROMAN = r"(?=[ivxlc])c{0,3}(?:xc|xl|l?x{0,3})(?:ix|iv|v?i{0,3})"
_ROMAN_VALUES = {"i": 1, "v": 5, "x": 10, "l": 50, "c": 100}


def roman(n: int, upper: bool = False) -> str:
    """``roman(4) == "iv"`` (1 to 399)."""
    if not 1 <= n < 400:
        raise ValueError(f"no roman numeral for {n} here (1 to 399)")
    out = ""
    for value, digits in ((100, "c"), (90, "xc"), (50, "l"), (40, "xl"), (10, "x"), (9, "ix"),
                          (5, "v"), (4, "iv"), (1, "i")):
        while n >= value:
            out, n = out + digits, n - value
    return out.upper() if upper else out


def roman_value(text: str) -> int | None:
    """``roman_value("xiv") == 14``; None for anything that is not a well-formed numeral."""
    s = text.lower()
    if not s or not re.fullmatch(_ROMAN, s):
        return None
    total = 0
    for i, c in enumerate(s):
        v = _ROMAN_VALUES[c]
        total += -v if i + 1 < len(s) and _ROMAN_VALUES[s[i + 1]] > v else v
    return total


def letter(n: int, upper: bool = False) -> str:
    """``letter(1) == "a"``, ``letter(27) == "aa"`` (the way agreements double letters past z)."""
    if not 1 <= n <= 52:
        raise ValueError(f"no item letter for {n} (1 to 52)")
    s = chr(ord("a") + (n - 1) % 26) * (1 + (n - 1) // 26)
    return s.upper() if upper else s


def letter_value(text: str) -> int | None:
    s = text.lower()
    if not re.fullmatch(r"([a-z])\1?", s):
        return None
    return (ord(s[0]) - ord("a") + 1) + 26 * (len(s) - 1)


# --- the grammar ------------------------------------------------------------------------------

_LETTERS = "|".join([c * 2 for c in "abcdefghijklmnopqrstuvwxyz"] + ["[a-z]"])   # (a) ... (z), (aa) ... (zz)
_AFTER = r"(?![\w.])"            # what may not follow a label ending in "." or ")"
_GRAMMAR = re.compile(
    r"^(?P<lead>\s*)(?:"
    r"(?P<num>\((?P<pn>\d{1,2})\)|(?P<dn>\d{1,2})(?P<dp>[.)])" + _AFTER + r")"
    r"|(?P<pil>¶+(?P<pilsp>\s*)(?P<piln>\d{1,3})(?P<pilp>\.)?" + _AFTER + r")"
    r"|(?P<word>(?P<ww>Paragraph|PARAGRAPH|Section|SECTION)(?P<wsp>\s+)(?P<wn>\d{1,3})(?P<wp>[.:])?" + _AFTER + r")"
    r"|(?P<ord>(?P<ou>" + _ORDINAL_UPPER + r")\b(?P<oup>[,:.])?)"
    r"|(?P<ordt>(?P<ot>" + _ORDINAL_TITLE + r")(?P<otsp>\s*)(?P<otp>[,:]))"
    r"|(?P<sub>\((?![lc]\)|cc\))(?P<pr>" + _ROMAN + r")\)|\((?P<pl>" + _LETTERS + r")\))"
    r"|(?P<rom>(?![LC]\.)(?P<dr>" + _ROMAN.upper() + r")\." + _AFTER + r")"
    r"|(?P<let>(?!v\.)(?P<dl>[a-z]|[A-H])(?P<dlp>[.)])" + _AFTER + r")"
    r")(?P<trail>\s*)"
)

TOP_LEVEL = ("number", "paragraph", "section", "ordinal")
ITEM = ("letter", "roman")


@dataclass(frozen=True)
class Label:
    """A paragraph's own label, as the letter writes it."""

    kind: str           # number | paragraph | section | ordinal | letter | roman
    value: int          # what it counts: 3 for "3.", "(c)", "(iii)", "THIRD,"
    text: str           # the label as written, without the spaces around it ("FIRST,", "(c)")
    end: int            # where the paragraph's text after the label (and its spaces) starts
    form: str           # how to write another label the same way: "{n}." "({l})" "¶ {n}" ...

    @property
    def top_level(self) -> bool:
        return self.kind in TOP_LEVEL

    def render(self, value: int) -> str:
        """The label of ``value`` written the way this one is ("" when it has no such form)."""
        try:
            if self.kind == "ordinal":
                word = ordinal(value)
                return self.form.replace("{O}", word).replace("{o}", word.title())
            if self.kind == "roman":
                return self.form.replace("{r}", roman(value)).replace("{R}", roman(value, upper=True))
            if self.kind == "letter":
                return self.form.replace("{l}", letter(value)).replace("{L}", letter(value, upper=True))
            return self.form.replace("{n}", str(value))
        except ValueError:
            return ""

    def following(self, i: int) -> str:
        """The label ``i + 1`` places after this one ("FIRST," -> "SECOND," for i = 0)."""
        return self.render(self.value + 1 + i)


def _parsed(value: int | None) -> int:
    """The value of a label the grammar matched: it only matches well-formed ordinals, numerals
    and letters, so the value is always there."""
    assert value is not None, "the label grammar matched a label it cannot read"
    return value


def parse(text: str) -> Label | None:
    """The label a paragraph starts with, or None."""
    m = _GRAMMAR.match(text)
    if not m:
        return None
    g = m.groupdict()
    written = text[len(g["lead"]):m.end() - len(g["trail"])]
    if g["num"]:
        if g["pn"]:
            return Label("number", int(g["pn"]), written, m.end(), "({n})")
        return Label("number", int(g["dn"]), written, m.end(), "{n}" + g["dp"])
    if g["pil"]:
        return Label("paragraph", int(g["piln"]), written, m.end(),
                     "¶" + g["pilsp"] + "{n}" + (g["pilp"] or ""))
    if g["word"]:
        return Label("section" if g["ww"].lower() == "section" else "paragraph", int(g["wn"]), written,
                     m.end(), g["ww"] + " {n}" + (g["wp"] or ""))
    if g["ord"]:
        return Label("ordinal", _parsed(ordinal_value(g["ou"])), written, m.end(), "{O}" + (g["oup"] or ""))
    if g["ordt"]:
        return Label("ordinal", _parsed(ordinal_value(g["ot"])), written, m.end(), "{o}" + g["otsp"] + g["otp"])
    if g["sub"]:
        if g["pr"] is not None:
            return Label("roman", _parsed(roman_value(g["pr"])), written, m.end(), "({r})")
        return Label("letter", _parsed(letter_value(g["pl"])), written, m.end(), "({l})")
    if g["rom"]:
        return Label("roman", _parsed(roman_value(g["dr"])), written, m.end(), "{R}.")
    upper = g["dl"].isupper()
    return Label("letter", _parsed(letter_value(g["dl"])), written, m.end(), ("{L}" if upper else "{l}") + g["dlp"])


def label_end(text: str) -> int:
    """Where a paragraph's own label ("3.", "(c)", "FIRST,") and the spaces after it end; with
    no label, where its leading spaces end."""
    found = parse(text)
    return found.end if found else len(text) - len(text.lstrip())


def numbered(text: str) -> Label | None:
    """The paragraph's top-level label ("3.", "(3)", "¶ 3", "SECTION 3", "THIRD,"), or None."""
    found = parse(text)
    return found if found is not None and found.top_level else None


def is_label_only(line: str) -> bool:
    """Is the line nothing but a label (the number printed on a line of its own)?"""
    found = parse(line)
    return found is not None and found.end == len(line) and bool(found.text)


_BULLET = re.compile(r"^\s*[•▪◦*]\s")


def starts_item(line: str) -> bool:
    """Does a line start a new numbered, lettered or bulleted item (where re-flowed text breaks)?"""
    return parse(line) is not None or bool(_BULLET.match(line))


# --- item labels inside a paragraph ------------------------------------------------------------

# "(a)", "(aa)", "(iv)", "(2)": the items a clause or a paragraph lists inline
SUB_LABEL = r"\((?:" + _LETTERS + "|" + _ROMAN + r"|\d{1,2})\)"
_SUB_LABEL_SPACE = re.compile(SUB_LABEL + r"\s+")
_SUB_LABEL_ONLY = re.compile(SUB_LABEL)


def sub_label_at(text: str, pos: int = 0, end: int | None = None) -> re.Match | None:
    """An inline item label with the spaces after it, at ``pos`` ("(c) " in "...; (c) the ...")."""
    return _SUB_LABEL_SPACE.match(text, pos, len(text) if end is None else end)


def is_sub_label(text: str) -> bool:
    """Is ``text`` exactly an item label such as "(c)" or "(iv)"?"""
    return _SUB_LABEL_ONLY.fullmatch(text) is not None
