"""A paragraph's reading form (round 10): the signals tried a second time on the text as a reader
takes it in, with the noise a letter's form or its scan adds taken out.

The clause library's signals expect an Office's words in their usual order, with a fixed number of
words between. Real letters put more there, and scans damage the words themselves:

- chains of adverbs ("agrees he will fully and truthfully cooperate", "knowingly and voluntarily
  waives") and asides set off by commas or parentheses ("will not, directly or indirectly, use",
  "the Company (and its subsidiaries) shall") sit between the words a signal needs;
- a quotation cut with " . . . " joins words the ellipsis separates;
- OCR drops or swaps letters ("wil not criminally prosecute", "this Offce canot", "governent").

The reading form removes the first two and repairs the third: a word that is in no vocabulary (the
clause library's texts and signals, the phrasing bank, and common English function words) and is
one edit (or, in a long word, two adjacent missing letters) from exactly one vocabulary word of four
or more letters is read as that word. It is used for recognition only: a match found on it is
mapped back to the letter's own characters (``Mapped.pos``), and the letter's text, the quotations
in the report and the redline never change.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

from ..docx.normalize import Mapped
from ..law.clauses import Library

# -ly words that are not adverbs a signal can do without ("only" limits, "comply" is a duty), and the adverbs of a
# state of mind, which carry law ("will not knowingly omit" is no promise to omit nothing; a breach "knowingly" made)
_NOT_ADVERBS = ("only|early|family|apply|comply|supply|reply|rely|ally|likely|unlikely|july|italy|assembly|"
                "fly|belly|bully|folly|holly|jolly|anomaly|monopoly|butterfly|multiply|imply|underlie|lily|"
                "knowingly|unknowingly|willfully|wilfully|intentionally|unintentionally|deliberately|recklessly|"
                "negligently|materially|purposely|wrongfully|fraudulently|corruptly")
_ADVERB = r"(?!(?:" + _NOT_ADVERBS + r")\b)[a-z]{2,}ly\b"
_CHAIN = _ADVERB + r"(?:\s*,?\s*(?:and/or|and|or)?\s+" + _ADVERB + r")*"
# ", directly or indirectly, " between commas: the aside and its commas go
_ASIDE_CHAIN = re.compile(r",\s+" + _CHAIN + r"\s*,(?=\s)")
# "will fully and truthfully cooperate", "cooperate fully.": the chain and the space before it go
_CHAIN_RX = re.compile(r"(?<=[a-z,])\s+" + _CHAIN + r"(?=[\s.,;:)])")
# a parenthetical aside of words (never a label like "(a)", "(ii)", "(1)", nor "Rule 11(f)": no space)
_PAREN = re.compile(r"\s\((?![a-z]{1,3}\)|[ivxlc]+\)|\d{1,3}\)|[A-Z]\))[^()]{2,200}\)(?=[\s.,;:])")
_ELLIPSIS = re.compile(r"\s*(?:\.\s){2}\.\s*|\s*\.{3}\s*|\s*\u2026\s*")

_FUNCTION = set("""a an the and or nor but if then than that this these those there their they them he she it its
his her him we us our you your i me my of to in on at by for from with into onto upon about above below under over
between among through during before after since until while as so not no any all each every either neither both few
more most other some such own same too very can cannot could will would shall should may might must do does did
done is are was were be been being have has had having which who whom whose what when where why how also only
just again further once here out off up down any anyone anything each whether because although though unless
except within without against per via etc mr ms mrs dr inc llc corp esq""".split())

_WORD = re.compile(r"(?<![\w'-])[A-Za-z]{3,}(?![\w'-])")


# round 12: a scan of an English letter puts accents and umlauts on plain letters ("wíl nöt criminally prosecute"); a
# Latin letter with a diacritic is read as the plain letter, one character for one, so the repair below sees the word
_ACCENTED = re.compile(r"[\u00c0-\u00d6\u00d8-\u00f6\u00f8-\u017f]")


def _plain(ch: str) -> str:
    base = unicodedata.normalize("NFKD", ch)[0]
    return base if base.isascii() and base.isalpha() else ch


def _deletions(word: str, two: bool) -> set[str]:
    out = {word[:i] + word[i + 1:] for i in range(len(word))}
    if two:
        out |= {word[:i] + word[i + 2:] for i in range(len(word) - 1)}
    return out


def _swapped(a: str, b: str) -> bool:
    """Same length, and one letter replaced or two neighbours swapped."""
    diff = [i for i in range(len(a)) if a[i] != b[i]]
    return len(diff) == 1 or len(diff) == 2 and diff[1] == diff[0] + 1 and a[diff[0]] == b[diff[1]] \
        and a[diff[1]] == b[diff[0]]


class Vocabulary:
    """The words recognition knows, with an index for one-edit repairs (symmetric deletions)."""

    def __init__(self, words: set[str]):
        self.words = {w for w in words if w.isalpha()}
        self.deleted: dict[str, set[str]] = {}
        for w in self.words:
            if len(w) < 4:
                continue
            for d in _deletions(w, two=len(w) >= 8):
                self.deleted.setdefault(d, set()).add(w)

    def repair(self, token: str) -> str | None:
        """The one vocabulary word ``token`` (lower case, not itself a word) is a scan's damage of. A letter
        added, replaced or swapped is read only in a word of seven or more letters: in a short one it is as likely
        another real word ("data", "date")."""
        found = set(self.deleted.get(token, ()))              # letters missing from the token
        for d in _deletions(token, two=False) if len(token) >= 7 else ():   # a letter added, swapped or replaced
            if d in self.words and len(d) >= 4:
                found.add(d)
            found |= {w for w in self.deleted.get(d, ()) if len(w) == len(token) and _swapped(token, w)}
        # the repair keeps the first letter: a scan damages a word's inside ("wil", "Offce", "Deparent"), and a
        # real word one letter from a known one at its start ("Avenue", "venue") is another word
        found = {w for w in found if len(w) >= 4 and w[0] == token[0]}
        return next(iter(found)) if len(found) == 1 else None


def _words_of(text: str) -> set[str]:
    return {w.lower() for w in re.findall(r"[A-Za-z]{2,}", text)}


_VOCABS: dict[int, tuple[Library, Vocabulary]] = {}


def vocabulary(library: Library) -> Vocabulary:
    """Built once per library: variant titles and texts, the signals' literal words, the phrasing bank."""
    got = _VOCABS.get(id(library))
    if got is not None and got[0] is library:
        return got[1]
    from .wording import phrasings

    words = set(_FUNCTION)
    for t in library.types.values():
        words |= _words_of(t.title) | _words_of(t.type.replace("-", " "))
        for v in t.variants.values():
            words |= _words_of(v.title) | _words_of(v.text)
            for src in (*v.signals.any_src, *v.signals.all_src):
                words |= {w for w in _words_of(re.sub(r"\\[a-zA-Z]", " ", src)) if len(w) >= 4}
    for texts in phrasings().values():
        for text in texts:
            words |= _words_of(text)
    vocab = Vocabulary(words)
    _VOCABS.clear()
    _VOCABS[id(library)] = (library, vocab)
    return vocab


