"""``drafter packet MATTER --base LETTER``: the Office's own form as the packet's draft.

Instead of the library's full proffer agreement (or cooperation terms), the packet carries the
Office's letter with this matter's asks as surgical tracked changes (``review`` + ``redline``):

- the review copy (internal) is the counter-draft: tracked changes with our comments;
- the clean copy (for the prosecutor, where the posture sends one) is the same letter with every
  change accepted and nothing internal left: no comments, no revision marks, no notes;
- the cover letter names exactly those changes, in the letter's own paragraph labels.

The packet (draft layer) does not import this module: ``drafter.api`` builds an OfficeForm here
and hands it to ``draft.packet.build_packet``.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ..docx.letters import Letter
from ..docx.scrub import accepted_copy
from .places import paragraph_label


def base_review(plan: Any, letter: Path | Letter, date: dt.date | None = None):
    """The Office's letter (a file, or a Letter already read) reviewed with the matter's facts,
    strategy and asks, on the packet's draft date (its deadline to sign is checked against it)."""
    from ..docx.letters import read_letter
    from .review import review_parsed

    letter = letter if isinstance(letter, Letter) else read_letter(letter)
    return review_parsed(letter, plan.library, plan, plan.workspace, today=date)


@dataclass
class OfficeForm:
    """The Office's letter, reviewed with a matter, standing for one of the packet's agreements:
    what ``draft.packet`` asks of a ``--base`` (its OfficeForm protocol). The packet never
    imports the review; the caller (drafter.api) builds this and hands it over."""

    review: Any

    @property
    def document(self) -> str:
        return base_document(self.review)

    @property
    def warnings(self) -> list[str]:
        return list(self.review.warnings)

    def files(self, external: bool, draft_date: dt.date, title: str) -> list[tuple[str, str, bytes, str]]:
        return base_files(self.review, self.document, external, draft_date, title)

    def cover_changes(self, comments: dict, anchor) -> list[dict]:
        return cover_changes(self.review, comments, anchor)


def office_form(plan: Any, letter: Path | Letter, date: dt.date | None = None) -> OfficeForm:
    """``packet --base``: the Office's letter as the packet's agreement, for this matter."""
    return OfficeForm(base_review(plan, letter, date))


def base_document(review: Any) -> str:
    """Which packet document the Office's letter stands for."""
    return "proffer-agreement" if review.kind == "proffer" else "cooperation-terms"


def cover_changes(review: Any, comments: dict, anchor) -> list[dict]:
    """One entry per change the counter-draft makes, in the order of the letter, for the cover
    letter's list: the clause, the letter's own paragraph label, and what we changed (in the
    library's terms; the cover letter puts them in its own)."""
    from ..docx.comments import Comment
    from .counterdraft import insertion_point, numbering

    label_new = numbering(review, insertion_point(review))
    new_count = 0
    out = []
    seen = set()
    for a in sorted(review.applied, key=lambda a: (a["paragraph"] or 10**6)):
        if a["type"] in seen:
            continue
        seen.add(a["type"])
        t = review.library.types[a["type"]]
        v = t.variants[a["variant"]]
        if a["whole"] or not v.edit_summary:
            summary = v.summary or review.text(v.ask)
        else:
            summary = v.edit_summary
        key = f"cover-letter:{a['type']}"
        comments[key] = Comment(f"{t.title}: {review.text(v.why)}", "drafter", "DR")
        if not a["paragraph"]:
            new_count += 1
        out.append({"type": a["type"], "title": anchor(key) + t.title, "summary": summary,
                    "paragraph": (paragraph_label(review, a["paragraph"]) if a["paragraph"]
                                  else (label_new(new_count - 1).rstrip(".,:") or "new")),
                    "document": base_document(review), "risk": v.risk})
    return out


def base_files(review: Any, document: str, external: bool, draft_date: dt.date,
               title: str) -> list[tuple[str, str, bytes, str]]:
    """The document's files, each (file name, audience, bytes, copy): the counter-draft (review
    copy) and, for an external document, the clean copy with every change accepted."""
    from .counterdraft import build_counter

    counter, _, _ = build_counter(review, draft_date)
    if not external:
        return [(f"{document}.docx", "internal", counter, "internal")]
    clean = accepted_copy(counter, draft_date, title)
    return [(f"{document}.docx", "external", clean, "clean"),
            (f"{document}.review.docx", "internal", counter, "review")]
