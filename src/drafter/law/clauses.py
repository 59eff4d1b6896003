"""The clause library: clause files, the rules that choose a variant, and clause rendering.

The format is documented in ``docs/clause-format.md``. The wording lives in ``clauses/``;
this module only loads, validates, selects and renders it.
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError

from .. import regexlint
from ..model import yamlfile
from ..model.clausetypes import ALL_TYPES
from ..environment import evaluate, render_text
from ..errors import DataError, Problem
from ..labels import sub_label_at
from ..model.validation import validation_problems
from .checklist_items import AskItem, priority_for
from ..resources import data_dir

_VARIANT_ID = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")


# --- file models ------------------------------------------------------------------------

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


class VariantModel(_M):
    same_as: str | None = None
    title: str | None = None
    text: str | None = None
    cites: list[str] = []
    risk: Literal["high", "medium", "low", "none"] | None = None
    risk_note: str | None = None
    ask: str | None = None
    why: str | None = None
    summary: str | None = None
    verify: list[str] = []
    signals: SignalsModel = SignalsModel()
    edits: list[EditModel] = []
    edit_summary: str | None = None    # what the edits change, for the cover letter (prosecutor-facing)
    companions: dict[str, str] = {}


class RuleModel(_M):
    when: str | None = None
    variant: str
    reason: str = Field(min_length=1)


class ReviewModel(_M):
    expected_in: list[Literal["proffer", "cooperation", "plea-cooperation"]] = []
    gap: bool = False
    gap_note: str | None = None


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


# --- the loaded library -----------------------------------------------------------------

@dataclass(frozen=True)
class Signals:
    """Regexes (case-insensitive) by which ``drafter review`` recognises a variant; compiled on
    first use, since only the review of a letter needs them."""

    any_src: tuple[str, ...] = ()
    all_src: tuple[str, ...] = ()
    not_src: tuple[str, ...] = ()

    @property
    def any(self) -> tuple[re.Pattern, ...]:
        return tuple(_compile(p) for p in self.any_src)

    @property
    def all(self) -> tuple[re.Pattern, ...]:
        return tuple(_compile(p) for p in self.all_src)

    @property
    def not_(self) -> tuple[re.Pattern, ...]:
        return tuple(_compile(p) for p in self.not_src)

    @property
    def empty(self) -> bool:
        return not self.any_src

    def match(self, text: str) -> re.Match | None:
        """The first `any` match in text, if every `all` matches and no `not` does."""
        if any(p.search(text) for p in self.not_):
            return None
        if not all(p.search(text) for p in self.all):
            return None
        for p in self.any:
            m = p.search(text)
            if m:
                return m
        return None


@dataclass(frozen=True)
class Edit:
    action: str
    find: str | None
    text: str
    unless: str | None
    fallback: bool
    charged: bool | None = None

    @property
    def pattern(self) -> re.Pattern | None:
        return _compile(self.find) if self.find else None


@dataclass(frozen=True)
class Variant:
    type: str
    variant: str
    title: str
    text: str
    cites: tuple[str, ...]
    risk: str
    risk_note: str
    ask: str
    why: str
    summary: str
    verify: tuple[str, ...]
    signals: Signals
    canonical: str
    file: str
    line: int | None
    edits: tuple[Edit, ...] = ()
    edit_summary: str = ""
    # Clauses of the same document that must carry the named variant whenever this variant is in
    # a draft, because their government-standard wording would contradict it: (type, variant).
    companions: tuple[tuple[str, str], ...] = ()

    @property
    def id(self) -> str:
        return f"{self.type}/{self.variant}"

    @property
    def heading(self) -> str:
        """The run-in heading a draft prints: the title without a variant label in parentheses
        ("Rebuttal Use (Impeachment Only)" -> "Rebuttal Use"); a citation such as "Rule 35(b)"
        stays."""
        return typographic(_LABEL.sub("", self.title))


_LABEL = re.compile(r"\s+\((?:[A-Z][\w'-]*)(?:\s+[\w'-]+)*\)$")


@dataclass(frozen=True)
class Rule:
    when: str | None
    variant: str
    reason: str
    line: int | None
    file: str = ""          # the file the rule is written in (a house file may override the bundled one)


@dataclass(frozen=True)
class ClauseType:
    type: str
    title: str
    group: str
    documents: tuple[str, ...]
    order: int
    include: str | None
    rules: tuple[Rule, ...]
    expected_in: tuple[str, ...]
    gap: bool
    gap_note: str
    variants: dict[str, Variant]
    file: str

    def variant(self, name: str) -> Variant:
        return self.variants[name]

    def same(self, a: str, b: str) -> bool:
        return self.variants[a].canonical == self.variants[b].canonical


@dataclass
class Library:
    types: dict[str, ClauseType]
    sources: list[Path] = field(default_factory=list)

    def ordered(self) -> list[ClauseType]:
        """Proffer-agreement types first, then cooperation terms, each in document order."""
        return sorted(self.types.values(), key=lambda t: (t.group != "proffer", t.order, t.type))

    def variants(self) -> list[Variant]:
        return [v for t in self.ordered() for v in t.variants.values()]

    def get(self, clause_id: str) -> Variant:
        type_, _, variant = clause_id.partition("/")
        try:
            return self.types[type_].variants[variant]
        except KeyError:
            raise DataError.single(
                "clause library", f"no clause {clause_id!r}; `drafter clauses list` shows the ids"
            ) from None


# --- loading ----------------------------------------------------------------------------

_JINJA = re.compile(r"(\{\{.*?\}\}|\{%.*?%\}|\{#.*?#\})", re.S)


def typographic(text: str) -> str:
    """Straight quotes in clause wording become typographic ones; Jinja tags are left alone
    (facts inserted by them reach the drafts exactly as written)."""
    out = []
    for i, piece in enumerate(_JINJA.split(text)):
        if i % 2:
            out.append(piece)
            continue
        piece = re.sub(r'(^|[\s(\[{\u2014-])"', "\\1\u201c", piece)
        piece = piece.replace('"', "\u201d")
        piece = re.sub(r"(^|[\s(\[{\u2014-])'", "\\1\u2018", piece)
        out.append(piece.replace("'", "\u2019"))
    return "".join(out)


@functools.lru_cache(maxsize=None)
def _compile(pattern: str) -> re.Pattern:
    """A recognition pattern, compiled; one that could run in worse than linear time on a
    crafted letter (see regexlint) is refused before it ever runs."""
    try:
        rx = re.compile(pattern, re.I | re.S)
    except re.error as e:
        raise DataError.single("clause library", f"bad recognition pattern {pattern!r}: {e}") from None
    slow = regexlint.problems(pattern, re.I | re.S)
    if slow:
        raise DataError.single("clause library", f"recognition pattern {pattern!r}: {slow[0]}")
    return rx


def _read_dir(folder: Path) -> list[yamlfile.YamlDoc]:
    docs = []
    for path in sorted(folder.glob("*.yaml")) + sorted(folder.glob("*.yml")):
        docs.append(yamlfile.load_path(path))
    return docs


def load_library(house_dir: Path | None = None, bundled_dir: Path | None = None) -> Library:
    """The bundled clauses, with a firm's house clauses laid over them by id."""
    bundled_dir = bundled_dir or data_dir("clauses")
    return _load((bundled_dir,) + ((house_dir,) if house_dir else ()))