@lru_cache(maxsize=65536)
def _repaired(token: str, vocab_id: int) -> str | None:
    vocab = _VOCABS[vocab_id][1]
    low = token.lower()
    if low in vocab.words or (token[0].isupper() and len(token) <= 4):
        return None                     # a short capitalised word is as likely a name or an initialism ("Roe")
    fixed = vocab.repair(low)
    if fixed is None:
        return None
    if token.isupper():
        return fixed.upper()
    return fixed[0].upper() + fixed[1:] if token[0].isupper() else fixed


class Reading(Mapped):
    """A reading form, with its changed units once computed (``changed_units``)."""

    changed: list[tuple[int, int]] | None = None


def reading(norm: str, library: Library | None) -> Reading:
    """The paragraph's reading form; ``.pos`` maps each of its characters to ``norm``."""
    m = Reading(norm)
    m.sub(_ACCENTED, lambda c: _plain(c.group()))
    if library is not None:
        vocabulary(library)
        key = id(library)
        m.sub(_WORD, lambda w: _repaired(w.group(), key) or w.group())
    m.sub(_ELLIPSIS, " ")
    m.sub(_PAREN, "")
    m.sub(_ASIDE_CHAIN, "")
    m.sub(_CHAIN_RX, "")
    return m


def changed_units(norm: str, read: Reading) -> list[tuple[int, int]]:
    """The reading form's sentences and items that differ from the text they come from (the others were tried
    already); computed once per paragraph."""
    from .recognise import units

    got = read.changed
    if got is None:
        got = [(a, b) for a, b in units(read.text) if read.text[a:b] != norm[read.pos[a]:read.pos[b - 1] + 1]]
        read.changed = got
    return got


def vetoed_when_read(variant, start: int, end: int, read: Mapped) -> bool:
    """Does the variant refuse the reading form of the sentences a match on the text (``start``, ``end``) is in:
    a veto a scan's damage hid ("this Offce canot promise that he wil not be prosecuted")?"""
    from .recognise import units

    near = [(a, b) for a, b in units(read.text) if read.pos[a] < end and start <= read.pos[b - 1]]
    return any(p.search(read.text[a:b]) for a, b in near for p in variant.signals.not_)
