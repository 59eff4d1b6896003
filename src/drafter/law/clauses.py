"""The clause library: clause files loaded, validated and laid over each other (bundled, then a
firm's house clauses). Choosing a variant for a matter and rendering it: ``clausechoice.py``.

The format is documented in ``docs/clause-format.md``. The wording lives in ``clauses/``;
this module only loads and validates it.
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass, field
from pathlib import Path

from pydantic import ValidationError

from .. import regexlint
from ..errors import DataError, Problem
from ..model import yamlfile
from ..model.clausetypes import ALL_TYPES
from ..model.validation import validation_problems
from ..prefilter import Prefiltered, prefiltered
from ..resources import data_dir
from .clausemodels import ReviewModel, TypeModel, VariantModel

_VARIANT_ID = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")


# --- the loaded library -----------------------------------------------------------------

@dataclass(frozen=True)
class Signals:
    """Regexes (case-insensitive) by which ``drafter review`` recognises a variant; compiled on
    first use, since only the review of a letter needs them."""

    any_src: tuple[str, ...] = ()
    all_src: tuple[str, ...] = ()
    not_src: tuple[str, ...] = ()

    @functools.cached_property
    def any(self) -> tuple[Prefiltered, ...]:
        return tuple(_signal(p) for p in self.any_src)

    @functools.cached_property
    def all(self) -> tuple[Prefiltered, ...]:
        return tuple(_signal(p) for p in self.all_src)

    @functools.cached_property
    def not_(self) -> tuple[Prefiltered, ...]:
        return tuple(_signal(p) for p in self.not_src)

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
    ask: str | None = None
    party: str | None = None
    within: str = "clause"
    sentence: bool = False
    why: str = ""
    unless_letter: str | None = None

    @property
    def pattern(self) -> re.Pattern | None:
        return _compile(self.find) if self.find else None


@dataclass(frozen=True)
class RiskNote:
    """A risk note for a letter whose own words differ from the variant's (see ``Variant.note_for``)."""
    when: tuple[str, ...]
    unless: tuple[str, ...]
    within: str
    note: str = ""
    variant: str | None = None

    def fits(self, clause: str, paragraph: str) -> bool:
        text = paragraph if self.within == "paragraph" else clause
        return (all(_compile(p).search(text) for p in self.when)
                and not any(_compile(p).search(text) for p in self.unless))


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
    documents: tuple[str, ...] = ()      # written for a letter of this document, not the type's own
    # what counsel's own draft leaves out of this wording (text rendered only for the Office's
    # form, ``office_wording``), as the cover letter says it; "" when the draft renders it whole
    office_only: str = ""
    risk_notes: tuple[RiskNote, ...] = ()

    def note_for(self, clause: str = "", paragraph: str = "") -> str:
        """The risk note as it reads for a letter: the first of ``risk_notes`` with a note whose
        patterns fit the Office's own sentence (or paragraph), so that the note never claims of the
        letter what its words do not say; else ``risk_note``."""
        return next((n.note for n in self.risk_notes if n.note and n.fits(clause, paragraph or clause)),
                    self.risk_note)

    def read_as(self, clause: str = "", paragraph: str = "") -> str | None:
        """The variant the letter's words are read as where a ``risk_notes`` entry says so (else None)."""
        n = next((n for n in self.risk_notes if n.variant and n.fits(clause, paragraph or clause)), None)
        return n.variant if n else None

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
    needs_facts: bool = False        # an ask the counter-draft makes only when a matter calls for it
    company_note: str = ""           # the risk to a company, where the variants' notes speak of a person
    company_ask: str = ""            # the ask for a company, where the variants' asks speak of a person
    # patterns that all match a letter that grants the company ask; that grants part of it, and the rest
    company_granted: tuple[str, ...] = ()
    company_given: tuple[str, ...] = ()
    company_given_ask: str = ""

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


@functools.cache
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


@functools.cache
def _signal(pattern: str) -> Prefiltered:
    """A recognition signal: the compiled pattern behind a test of the words it cannot match
    without (see prefilter)."""
    return prefiltered(_compile(pattern))


def _clause_files(folder: Path) -> list[Path]:
    return sorted(folder.glob("*.yaml")) + sorted(folder.glob("*.yml"))


def _stamp(files: tuple[Path, ...]) -> tuple:
    """What the cache of a loaded library is keyed on: each clause file's path, modification
    time and size (a file added, removed or edited gives another key)."""
    out: list[tuple[str, int | None, int | None]] = []
    for path in files:
        try:
            st = path.stat()
        except OSError:            # gone since the folder was listed: loading will say so
            out.append((str(path), None, None))
            continue
        out.append((str(path), st.st_mtime_ns, st.st_size))
    return tuple(out)


