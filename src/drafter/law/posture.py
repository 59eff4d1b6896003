"""The asks as the client's posture reads them (``postures.yaml``, the strategy's rules).

The clause library's asks are written for a client who may still plead or go to trial. Before
the strategy counts asks, each rule of ``postures.yaml`` that applies either drops an ask that
means nothing at this posture (the clause keeps the Office's standard wording, in every stance)
or rewrites what counsel reads about it (the reason in the review copy; the point, why,
fallback, cites and [VERIFY] flags on the checklist). Counsel's ``negotiation.variants`` always
win: a clause counsel chose is never dropped.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass
from importlib import resources

from ..environment import evaluate
from . import clauses as clauselib

RULES_FILE = "postures.yaml"
COUNSEL = "negotiation.variants"


@dataclass(frozen=True)
class Rewrite:
    """What counsel reads about one ask at this posture (``None``: the library's own text)."""

    type: str
    ask: str | None = None
    why: str | None = None
    fallback: str | None = None
    cites: tuple[str, ...] | None = None
    verify: tuple[str, ...] | None = None


def _words(text: object) -> str | None:
    return " ".join(str(text).split()) if text else None


@functools.lru_cache(maxsize=1)
def rules() -> tuple[dict, ...]:
    from ..model import yamlfile

    text = resources.files("drafter.law").joinpath(RULES_FILE).read_text(encoding="utf-8")
    return tuple(yamlfile.safe_load(text) or ())


def _applying(context: dict) -> dict[str, dict]:
    """The first rule of each clause type whose ``when`` holds for this matter."""
    out: dict[str, dict] = {}
    for entry in rules():
        if entry["type"] in out:
            continue
        if evaluate(entry["when"], context, f"{RULES_FILE}: {entry['type']}"):
            out[entry["type"]] = entry
    return out


def adjust(library: clauselib.Library, candidates: list[clauselib.Choice],
           context: dict) -> list[clauselib.Choice]:
    """The rules' choices as this posture reads them: a dropped ask keeps the Office's standard
    wording (with the reason why), a rewritten one carries the posture's reason."""
    applying = _applying(context)
    out = []
    for c in candidates:
        entry = applying.get(c.type)
        t = library.types.get(c.type)
        if entry is None or t is None or c.rule == COUNSEL or c.rule.startswith("posture:"):
            out.append(c)
            continue
        if entry.get("drop"):
            standard = t.variants.get("government-standard")
            if standard is not None and not t.same(c.variant, "government-standard"):
                c = clauselib.Choice(c.type, standard.canonical,
                                     "Not an ask at this stage: " + (_words(entry["drop"]) or ""),
                                     f"posture: {entry['when']}")
        elif entry.get("reason") and not t.same(c.variant, "government-standard"):
            c = clauselib.Choice(c.type, c.variant, _words(entry["reason"]) or c.reason,
                                 f"posture: {entry['when']}")
        out.append(c)
    return out


def rewrites(context: dict) -> dict[str, Rewrite]:
    """The checklist's text for the asks this posture rewrites, by clause type."""
    out = {}
    for type_, entry in _applying(context).items():
        if entry.get("drop"):
            continue
        out[type_] = Rewrite(
            type_, _words(entry.get("ask")), _words(entry.get("why")), _words(entry.get("fallback")),
            tuple(entry["cites"]) if entry.get("cites") else None,
            tuple(entry["verify"]) if entry.get("verify") else None)
    return out
