"""Writing a packet: clean and review copies, checklist Markdown, calendar, manifest.

Promises kept here:
- a draft someone edited since drafter wrote it is never overwritten (``--force`` first moves it
  to a dated backup inside the output folder); files drafter did not write are never touched;
- the packet is written through files.write_files: staged in a private folder, then switched
  in, so a failure half-way leaves the previous drafts as they were and a killed run is finished
  by the next one; PDFs are made in a private folder and written the same way;
- the same inputs and draft date give byte-identical files;
- files are readable by their owner only; nothing is written outside the output folder.
"""

from __future__ import annotations

import datetime as dt
import os
import re
import shutil
import subprocess
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import partial
from pathlib import Path
from typing import Protocol

from ..docx import render
from ..docx.render import Comment
from ..environment import longdate, render_budget
from ..errors import EditedFilesError, UsageError
from ..files import Item, changed_since_written, private_dir, write_files
from ..law.analysis import caption, second_circuit_notes
from ..law.clauses import render_variant
from ..law.documents import DOCUMENTS
from ..law.plan import Plan
from .notes import anchor as _anchor, initials as _initials, review_notes


@dataclass
class OutputFile:
    path: str
    document: str
    audience: str
    data: bytes
    copy: str = "clean"


class OfficeForm(Protocol):
    """The Office's own letter standing for one of the packet's agreements (``packet --base``).
    review.base builds it (the review and the redline); the packet only asks it for these."""

    @property
    def document(self) -> str:
        """The packet document it stands for (proffer-agreement or cooperation-terms)."""

    @property
    def warnings(self) -> list[str]:
        """What the attorney should check (the letter names another client, ...)."""

    def files(self, external: bool, draft_date: dt.date, title: str) -> list[tuple[str, str, bytes, str]]:
        """Its files, each (file name, audience, bytes, copy)."""

    def cover_changes(self, comments: dict, anchor: Callable[[str], str]) -> list[dict]:
        """The changes made to it, for the cover letter's list (their comments go in ``comments``)."""


@dataclass
class PacketResult:
    out_dir: Path
    files: list[OutputFile]
    backups: list[str] = field(default_factory=list)
    gaps: list[str] = field(default_factory=list)
    pdfs: list[str] = field(default_factory=list)
    pdf_note: str | None = None
    recovered: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)


def clause_entries(plan: Plan, document: str, comments: dict[str, Comment]) -> list[dict]:
    """The clauses of one document, rendered, each with its review comment registered."""
    out = []
    attorney = plan.context["attorney"]["name"]
    for choice in plan.choices_for(document):
        t = plan.library.types[choice.type]
        v = t.variants[choice.variant]
        key = f"{document}:{choice.type}"
        std = t.variants.get("government-standard")
        lines = [f"{v.title}.", f"Why this wording: {choice.reason}"]
        if std is not None and not t.same(std.variant, choice.variant):
            risk = {"high": "high", "medium": "moderate"}.get(std.risk, std.risk)
            lines.append(f"The Office's usual wording ({risk} risk): {std.risk_note}")
            lines.append(f"Ask: {v.ask}")
        elif v.office_only:
            lines.append("This is the government's standard wording, less the part counsel never proposes "
                         f"(the cover letter says so): {v.office_only}")
        else:
            lines.append("This is the government's standard wording.")
        if v.cites:
            lines.append("Cites: " + "; ".join(v.cites))
        lines += second_circuit_notes(v.cites, plan.matter.case.district)
        lines += [f"[VERIFY] {f}" for f in v.verify]
        comments[key] = Comment("\n".join(lines), f"drafter (for {attorney})", _initials(attorney) or "DR")
        out.append({
            "type": choice.type, "id": choice.id, "variant": choice.variant,
            "title": _anchor(key) + v.heading,
            "paragraphs": render_variant(v, plan.context),
            "cites": list(v.cites), "ask": v.ask, "why": v.why, "reason": choice.reason,
            "risk": v.risk, "risk_note": v.risk_note, "verify": list(v.verify),
        })
    return out


