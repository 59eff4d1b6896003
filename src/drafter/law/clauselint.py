"""``drafter clauses lint``: every check of the clause library (citations, Jinja, patterns, rules)."""

from __future__ import annotations

import re

from .. import regexlint
from ..environment import check_syntax
from ..model.clausetypes import REQUIRED_VARIANTS
from .clauses import Library, Variant, companions as clauselib_companions, render_variant, select

# --- lint -------------------------------------------------------------------------------

_CITE_PATTERNS = [
    r"\d+ U\.S\.C\. §§? \d+[A-Za-z]?(\([A-Za-z0-9]+\))*(\s*(,|and|-|–)\s*\d+[A-Za-z]?(\([A-Za-z0-9]+\))*)*",
    r"USSG §§? \d[A-Z]\d\.\d+(\([a-z0-9]+\))*(,? (and )?(§ )?\d[A-Z]\d\.\d+(\([a-z0-9]+\))*)*"
    r"( & comment\.\(n\.\d+\)| cmt\. n\.\d+| comment\. \(n\. ?\d+\))?",
    r"Fed\. R\. (Crim\. P|Evid|Civ\. P)\. \d+(\([A-Za-z0-9]+\))*",
    r"[A-Z][\w.'&-]*( [\w.'&-]+)* v\. [\w.'&-]+( [\w.'&-]+)*, \d+ (U\.S\.|F\.\dd|F\.|F\. Supp\.( \dd)?|S\. Ct\.) \d+"
    r"( \(([\w.]+ )*(\d{4})\)| \(\d{4}\))",
    r"Pub\. L\. No\. \d+-\d+.*",
]
_CITE = re.compile("^(" + "|".join(f"(?:{p})" for p in _CITE_PATTERNS) + ")$")


def cite_problem(cite: str) -> str | None:
    return None if _CITE.match(cite) else f"citation not in a recognised form: {cite!r}"


# A case named in full ("Santobello v. New York", "United States v. Perry") and a reporter
# citation right after it (", 640 F.3d 805" / ", 23 I&N Dec. 270").
_CASE_NAME = re.compile(
    r"\b((?:United States|[A-Z][\w.'&-]*(?: [A-Z][\w.'&-]*){0,3}) v\. "
    r"(?:United States|[A-Z][\w.'&-]*(?: [A-Z][\w.'&-]*){0,3}))")
_REPORTER = re.compile(r"^\*?,? \d+ (?:U\.S\.|S\. ?Ct\.|F\.(?: ?\d ?d| Supp\.(?: \dd| 3d)?| App'x)?|"
                       r"I&N Dec\.)(?: \d+)")
# Matter of Y-L- and the like: administrative decisions, cited by name and I&N Dec.
_MATTER_OF = re.compile(r"\bMatter of ([A-Z][\w-]*-)(?!\w)")


_LEAD_WORDS = {"In", "Under", "See", "Compare", "As", "Unlike", "Like", "After", "Before", "Since",
               "And", "Per", "The", "Also", "Following", "Both", "Cf", "Cf."}


def _case(match: re.Match) -> str:
    """The case name of a match, without a sentence's leading words ("In McKnight v. ...")."""
    first, _, second = match.group(1).partition(" v. ")
    words = first.split(" ")
    while len(words) > 1 and words[0] in _LEAD_WORDS:
        words = words[1:]
    return " ".join(words) + " v. " + second


def _short_name(case: str) -> str:
    """The name a brief uses for a case: the party that is not the United States."""
    first, _, second = case.partition(" v. ")
    name = second if first == "United States" else first
    return name.split(",")[0].split(" ")[0]


def case_cite_problems(library: Library) -> list[str]:
    """Every case a clause file names carries a reporter citation, in the same text or in the
    variant's cites, or a [VERIFY] flag (the variant's ``verify`` list) that names it."""
    out = []
    known = _known_short_names(library)
    for t in library.ordered():
        type_cites = [c for v in t.variants.values() for c in v.cites]
        type_verify = [f for v in t.variants.values() for f in v.verify]
        type_texts: list[tuple[str, str | None]] = [("select reason", r.reason) for r in t.rules]
        type_texts.append(("review gap_note", t.gap_note))
        # (the variant, or None for the type's own texts; its texts; its cites; its [VERIFY] flags)
        variants: list[tuple[Variant | None, list[tuple[str, str | None]], list[str], list[str]]] = [
            (None, type_texts, type_cites, type_verify)]
        seen = set()
        for v in t.variants.values():
            if v.canonical in seen:
                continue
            seen.add(v.canonical)
            texts: list[tuple[str, str | None]] = [
                ("text", v.text), ("risk_note", v.risk_note), ("ask", v.ask), ("why", v.why), ("summary", v.summary),
                *(("risk_notes", n.note) for n in v.risk_notes if n.note)]
            variants.append((v, texts, list(v.cites), list(v.verify)))
        for owner, texts, cites, verify in variants:
            where = f"{owner.file}:{owner.line}: {owner.id}" if owner else f"{t.file}: {t.type}"
            cited = " ".join(cites)
            full = {_case(m) for c in cites for m in _CASE_NAME.finditer(c)}
            for field, text in texts:
                text = " ".join((text or "").split())
                names = []
                for m in _CASE_NAME.finditer(text):
                    case = _case(m)
                    names.append(_short_name(case))
                    if _REPORTER.match(text[m.end():]) or case in full:
                        continue
                    if not any(_short_name(case) in f for f in verify):
                        out.append(f"{where}: {field}: {case!r} has no reporter citation "
                                   "and no [VERIFY] flag")
                for m in _MATTER_OF.finditer(text):
                    if not _REPORTER.match(text[m.end():]) and not any(m.group(1) in f for f in verify):
                        out.append(f"{where}: {field}: 'Matter of {m.group(1)}' has no reporter "
                                   "citation and no [VERIFY] flag")
                for short in known:
                    if short in names or not re.search(rf"\b{re.escape(short)}\b", text):
                        continue
                    if short in cited or re.search(rf"\b{re.escape(short)}\b[^.;]*?, \d+ ", text):
                        continue
                    if any(short in f for f in verify):
                        continue
                    out.append(f"{where}: {field}: {short} is cited without its reporter citation "
                               "(add the case to cites) or a [VERIFY] flag")
    return out


