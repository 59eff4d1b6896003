"""Choosing the clauses of a matter's drafts, and rendering the chosen wording.

The library (``clauses.py``) says what each clause type's variants are and which rule picks
one; this module applies the rules (or counsel's ``negotiation.variants``) to one matter, turns
a variant's rendered text into paragraphs and builds the checklist ask for a changed clause.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from ..environment import evaluate, render_text
from ..errors import DataError, Problem
from ..labels import sub_label_at
from .checklist_items import AskItem, priority_for

if TYPE_CHECKING:
    from .clauses import Library, Variant


@dataclass(frozen=True)
class Choice:
    """The variant chosen for one clause type, with the rule that chose it."""

    type: str
    variant: str
    reason: str
    rule: str

    @property
    def id(self) -> str:
        return f"{self.type}/{self.variant}"

    def to_json(self) -> dict:
        return {"type": self.type, "id": self.id, "variant": self.variant, "reason": self.reason,
                "rule": self.rule}


def _truthy(value: Any) -> bool:
    return bool(value) and value is not None


def select(library: Library, rule_context: dict, negotiation: dict, matter_file: str = "",
           matter_lines: Any = None) -> list[Choice]:
    """One choice per clause type that belongs in this matter's drafts, in document order."""
    exclude = set(negotiation.get("exclude") or [])
    overrides = negotiation.get("variants") or {}
    problems = []
    for type_id, variant in overrides.items():
        t = library.types.get(type_id)
        if t is not None and variant not in t.variants:
            line = matter_lines(("negotiation", "variants", type_id)) if matter_lines else None
            problems.append(Problem(matter_file, line, f"negotiation.variants.{type_id}",
                                    f"no variant {variant!r} for {type_id}; choose one of "
                                    + ", ".join(sorted(t.variants))))
    if problems:
        raise DataError(problems)
    choices = []
    for t in library.ordered():
        if t.type in exclude:
            continue
        if t.include and not _truthy(evaluate(t.include, rule_context, f"{t.file}: include")):
            continue
        if t.type in overrides:
            choices.append(Choice(t.type, overrides[t.type],
                                  "Chosen by counsel for this matter (negotiation.variants).",
                                  "negotiation.variants"))
            continue
        for r in t.rules:
            if r.when is None or _truthy(evaluate(r.when, rule_context, f"{r.file or t.file}:{r.line}: when")):
                choices.append(Choice(t.type, r.variant, r.reason, r.when or "default"))
                break
    return choices


def paragraphs(text: str) -> list[dict]:
    """Rendered clause text -> paragraphs; "(a) ..." paragraphs become numbered sub-items."""
    out = []
    for block in re.split(r"\n\s*\n", text.strip()):
        line = " ".join(block.split())
        if not line:
            continue
        m = sub_label_at(line)
        out.append({"text": line[m.end():] if m else line, "sub": bool(m)})
    return out


def render_variant(v: Variant, context: dict) -> list[dict]:
    where = f"{v.file}:{v.line or ''}: clause {v.id}"
    return paragraphs(render_text(v.text, context, where))


def ask_item(library: Library, c: Choice) -> AskItem:
    """The checklist item ``clause:<type>`` for asking the Office for variant ``c.variant``."""
    from .clauses import typographic

    t = library.types[c.type]
    proposed = t.variants[c.variant]
    standard = t.variants["government-standard"]
    fallback = t.variants.get("fallback")
    return AskItem(
        id=f"clause:{c.type}",
        priority=priority_for(standard.risk),
        point=proposed.ask,
        why=proposed.why,
        cites=list(proposed.cites),
        # the library's fallback belongs to the clause's main form: a variant that is a form of
        # its own (its heading is not the clause's, e.g. the post-sentencing "Rule 35(b) Motion")
        # carries its own fallback in its ask
        fallback=(f"{fallback.heading}: {fallback.ask}"
                  if fallback and not t.same(fallback.variant, c.variant)
                  and proposed.heading == typographic(t.title) else None),
        verify=list(proposed.verify),
    )


def companions(library: Library, type_: str, variant: str) -> list[tuple[str, str]]:
    """The clauses that must move with ``type_/variant`` so that the draft does not contradict
    itself, followed transitively: [(type, variant), ...] in the order found."""
    out: list[tuple[str, str]] = []
    seen = {type_}
    queue = [library.types[type_].variants[variant]]
    while queue:
        v = queue.pop(0)
        for t, name in v.companions:
            if t in seen or t not in library.types or name not in library.types[t].variants:
                continue
            seen.add(t)
            out.append((t, name))
            queue.append(library.types[t].variants[name])
    return out