_TERMS = [(r"\b[Tt]he (?:Client|Defendant)\b", None), (r"\b[Tt]he Government\b", "the Office"),
          (r"\b[Tt]he Agreement\b", "the plea agreement"), (r"\b[Tt]he Meeting\b", "the meeting"),
          (r"\bMeeting\b", "meeting")]


def letter_terms(text: str, client: str) -> str:
    """A clause summary in the cover letter's one set of terms: the client by name, "the Office"
    for the prosecutors (the agreements say "the Client"/"the Defendant", "the Office"/"the
    Government" depending on the document)."""
    for pattern, repl in _TERMS:
        text = re.sub(pattern, partial(_term, client, repl), text)
    return text.replace("'", "\u2019")


def _term(client: str, repl: str | None, m: re.Match[str]) -> str:
    """The client's name for ``repl`` None, else ``repl`` with a capital where the word had one."""
    if repl is None:
        return client
    return repl[0].upper() + repl[1:] if m.group()[0] == "T" else repl


def _literal(text: str) -> Callable[[re.Match[str]], str]:
    """A replacement for ``re.sub`` that puts in ``text`` as it is (no group references)."""
    return lambda _m: text


def draft_changes(plan: Plan, comments: dict[str, Comment]) -> list[dict]:
    """Every change the enclosed drafts make to the Office's standard wording, in document order:
    the cover letter names each one, so its count always equals the drafts' count."""
    changes = []
    for doc_id in ("proffer-agreement", "cooperation-terms"):
        if plan.audience(doc_id) != "external" or doc_id not in plan.documents:
            continue
        for number, choice in enumerate(plan.choices_for(doc_id), start=1):
            t = plan.library.types[choice.type]
            v = t.variants[choice.variant]
            key = f"cover-letter:{choice.type}"
            kind = "change"
            if plan.is_standard(choice):
                if not v.office_only:
                    continue
                # the Office's wording, less what counsel never proposes (e.g. a hearing waiver):
                # the letter says what is left out, so that "follows standard terms" stays exact
                kind = "omission"
                comments[key] = Comment(
                    f"{v.heading}: the Office's standard wording, without the part counsel's own draft "
                    f"never proposes. {v.office_only}", "drafter", "DR")
                summary = letter_terms(v.office_only, plan.context["client"]["short"])
            else:
                ask = plan.strategy.ask_for(choice.type) if plan.strategy else None
                comments[key] = Comment(
                    f"{v.heading}: {ask.why if ask else choice.reason}\nInternal ask: {v.ask}",
                    "drafter", "DR")
                summary = letter_terms(v.summary or "Revised wording is proposed; see the enclosed draft.",
                                       plan.context["client"]["short"])
            # the draft's own heading; only the client's defined term becomes the letter's name
            short = plan.context["client"]["short"]
            heading = re.sub(r"\b[Tt]he (?:Client|Defendant)\b", _literal(short), v.heading)
            changes.append({"type": choice.type, "title": _anchor(key) + heading, "summary": summary,
                            "document": doc_id, "paragraph": number, "kind": kind,
                            "risk": t.variants["government-standard"].risk
                            if "government-standard" in t.variants else v.risk})
    return changes