def load_library(house_dir: Path | None = None, bundled_dir: Path | None = None) -> Library:
    """The bundled clauses, with a firm's house clauses laid over them by id.

    Loaded once per process for as long as no clause file changes: the cache is keyed on every
    file's path, modification time and size (bundled and house folders alike), so a
    long-running caller sees an edited house clause on its next call."""
    bundled_dir = bundled_dir or data_dir("clauses")
    dirs = (bundled_dir,) + ((house_dir,) if house_dir else ())
    files = tuple(tuple(_clause_files(folder)) for folder in dirs)
    key = (dirs, tuple(_stamp(f) for f in files))
    library = _LOADED.get(key)
    if library is None:
        library = _load_stored(dirs, files)
        while len(_LOADED) >= _LOADED_MAX:          # the oldest entry goes first
            del _LOADED[next(iter(_LOADED))]
        _LOADED[key] = library
    return library


_LOADED: dict[tuple, Library] = {}
_LOADED_MAX = 8


def _load_stored(dirs: tuple[Path, ...], files: tuple[tuple[Path, ...], ...]) -> Library:
    """The library from the user's cache folder when it was stored from the same files with the
    same contents, read by the same code; otherwise loaded and stored there. A library with
    problems is never stored: they are reported on every load."""
    import hashlib

    from .. import usercache
    from ..errors import DrafterError
    from ..files import read_capped

    try:   # read as the loader reads them: regular files within the size limit, or no cache
        contents = tuple(tuple((str(p), hashlib.sha256(read_capped(p, yamlfile.MAX_BYTES)).hexdigest())
                               for p in folder) for folder in files)
        stored_key = (contents, usercache.code_fingerprint("law.clauses", "model.yamlfile",
                                                           "model.clausetypes"))
    except (DrafterError, OSError):
        return _load(dirs, files)
    slot = "clause-library " + repr(tuple(str(d) for d in dirs))
    library = usercache.load("clauses", slot, stored_key)
    if isinstance(library, Library):
        return library
    library = _load(dirs, files)
    usercache.store("clauses", slot, stored_key, library)
    return library


def _load(dirs: tuple[Path, ...], files: tuple[tuple[Path, ...], ...]) -> Library:
    problems: list[Problem] = []
    merged: dict[str, dict] = {}            # type -> top-level values
    owners: dict[str, dict[str, yamlfile.YamlDoc]] = {}   # type -> key -> doc that set it
    variants: dict[str, dict[str, tuple[dict, yamlfile.YamlDoc]]] = {}
    for layer, folder_files in enumerate(files):
        for doc in (yamlfile.load_path(path) for path in folder_files):
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
        problems += [doc.problem(("variants", name, "risk_notes", i, "variant"),
                                 f"variant {n.variant!r} is not a variant of this type")
                     for i, n in enumerate(vm.risk_notes) if n.variant and n.variant not in built]
        target: str | None = name
        seen = {name}
        while target is not None and built.get(target) is not None and built[target].same_as:
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
        # a same_as variant keeps its base's text (and so its recognition) but may say its own
        # ask and why, for the posture it is chosen at
        text, risk, ask, why = base.text, base.risk, vm.ask or base.ask, vm.why or base.why
        if not (text and risk and ask and why):
            if target == name:
                problems += [doc.problem(where + (key,), "this key is required")
                             for key, value in (("text", text), ("risk", risk), ("ask", ask), ("why", why))
                             if not value]
            continue
        sig = [tuple(getattr(base.signals, kind)) for kind in ("any", "all", "not_")]
        resolved[name] = Variant(
            type=type_id, variant=name, title=vm.title or base.title or top.get("title") or type_id,
            text=typographic(text), cites=tuple(base.cites), risk=risk, risk_note=base.risk_note or "",
            ask=" ".join(ask.split()), why=" ".join(why.split()),
            summary=" ".join((vm.summary or base.summary or "").split()),
            verify=tuple(base.verify), signals=Signals(*sig), canonical=target,
            file=doc.file, line=doc.line(where),
            edits=tuple(Edit(e.action, e.find, typographic(" ".join(e.text.split())) if e.text else "",
                             e.unless, e.fallback, e.charged, e.ask, e.party, e.within, e.sentence,
                             " ".join((e.why or "").split()), e.unless_letter)
                         for e in base.edits),
            edit_summary=typographic(" ".join((base.edit_summary or "").split())),
            companions=tuple((base.companions or {}).items()),
            documents=tuple(base.documents),
            office_only=" ".join((base.office_only or "").split()),
            risk_notes=tuple(RiskNote(tuple(n.when), tuple(n.unless), n.within, " ".join((n.note or "").split()),
                                      n.variant)
                             for n in base.risk_notes),
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
        gap=review.gap, gap_note=" ".join((review.gap_note or "").split()), needs_facts=review.needs_facts,
        company_note=" ".join((review.company_note or "").split()),
        company_ask=" ".join((review.company_ask or "").split()),
        company_granted=tuple(review.company_granted), company_given=tuple(review.company_given),
        company_given_ask=" ".join((review.company_given_ask or "").split()),
        variants=resolved,
        file=any_doc.file,
    ), []


# Choosing and rendering live in clausechoice.py; their names stay importable from here.
from .clausechoice import Choice, ask_item, companions, paragraphs, render_variant, select  # noqa: E402,F401
from .clauselint import case_cite_problems, cite_problem, conflict_problems, lint, syntax_problems  # noqa: E402,F401