def _known_short_names(library: Library) -> list[str]:
    """Short names of every case the library names in full, in cites or in any text."""
    names = set()
    for v in library.variants():
        for text in (*v.cites, v.text, v.risk_note, v.ask, v.why, v.summary):
            for m in _CASE_NAME.finditer(" ".join((text or "").split())):
                names.add(_short_name(_case(m)))
    return sorted(n for n in names if n not in ("United", "States"))


def syntax_problems(library: Library) -> list[str]:
    """Jinja syntax of every text, rule and include; every recognition pattern compiles."""
    out = []
    for t in library.ordered():
        for p in t.company_granted + t.company_given:      # the letter already gives what a company asks
            try:
                re.compile(p, re.I)
            except re.error as bad:
                out.append(f"{t.file}: review: pattern {p!r}: {bad}")
                continue
            out += [f"{t.file}: review: pattern {p!r}: {why}" for why in regexlint.problems(p, re.I)]
        if t.include:
            err = check_syntax(t.include, expression=True)
            if err:
                out.append(f"{t.file}: include: {err}")
        for r in t.rules:
            if r.when:
                err = check_syntax(r.when, expression=True)
                if err:
                    out.append(f"{r.file or t.file}:{r.line}: when: {err}")
        for v in t.variants.values():
            err = check_syntax(v.text)
            if err:
                out.append(f"{v.file}:{v.line}: {v.id}: text: {err}")
            for e in v.edits:
                if e.action in ("strike", "replace", "insert-after", "insert-before") and not e.find:
                    out.append(f"{v.file}:{v.line}: {v.id}: edit {e.action} needs `find`")
            for p in v.signals.any_src + v.signals.all_src + v.signals.not_src + tuple(
                    x for e in v.edits for x in (e.find, e.unless, e.unless_letter) if x) + tuple(
                    x for n in v.risk_notes for x in (*n.when, *n.unless)):
                try:
                    re.compile(p, re.I | re.S)
                except re.error as e:
                    out.append(f"{v.file}:{v.line}: {v.id}: signal {p!r}: {e}")
                    continue
                for why in regexlint.problems(p, re.I | re.S):
                    out.append(f"{v.file}:{v.line}: {v.id}: signal {p!r}: {why}")
    return out


def conflict_problems(library: Library) -> list[str]:
    """A companion's variant must not itself name a different variant for a clause already
    placed by the chain (the family would contradict itself)."""
    out = []
    for v in library.variants():
        if not v.companions:
            continue
        family = dict([(v.type, v.canonical)] + clauselib_companions(library, v.type, v.variant))
        for t, name in list(family.items()):
            for t2, name2 in library.types[t].variants[name].companions:
                if t2 in family and t2 in library.types and name2 in library.types[t2].variants \
                        and not library.types[t2].same(family[t2], name2):
                    out.append(f"{v.file}:{v.line}: {v.id}: companions: {t}/{name} wants {t2}/{name2}, "
                               f"the family has {t2}/{family[t2]}")
    return out


def lint(library: Library, matters: list, context_for) -> list[str]:
    """Every check ``drafter clauses lint`` runs; returns the problems (empty when clean)."""
    from ..model.clausetypes import NAMED_VARIANTS, SPEC_TYPES

    out = []
    for type_id in SPEC_TYPES:
        t = library.types.get(type_id)
        if t is None:
            out.append(f"clause type {type_id}: missing from the library")
            continue
        for name in REQUIRED_VARIANTS + NAMED_VARIANTS.get(type_id, ()):
            if name not in t.variants:
                out.append(f"{t.file}: clause type {type_id}: required variant {name!r} missing")
    out += syntax_problems(library)
    ids = [v.id for v in library.variants()]
    dupes = {i for i in ids if ids.count(i) > 1}
    out += [f"duplicate clause id {i}" for i in sorted(dupes)]
    for v in library.variants():
        for c in v.cites:
            p = cite_problem(c)
            if p:
                out.append(f"{v.file}:{v.line}: {v.id}: {p}")
    out += case_cite_problems(library)
    for v in library.variants():
        for type_, variant in v.companions:
            t = library.types.get(type_)
            if t is None:
                out.append(f"{v.file}:{v.line}: {v.id}: companions: no clause type {type_!r}")
            elif variant not in t.variants:
                out.append(f"{v.file}:{v.line}: {v.id}: companions: no variant {variant!r} of {type_}")
            elif set(t.documents) != set(library.types[v.type].documents):
                out.append(f"{v.file}:{v.line}: {v.id}: companions: {type_} is not in the same document")
    out += conflict_problems(library)
    for matter in matters:
        ctx = context_for(matter)
        for v in library.variants():
            try:
                render_variant(v, ctx)
            except Exception as e:  # noqa: BLE001 - lint reports every failure
                out.append(f"{v.id} against matter {matter.id}: {e}")
        try:
            select(library, ctx, ctx["matter"]["negotiation"])
        except Exception as e:  # noqa: BLE001
            out.append(f"rules against matter {matter.id}: {e}")
    return out