def document_context(plan: Plan, document: str, draft_date: dt.date, comments: dict,
                     gaps: list[str] | None = None, history: dict | None = None,
                     base: OfficeForm | None = None) -> dict:
    from .officeform import missing_office_form
    from .sessions import open_facts, sessions_context

    d = DOCUMENTS[document]
    ws = plan.workspace
    ctx = dict(plan.context)
    audience = plan.audience(document) if document in plan.documents else d.audience
    ctx["sessions"] = sessions_context(plan.matter, draft_date, internal=audience != "external")
    ctx["history"] = history if document == "checklist" else None
    ctx["doc"] = {
        "id": d.id, "title": d.title, "audience": audience,
        "draft_date": longdate(draft_date), "draft_date_iso": draft_date.isoformat(),
        "mark": ws.mark, "legend": ws.legend if audience == "internal" else "",
        "demo_firm": ws.demo,
    }
    ctx["clauses"] = clause_entries(plan, document, comments) if document in (
        "proffer-agreement", "cooperation-terms") else []
    ctx["checklist"] = [i.to_json() for i in plan.checklist]
    ctx["changes"] = draft_changes(plan, comments) if document == "cover-letter" else []
    ctx["based_on"] = None          # the document built from the Office's own letter (--base)
    if document == "cover-letter" and base is not None:
        # the Office's own form, redlined: the letter names exactly the changes made to it (in the
        # letter's own paragraph labels), and the other document (if any) keeps its own list
        other = [c for c in ctx["changes"] if c["document"] != base.document]
        ctx["based_on"] = base.document
        ctx["changes"] = [dict(c, kind="change", summary=letter_terms(c["summary"], plan.context["client"]["short"]))
                          for c in base.cover_changes(comments, _anchor)] + other
    ctx["enclosed"] = [doc for doc in ("proffer-agreement", "cooperation-terms")
                       if doc in plan.documents and plan.audience(doc) == "external"]
    # the enclosed draft's interpreter paragraph, changed or in the Office's standard wording
    # (the cover letter asks for the interpreter's name then, not whether there will be one)
    ctx["interpreter_paragraph"] = next(
        (n for doc in ctx["enclosed"] for n, c in enumerate(plan.choices_for(doc), start=1)
         if c.type == "interpreter"), None) if document == "cover-letter" and base is None else None
    # what the agreement says about a false statement at the meeting (the proffer agreement has
    # no breach paragraph: breach belongs to cooperation terms, and the letter says so)
    ctx["false_statement_paragraph"] = next(
        (n for n, c in enumerate(plan.choices_for("proffer-agreement"), start=1)
         if c.type == "false-statement-exception"), None) \
        if document == "cover-letter" and "proffer-agreement" in ctx["enclosed"] and base is None else None
    ctx["later"] = [{"document": doc, "title": DOCUMENTS[doc].title, "note": note}
                    for doc, note in (plan.strategy.later.items() if plan.strategy else [])]
    ctx["gaps"] = list(gaps or [])
    ctx["open_facts"] = open_facts(plan.matter, draft_date) if document == "checklist" else []
    ctx["office_form"] = (missing_office_form(plan, base.document if base is not None else None)
                          if document == "checklist" else None)
    ctx["notes"] = review_notes(plan, document, comments)
    return ctx


def build(plan: Plan, draft_date: dt.date, only: list[str] | None = None,
          cache: render.TemplateCache | None = None,
          history: dict | None = None, base: OfficeForm | None = None) -> tuple[list[OutputFile], list[str]]:
    """Render the packet in memory (nothing is written here): the files and the gap labels.
    House templates and clauses run inside the sandbox's time and memory budget. With ``base``
    (an OfficeForm: the Office's own letter, reviewed), that letter, redlined with this matter's asks,
    stands for the proffer agreement or the cooperation terms. ``history`` is the negotiation
    so far (review.negotiation.history), shown on the checklist."""
    with render_budget():
        return _build(plan, draft_date, only, cache, history, base)


