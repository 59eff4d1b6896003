"""The date by which the letter says it must be signed or accepted, against the day of the review.

An Office's letter often ends "please sign and return this letter by March 3, 2025", "this offer
expires on ...", or "if not accepted by ..., the offer is withdrawn". When that day has passed,
or falls within a few days of the review, the attorney should know before anything else: an
expired offer may no longer stand, and a counter-draft sent the day before the deadline needs a
call, not a letter. The review reports it (a warning and a checklist item); the counter-draft
never changes the date, since the letter's facts are never touched.

The day of the review is given (``drafter review --date``, the report's own date), so the same
letter reviewed on the same day always gives the same report.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

from ..docx.letters import Letter
from ..docx.normalize import TITLE_DOT
from ..law.checklist_items import ReviewItem

SOON_DAYS = 7                 # a deadline this many days after the review or fewer is "soon"
QUOTE = 150                   # the longest quotation of the sentence that sets it

_MONTHS = {m: i for i, m in enumerate(
    ("january", "february", "march", "april", "may", "june", "july", "august", "september", "october",
     "november", "december"), 1)}
_SHORT = {m[:3]: i for m, i in _MONTHS.items()} | {"sept": 9}
_MONTH = r"(January|February|March|April|May|June|July|August|September|October|November|December|" \
         r"Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sept?|Oct|Nov|Dec)\.?"
# "March 3, 2025", "March 3rd, 2025", "3 March 2025", "3/3/2025", "2025-03-03"
_DATE = re.compile(r"\b" + _MONTH + r"\s+(\d{1,2})(?:st|nd|rd|th)?,?\s+(\d{4})\b"
                   r"|\b(\d{1,2})(?:st|nd|rd|th)?\s+(?:day\s+of\s+)?" + _MONTH + r",?\s+(\d{4})\b"
                   r"|\b(\d{1,2})/(\d{1,2})/(\d{4})\b|\b(\d{4})-(\d{2})-(\d{2})\b", re.I)
# what the date is the last day for: signing, returning or accepting the letter, or the offer's end
_SIGN = re.compile(r"\b(?:sign\w*|countersign\w*|execut\w*|return\w*|accept\w*|deliver\w*)\b", re.I)
_LAPSE = re.compile(r"\b(?:expir\w*|laps\w*|withdrawn|revoked|terminat\w*|(?:open|good|valid|remains?\s+open)\s+"
                    r"(?:until|through))\b", re.I)
# the words just before the date that make it a last day ("by", "no later than", "on or before",
# "by 5:00 p.m. on"); an offer's end also "on" or "at the close of business on"
_BY = re.compile(r"\b(?:by|before|no\s+later\s+than|not\s+later\s+than|on\s+or\s+before|prior\s+to|until|"
                 r"through)\s+(?:\d{1,2}(?::\d{2})?\s*(?:[ap]\.?\s?m\.?|o['’]clock)\s*(?:\([A-Z]{2,4}\)|[A-Z]{2,4})?,?\s+"
                 r"(?:on\s+)?)?(?:\w+day,?\s+)?$", re.I)
# a sentence about money (a payment, restitution, a penalty) sets a payment's date, not the letter's
_MONEY = re.compile(r"\$\s?\d|\bpay(?:able|ment|ments|s)?\b|\brestitution\b|\bpenalt\w*|\bfines?\b|\bforfeit\w*",
                    re.I)
_ON = re.compile(r"\b(?:on|at\s+the\s+close\s+of\s+business\s+on|at\s+\d{1,2}(?::\d{2})?\s*[ap]\.?\s?m\.?"
                 r"(?:\s+\w+)?\s+on)\s+(?:\w+day,?\s+)?$", re.I)


@dataclass(frozen=True)
class Deadline:
    """A last day the letter sets for its own signature or acceptance."""

    date: dt.date
    paragraph: int              # the letter's paragraph (drafter's index)
    words: str                  # the sentence that sets it, as the letter words it
    what: str = "sign"          # "sign": the last day to sign or accept; "meeting": the day set for the meeting

    def days_left(self, today: dt.date) -> int:
        return (self.date - today).days


def _date(m: re.Match) -> dt.date | None:
    g = m.groups()
    try:
        if g[0]:
            return dt.date(int(g[2]), _month(g[0]), int(g[1]))
        if g[4]:
            return dt.date(int(g[5]), _month(g[4]), int(g[3]))
        if g[6]:
            return dt.date(int(g[8]), int(g[6]), int(g[7]))         # the U.S. order: month/day/year
        return dt.date(int(g[9]), int(g[10]), int(g[11]))
    except ValueError:                                               # "February 30": no date
        return None


def _month(name: str) -> int:
    name = name.lower().rstrip(".")
    return _MONTHS.get(name) or _SHORT[name[:4] if name.startswith("sept") else name[:3]]


def _sentence(text: str, at: int) -> tuple[int, int]:
    """The sentence of ``text`` around offset ``at`` (full stops that end an abbreviation or a
    time, "p.m.", do not end it)."""
    from .recognise import _ABBREV

    start = 0
    for m in re.finditer(r"[.;!?]\s+(?=[A-Z(\"“])", text[:at]):
        if not _ABBREV.search(text[max(0, m.start() - 12):m.start() + 1]) and \
                not re.search(r"\b[ap]\.\s?m$", text[max(0, m.start() - 5):m.start()], re.I):
            start = m.end()
    end = re.search(r"[.;!?](?=\s+[A-Z(\"“]|\s*$)", text[at:])
    return start, at + end.end() if end else len(text)


def find_deadlines(letter: Letter) -> list[Deadline]:
    """The last days the letter sets for signing, returning or accepting it, or for its offer to
    stand; a meeting's date or a payment's is none."""
    out: list[Deadline] = []
    for p in letter.paragraphs:
        text = p.norm
        for m in _DATE.finditer(text):
            day = _date(m)
            if day is None:
                continue
            a, b = _sentence(text, m.start())
            if _MONEY.search(text[a:b]):
                continue
            before = text[max(a, m.start() - 160):m.start()]
            last_day = _BY.search(before[-60:]) is not None
            sign = _SIGN.search(before) is not None or _SIGN.search(text[m.end():b]) is not None
            lapse = _LAPSE.search(text[a:b]) is not None
            if (last_day and (sign or lapse)) or (lapse and _ON.search(before[-60:])):
                out.append(Deadline(day, p.number, _quote(text, a, b, m.start(), m.end())))
    return out


# a sentence that sets the day of the meeting the letter is for ("is willing to interview your client
# ... on", "the meeting will be on", "covers only what your client says on"), not one that recounts
# an earlier one ("your client was interviewed on")
_MEETING = re.compile(r"\b(?:meet\w*|interview\w*|proffer\w*|debrief\w*|sessions?)\b", re.I)
_SETS = re.compile(r"\b(?:will|shall|is\s+willing|has\s+agreed|agrees?\s+to|to\s+be\s+held|scheduled|set\s+for|"
                   r"covers?\s+only)\b", re.I)
# the day itself follows "on" ("on Thursday, November 5, 2026"), not "sessions of ... and", "between"
_COVERS = re.compile(r"\bcovers?\s+only\s+(?:what|statements?|the\s+statements?)\b", re.I)
_ON_DAY = re.compile(r"\b(?:on|for)\s+(?:\w+day,?\s+)?$", re.I)


def find_meetings(letter: Letter) -> list[Deadline]:
    """The days the letter sets for its meeting, each once (its first mention)."""
    out: list[Deadline] = []
    for p in letter.paragraphs:
        text = p.norm
        for m in _DATE.finditer(text):
            day = _date(m)
            a, b = _sentence(text, m.start())
            words = text[a:b]
            if (day is None or any(d.date == day for d in out) or _MONEY.search(words)
                    or not (_MEETING.search(words) and _SETS.search(words) or _COVERS.search(words))
                    or not _ON_DAY.search(text[max(a, m.start() - 40):m.start()])):
                continue
            out.append(Deadline(day, p.number, _quote(text, a, b, m.start(), m.end()), "meeting"))
    return out


def _quote(text: str, a: int, b: int, start: int, end: int) -> str:
    """The sentence that sets the date, as the letter words it; a long one cut to the words that
    lead to the date (the date is always quoted whole)."""
    text = text.replace(TITLE_DOT, ".")
    if b - a <= QUOTE:
        return " ".join(text[a:b].split())
    head = text[max(a, end - QUOTE):end]
    if end - QUOTE > a:
        head = "…" + head.split(" ", 1)[-1]
    tail = text[end:b]
    return " ".join((head + (tail if len(tail) <= 20 else "…")).split())


def deadline_notes(letter: Letter, today: dt.date, soon: int = SOON_DAYS) -> list[tuple[Deadline, str]]:
    """Each deadline that has passed by ``today`` or falls within ``soon`` days of it, with a
    note for the attorney."""
    from .places import paragraph_ref

    out = []
    signing = find_deadlines(letter)
    for d in find_meetings(letter):
        if d.days_left(today) >= 0 or any(s.date == d.date for s in signing):
            continue
        days = -d.days_left(today)
        where, plural = paragraph_ref(letter, d.paragraph), "s" if days != 1 else ""
        out.append((d, f"the day the letter sets for the meeting, {d.date:%B} {d.date.day}, {d.date.year} "
                       f"({where}: “{d.words}”), passed {days} day{plural} before this review: a letter tied to "
                       "that day may not cover what the client says on another, so ask the Office to reissue it "
                       "for the new date, or to confirm in writing that it covers it, before the client speaks. "
                       "The counter-draft leaves the date as the Office wrote it."))
    for d in signing:
        left = d.days_left(today)
        if left > soon:
            continue
        when = f"{d.date:%B} {d.date.day}, {d.date.year}"
        where = paragraph_ref(letter, d.paragraph)
        if left < 0:
            days = -left
            state = f"passed {days} day{'s' if days != 1 else ''} before this review"
            advice = ("confirm with the Office that its offer still stands, and on what date, before the client "
                      "signs or counsel sends the counter-draft")
        elif left == 0:
            state = "is the day of this review"
            advice = "call the Office today: a counter-draft sent now may arrive after the offer lapses"
        else:
            state = f"falls {left} day{'s' if left != 1 else ''} after this review"
            advice = ("ask the Office to extend it while the changes are discussed, or send the counter-draft "
                      "in time for an answer before that date")
        out.append((d, f"the letter's deadline to sign or accept it, {when} ({where}: “{d.words}”), "
                       f"{state}: {advice}. The counter-draft leaves the date as the Office wrote it."))
    return out


def deadline_items(notes: list[tuple[Deadline, str]]) -> list[ReviewItem]:
    """The checklist's items for the deadlines noted: first on the list, high priority."""
    return [ReviewItem(id="review:deadline", priority="high", point=note[0].upper() + note[1:], why=(
        "An offer whose deadline has passed may no longer stand, and one about to lapse needs an answer "
        "from the Office before the changes are negotiated." if d.what == "sign" else
        "The letter's protections are tied to the meeting it describes; signed for a day that has gone, it "
        "may protect nothing said at the meeting actually held."), cites=[],
        title="Deadline to sign or accept" if d.what == "sign" else "Meeting date has passed",
        paragraph=d.paragraph, status="deadline") for d, note in notes]