@functools.lru_cache(maxsize=8)
def _load(dirs: tuple[Path, ...]) -> Library:
    problems: list[Problem] = []
    merged: dict[str, dict] = {}            # type -> top-level values
    owners: dict[str, dict[str, yamlfile.YamlDoc]] = {}   # type -> key -> doc that set it
    variants: dict[str, dict[str, tuple[dict, yamlfile.YamlDoc]]] = {}
    for layer, folder in enumerate(dirs):
        for doc in _read_dir(folder):
            problems += doc.problems
            if not isinstance(doc.data, dict):
                problems.append(Problem(doc.file, 1, "", "a clause file must be a set of keys"))
                continue
            try:
                model = TypeModel.model_validate(doc.data)
            except ValidationError as e:
                problems += validation_problems(e, doc, TypeModel)
                continue
            stem = Path(doc.file).stem
            if (model.type or stem) != stem:
                problems.append(doc.problem(("type",), f"the type {model.type!r} must match the file name {stem!r}"))
                continue
            if layer == 0 and stem not in ALL_TYPES:
                problems.append(doc.problem(("type",), f"{stem!r} is not a clause type of the spec"))
            top = merged.setdefault(stem, {})
            own = owners.setdefault(stem, {})
            for key in TypeModel.model_fields:
                if key != "variants" and key in doc.data:
                    top[key] = getattr(model, key)
                    own[key] = doc
            for name, raw in model.variants.items():
                variants.setdefault(stem, {})[name] = (raw, doc)
    types = {}
    for type_id, top in merged.items():
        t, found = _build_type(type_id, top, owners[type_id], variants.get(type_id, {}))
        problems += found
        if t:
            types[type_id] = t
    if problems:
        raise DataError(problems)
    return Library(types, list(dirs))