def _build(plan: Plan, draft_date: dt.date, only: list[str] | None,
           cache: render.TemplateCache | None, history: dict | None, base: OfficeForm | None = None
           ) -> tuple[list[OutputFile], list[str]]:
    wanted = list(plan.documents)
    if only:
        unknown = [d for d in only if d not in DOCUMENTS]
        if unknown:
            raise UsageError(f"unknown document {', '.join(unknown)}; documents: {', '.join(DOCUMENTS)}")
        # --only writes what the attorney names, whatever the posture table says
        wanted = [d for d in DOCUMENTS if d in only]
    house = plan.workspace.templates_dir
    files: list[OutputFile] = []
    all_gaps: list[str] = []
    ordered = [d for d in wanted if d != "checklist"] + (["checklist"] if "checklist" in wanted else [])
    attorney = plan.context["attorney"]["name"]
    based = base.document if base is not None else None
    for document in ordered:
        d = DOCUMENTS[document]
        if base is not None and document == based:
            files += [OutputFile(name, document, audience, data, copy) for name, audience, data, copy
                      in base.files(d.audience == "external", draft_date, d.title)]
            continue
        comments: dict[str, Comment] = {}
        ctx = document_context(plan, document, draft_date, comments, _unique(all_gaps), history, base)
        rendered = render.render_document(render.template_path(document, house), ctx, cache)
        title = f"{d.title} — {caption(plan.matter)}"
        internal_props = {"title": title, "author": attorney, "last_modified_by": attorney,
                          "subject": f"Matter {plan.matter.id}",
                          "comments": "Internal: privileged attorney work product; do not send."}
        audience = plan.audience(document) if document in plan.documents else d.audience
        if audience == "external" or d.review_copy:
            # A clean copy for the reader (the prosecutor, or the client) and a review copy with
            # counsel's comments. An agreement kept internal gets the review copy only.
            clean, review, gaps = render.finish(
                rendered, comments=comments, draft_date=draft_date,
                clean_properties={"title": d.title}, properties=internal_props)
            assert clean is not None                  # asked for with clean_properties
            files.append(OutputFile(f"{document}.docx", document, d.reader, clean, "clean"))
            files.append(OutputFile(f"{document}.review.docx", document, "internal", review, "review"))
        else:
            _, doc_bytes, gaps = render.finish(rendered, comments=comments, draft_date=draft_date,
                                               clean_properties=None, properties=internal_props)
            # an internal agreement is a review copy for counsel only: no clean copy to send
            name = f"{document}.review.docx" if d.audience == "external" else f"{document}.docx"
            files.append(OutputFile(name, document, "internal", doc_bytes,
                                    "review" if d.audience == "external" else "internal"))
        all_gaps += gaps
        if document == "checklist":
            from .checklist_md import checklist_markdown

            md = checklist_markdown(plan, _unique(all_gaps), draft_date, history, ctx["office_form"])
            files.append(OutputFile("checklist.md", "checklist", "internal", md.encode("utf-8"), "internal"))
    if plan.analysis.dates and (not only or "checklist" in wanted):
        from .calendar import deadlines_ics

        files.append(OutputFile("deadlines.ics", "deadlines", "internal",
                                deadlines_ics(plan, draft_date), "internal"))
    return files, _unique(all_gaps)


def _unique(items: list[str]) -> list[str]:
    return list(dict.fromkeys(items))


def manifest_header(plan: Plan, draft_date: dt.date) -> dict:
    return {
        "matter": plan.matter.id,
        "draft_date": draft_date.isoformat(),
        "workspace": str(plan.workspace.path) if plan.workspace.path else "bundled demo firm",
    }


def _item(f: OutputFile) -> Item:
    return Item(f.path, f.data, {"document": f.document, "audience": f.audience, "copy": f.copy})


def write(plan: Plan, files: list[OutputFile], out_dir: Path, draft_date: dt.date,
          force: bool = False) -> PacketResult:
    """Write the packet through the one safe writer (files.write_files)."""
    written = write_files(Path(out_dir), [_item(f) for f in files], force,
                          header=manifest_header(plan, draft_date))
    return PacketResult(Path(out_dir), files, [str(p) for p in written.backups],
                        recovered=written.recovered)


