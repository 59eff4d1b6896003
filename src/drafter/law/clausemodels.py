"""The clause files' schema: what a clause type file and a variant may say, as pydantic models
(unknown keys are errors, with did-you-mean). ``clauses.py`` loads the files through them into the
library's own records."""

from __future__ import annotations

from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, model_validator


class _M(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class SignalsModel(_M):
    any: list[str] = []
    all: list[str] = []
    not_: list[str] = Field(default=[], alias="not")


class EditModel(_M):
    """One surgical change to the government's own paragraph (docs/clause-format.md)."""

    action: Literal["strike", "replace", "insert-after", "insert-before", "append", "new-paragraph"]
    find: str | None = None            # the anchor: a pattern in the Office's wording
    text: str = ""                     # the words to put in (library terms: the Client, the Office)
    unless: str | None = None          # skip when the paragraph already says this
    fallback: bool = False             # an append used only when no anchor of the ask matched
    charged: bool | None = None        # only where the letter refers (true) or not (false) to a pending charge
    ask: str | None = None             # a new paragraph's own ask, where it differs from the type's
    party: Literal["individual", "company"] | None = None   # only in an agreement with a person / a company
    # where `find` looks: the clause's sentences, its paragraph, or (body) its paragraph and then the
    # letter's other paragraphs before the signature block (a company's list of breaches often stands
    # apart from the sentence recognised as the breach clause)
    within: Literal["clause", "paragraph", "body"] = "clause"
    sentence: bool = False             # insert-after: after the sentence the anchor is in, not the anchor
    why: str | None = None             # one sentence for the attorney: why this change (in the comment)
    unless_letter: str | None = None   # skip when the letter says this anywhere (it already has the term)


class RiskNoteModel(_M):
    # the risk note for a letter whose own words differ from the variant's: used where every `when`
    # pattern and no `unless` pattern matches the clause's sentence (or, `within: paragraph`, its
    # paragraph); the first such note wins, else the variant's `risk_note`
    when: list[str] = Field(min_length=1)
    unless: list[str] = []
    within: Literal["clause", "paragraph"] = "clause"
    note: str | None = Field(default=None, min_length=1)
    # or: the letter's words are read as this variant of the type instead (its risk, note, ask and
    # reason), a wording recognised by what it shares with this variant but saying what another says
    variant: str | None = None

    @model_validator(mode="after")
    def _note_or_variant(self) -> RiskNoteModel:
        if (self.note is None) == (self.variant is None):
            raise ValueError("give either `note` or `variant`")
        return self


class VariantModel(_M):
    same_as: str | None = None
    title: str | None = None
    text: str | None = None
    cites: list[str] = []
    risk: Literal["high", "medium", "low", "none"] | None = None
    risk_note: str | None = None
    risk_notes: list[RiskNoteModel] = []
    ask: str | None = None
    why: str | None = None
    summary: str | None = None
    # what counsel's own draft leaves out of this (Office) wording: text the variant renders only
    # for the Office's form (``office_wording``), said for the cover letter (prosecutor-facing)
    office_only: str | None = None
    verify: list[str] = []
    signals: SignalsModel = SignalsModel()
    edits: list[EditModel] = []
    edit_summary: str | None = None    # what the edits change, for the cover letter (prosecutor-facing)
    companions: dict[str, str] = {}
    # the document this variant is written for, where it is not the type's own (a cooperation
    # term's counter-ask in a proffer letter): the review proposes it in that document's letters
    documents: list[Literal["proffer-agreement", "cooperation-terms"]] = []


class RuleModel(_M):
    when: str | None = None
    variant: str
    reason: str = Field(min_length=1)


class ReviewModel(_M):
    expected_in: list[Literal["proffer", "cooperation", "plea-cooperation"]] = []
    gap: bool = False
    gap_note: str | None = None
    needs_facts: bool = False          # asked in the counter-draft only when a matter's facts call for it
    company_note: str | None = None    # what the Office's wording costs a company (its risk notes speak of a person)
    company_ask: str | None = None     # what to ask for a company, where the variants' asks speak of a person
    # the letter already gives what the company ask asks for when every one of these matches it
    company_granted: list[str] = []    # ... or already gives part of it: the ask for what is left
    company_given: list[str] = []
    company_given_ask: str | None = None


class TypeModel(_M):
    type: str | None = None
    title: str | None = None
    group: Literal["proffer", "cooperation"] | None = None
    documents: list[Literal["proffer-agreement", "cooperation-terms"]] | None = None
    order: int | None = None
    include: str | None = None
    select: list[RuleModel] | None = None
    review: ReviewModel | None = None
    variants: dict[str, Any] = {}