def _build_type(type_id: str, top: dict, owners: dict, raw_variants: dict) -> tuple[ClauseType | None, list[Problem]]:
    problems: list[Problem] = []
    any_doc = next(iter(owners.values()))
    for key in ("title", "group", "documents", "order", "select"):
        if top.get(key) is None:
            problems.append(Problem(any_doc.file, 1, key, "this key is required"))
    built: dict[str, VariantModel] = {}
    docs: dict[str, yamlfile.YamlDoc] = {}
    for name, (raw, doc) in raw_variants.items():
        path = ("variants", name)
        if not _VARIANT_ID.match(str(name)):
            problems.append(doc.problem(path, "a variant id uses lower-case letters, digits and '-'"))
            continue
        if not isinstance(raw, dict):
            problems.append(doc.problem(path, "a variant must be a set of keys"))
            continue
        try:
            built[name] = VariantModel.model_validate(raw)
            docs[name] = doc
        except ValidationError as e:
            problems += validation_problems(e, doc, VariantModel, at=path)
    # resolve aliases
    resolved: dict[str, Variant] = {}
    for name, vm in built.items():
        doc = docs[name]
        target, seen = name, {name}
        while built.get(target) is not None and built[target].same_as:
            target = built[target].same_as
            if target in seen or target not in built:
                problems.append(doc.problem(("variants", name, "same_as"),
                                            f"same_as names {target!r}, which is not a variant of this type"))
                target = None
                break
            seen.add(target)
        if target is None:
            continue
        base = built[target]
        where = ("variants", name)
        missing = [key for key in ("text", "risk", "ask", "why") if not getattr(base, key)]
        if missing:
            if target == name:
                problems += [doc.problem(where + (key,), "this key is required") for key in missing]
            continue
        sig = [tuple(getattr(base.signals, kind)) for kind in ("any", "all", "not_")]
        resolved[name] = Variant(
            type=type_id, variant=name, title=vm.title or base.title or top.get("title") or type_id,
            text=typographic(base.text), cites=tuple(base.cites), risk=base.risk, risk_note=base.risk_note or "",
            ask=" ".join(base.ask.split()), why=" ".join(base.why.split()),
            summary=" ".join((vm.summary or base.summary or "").split()),
            verify=tuple(base.verify), signals=Signals(*sig), canonical=target,
            file=doc.file, line=doc.line(where),
            edits=tuple(Edit(e.action, e.find, typographic(" ".join(e.text.split())) if e.text else "",
                             e.unless, e.fallback, e.charged) for e in base.edits),
            edit_summary=typographic(" ".join((base.edit_summary or "").split())),
            companions=tuple((base.companions or {}).items()),
        )
    rules = []
    for i, r in enumerate(top.get("select") or []):
        doc = owners.get("select", any_doc)
        if r.variant not in built:
            problems.append(doc.problem(("select", i, "variant"), f"no variant {r.variant!r} in this type"))
        rules.append(Rule(r.when, r.variant, " ".join(r.reason.split()), doc.line(("select", i)), str(doc.file)))
    if rules and rules[-1].when:
        problems.append(owners["select"].problem(("select",), "the last rule must have no `when` (the default)"))
    include = top.get("include")
    if problems:
        return None, problems
    review = top.get("review") or ReviewModel()
    return ClauseType(
        type=type_id, title=top["title"], group=top["group"], documents=tuple(top["documents"]),
        order=top["order"], include=include, rules=tuple(rules), expected_in=tuple(review.expected_in),
        gap=review.gap, gap_note=" ".join((review.gap_note or "").split()), variants=resolved,
        file=any_doc.file,
    ), []


# --- choosing and rendering ---------------------------------------------------------------

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


from .clauselint import case_cite_problems, cite_problem, conflict_problems, lint, syntax_problems  # noqa: E402,F401,E501