def convert_pdf(out_dir: Path, files: list[OutputFile]) -> tuple[list[OutputFile], str | None]:
    """PDF copies of the packet's Word files, made by LibreOffice (if installed) in a private
    folder with a private profile; the PDFs come back as bytes, to be written like every other
    draft (edit protection, backups, manifest). LibreOffice never sees the output folder."""
    soffice = shutil.which("soffice") or shutil.which("libreoffice")
    if not soffice:
        return [], "PDF copies were not made: LibreOffice (soffice) is not installed."
    docs = [f for f in files if f.path.endswith(".docx")]
    work = private_dir(Path(out_dir))
    try:
        src, dst, profile = work / "in", work / "out", work / "profile"
        for d in (src, dst, profile):
            d.mkdir(mode=0o700)
        for f in docs:
            (src / f.path).write_bytes(f.data)
        env = {k: v for k, v in os.environ.items() if k in ("PATH", "LANG", "LC_ALL", "TZ", "SYSTEMROOT")}
        env.update(HOME=str(profile), TMPDIR=str(work), TMP=str(work), TEMP=str(work))
        try:
            proc = subprocess.run(
                [*offline_prefix(), soffice, f"-env:UserInstallation={profile.resolve().as_uri()}", "--headless",
                 "--norestore", "--nolockcheck", "--convert-to", "pdf", "--outdir", str(dst),
                 *(str(src / f.path) for f in docs)],
                capture_output=True, text=True, timeout=300, env=env, cwd=work,
                stdin=subprocess.DEVNULL,
            )
        except (OSError, subprocess.TimeoutExpired) as e:
            return [], f"PDF conversion failed: {e}"
        made = []
        for f in docs:
            pdf = dst / (f.path[:-len(".docx")] + ".pdf")
            if pdf.is_file() and not pdf.is_symlink():
                made.append(OutputFile(pdf.name, f.document, f.audience, pdf.read_bytes(), f.copy))
    finally:
        shutil.rmtree(work, ignore_errors=True)
    note = None if len(made) == len(docs) else (
        f"LibreOffice converted {len(made)} of {len(docs)} files: {proc.stderr.strip()[:300]}")
    return made, note


def offline_prefix() -> list[str]:
    """A prefix that runs a command without network access (a private network namespace), where
    the system allows it; otherwise nothing (the copies hold no outside links anyway)."""
    unshare = shutil.which("unshare")
    if not unshare or not hasattr(os, "getuid"):
        return []
    for prefix in ([unshare, "-n"], [unshare, "-rn"]):
        try:
            if subprocess.run([*prefix, "true"], capture_output=True, timeout=10).returncode == 0:
                return prefix
        except (OSError, subprocess.TimeoutExpired):
            continue
    return []


def build_packet(plan: Plan, out_dir: Path, draft_date: dt.date, *, only: list[str] | None = None,
                 force: bool = False, pdf: bool = False, base: OfficeForm | None = None,
                 history: dict | None = None) -> PacketResult:
    """Build and write the packet. ``base`` (the Office's own letter, review.base.office_form) and
    ``history`` (the negotiation rounds in the output folder, review.negotiation.history) come from
    the caller: drafter.api.build_packet gathers both, so the draft layer never imports the review."""
    files, gaps = build(plan, draft_date, only, history=history, base=base)
    pdfs: list[OutputFile] = []
    note = None
    if pdf:
        edited = changed_since_written(Path(out_dir), [f.path for f in files])
        if edited and not force:       # fail before the slow conversion
            raise EditedFilesError([str(Path(out_dir) / e) for e in edited])
        pdfs, note = convert_pdf(Path(out_dir), files)
    result = write(plan, files + pdfs, out_dir, draft_date, force)
    result.files = files
    result.pdfs = [str(Path(out_dir) / p.path) for p in pdfs]
    result.pdf_note = note
    result.gaps = gaps
    if base is not None:
        result.warnings = list(base.warnings)
    return result

