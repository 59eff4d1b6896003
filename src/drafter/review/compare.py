"""Comparing two versions of an agreement: what changed, paragraph by paragraph and word by word.

``drafter compare OLD NEW`` reads both versions (.docx, .txt or .pdf with a text layer; a .docx
that carries tracked changes is read with every change accepted), aligns their paragraphs and
writes ``NEW-stem.compare.docx``: NEW's document with tracked changes against OLD, so that
rejecting every change gives OLD's text and accepting every change gives NEW's.

- Paragraphs are aligned on their normalised text (difflib); within a run of changed
  paragraphs, each old paragraph is paired with the next new one that is similar enough
  (a *replace*, marked word by word), the rest are insertions and deletions.
- A paragraph deleted in one place and inserted unchanged in another is a *move* (Word's
  ``w:moveFrom``/``w:moveTo``), when it is long enough to be a real paragraph.
- From a .docx the new version's own document is edited, so its styles and numbering stay;
  from .txt or .pdf a plain document is built. Same inputs and date -> the same bytes.
"""

from __future__ import annotations

import datetime as dt
import difflib
import re
from dataclasses import dataclass, field
from pathlib import Path

from ..docx.letters import Letter, Paragraph, body_paragraphs, make_paragraphs, open_docx, paragraph_text, read_letter
from ..docx.revisions import element, invert, resolve, resolved_docx, w
from ..errors import DrafterError

PAIR = 0.5            # old and new paragraphs at least this similar are one paragraph, edited
MOVE_WORDS = 4        # a moved paragraph has at least this many words
LOOKAHEAD = 12        # how far ahead a changed paragraph looks for its partner
_TOKEN = re.compile(r"\w+\s*|[^\w\s]\s*|\s+")     # a word or a sign with the spaces after it


# --- reading ---------------------------------------------------------------------------------

def read_version(path: str | Path) -> Letter:
    """A version as numbered paragraphs; a .docx with tracked changes is read as accepted."""
    letter = read_letter(path)
    if letter.format != "docx" or not letter.editable or not _may_have_revisions(letter.data):
        return letter
    accepted = resolved_docx(letter.data, True)
    doc = open_docx(accepted, str(letter.path))
    paras = make_paragraphs([paragraph_text(p) for p in body_paragraphs(doc.element.body)], clean=False)
    return Letter(letter.path, "docx", paras, accepted, True)


def _may_have_revisions(data: bytes) -> bool:
    """A quick look at the raw XML: does the body hold any revision mark at all?"""
    from ..docx.package import read_part

    xml = read_part(data, "word/document.xml")
    if xml is None:
        return True
    return any(tag in xml for tag in (b"<w:ins ", b"<w:del ", b"<w:moveFrom ", b"<w:moveTo ",
                                       b"<w:pPrChange", b"<w:rPrChange", b"<w:ins>", b"<w:del>"))


# --- aligning ------------------------------------------------------------------------------------

@dataclass
class Op:
    """One step of the alignment, in document order: ``old``/``new`` index the paragraphs."""

    kind: str                   # equal | insert | delete | replace
    old: int | None = None
    new: int | None = None
    move: str | None = None     # the move's name when an insert/delete is half of a move

    @property
    def old_at(self) -> int:
        """``old`` of a step that has one (every kind but insert)."""
        if self.old is None:
            raise ValueError(f"an {self.kind} step has no old paragraph")
        return self.old

    @property
    def new_at(self) -> int:
        """``new`` of a step that has one (every kind but delete)."""
        if self.new is None:
            raise ValueError(f"a {self.kind} step has no new paragraph")
        return self.new


def _key(p: Paragraph) -> str:
    return " ".join(p.norm.split())


def _words(p: Paragraph) -> list[str]:
    return p.norm.lower().split()


def similarity(a: Paragraph, b: Paragraph) -> float:
    x, y = _words(a), _words(b)
    sm = difflib.SequenceMatcher(None, x, y, autojunk=False)
    if sm.real_quick_ratio() < PAIR or sm.quick_ratio() < PAIR:
        return 0.0
    return sm.ratio()


def _pair_block(old: list[Paragraph], new: list[Paragraph], i1: int, i2: int, j1: int, j2: int) -> list[Op]:
    """Within a run of changed paragraphs: replace where similar, else delete / insert."""
    ops: list[Op] = []
    j = j1
    for i in range(i1, i2):
        best, best_j = 0.0, None
        for k in range(j, min(j2, j + LOOKAHEAD)):
            s = similarity(old[i], new[k])
            if s > best:
                best, best_j = s, k
        if best_j is None or best < PAIR:
            ops.append(Op("delete", old=i))
            continue
        ops += [Op("insert", new=k) for k in range(j, best_j)]
        ops.append(Op("replace", old=i, new=best_j))
        j = best_j + 1
    ops += [Op("insert", new=k) for k in range(j, j2)]
    return ops


def align(old: list[Paragraph], new: list[Paragraph]) -> list[Op]:
    """The paragraph alignment of two versions, with moves detected."""
    sm = difflib.SequenceMatcher(None, [_key(p) for p in old], [_key(p) for p in new], autojunk=False)
    ops: list[Op] = []
    for tag, i1, i2, j1, j2 in sm.get_opcodes():
        if tag == "equal":
            for k in range(i2 - i1):
                same = old[i1 + k].text == new[j1 + k].text
                ops.append(Op("equal" if same else "replace", old=i1 + k, new=j1 + k))
        else:
            ops += _pair_block(old, new, i1, i2, j1, j2)
    _find_moves(old, new, ops)
    return ops


def _find_moves(old: list[Paragraph], new: list[Paragraph], ops: list[Op]) -> None:
    deleted: dict[str, list[Op]] = {}
    for op in ops:
        if op.kind == "delete" and len(_words(old[op.old_at])) >= MOVE_WORDS:
            deleted.setdefault(old[op.old_at].text, []).append(op)
    n = 0
    for op in ops:
        if op.kind == "insert" and deleted.get(new[op.new_at].text):
            source = deleted[new[op.new_at].text].pop(0)
            n += 1
            op.move = source.move = f"drafterMove{n}"


# --- the changes, as data ------------------------------------------------------------------------

@dataclass
class Comparison:
    old: Letter
    new: Letter
    ops: list[Op] = field(default_factory=list)

    def changes(self) -> list[dict]:
        """The ``changes`` of ``compare --json``: ``paragraph`` is NEW's number for an insert or
        a replace and OLD's number for a delete (the paragraph is no longer in NEW)."""
        out = []
        for op in self.ops:
            if op.kind == "equal":
                continue
            o = self.old.paragraphs[op.old] if op.old is not None else None
            n = self.new.paragraphs[op.new] if op.new is not None else None
            shown = n or self.old.paragraphs[op.old_at]      # a delete: OLD's paragraph
            item = {"paragraph": shown.number, "kind": op.kind,
                    "old": o.text if o else "", "new": n.text if n else "",
                    "old_paragraph": o.number if o else None, "new_paragraph": n.number if n else None}
            if op.move:
                item["moved"] = True
            out.append(item)
        return out

    @property
    def counts(self) -> dict[str, int]:
        kinds = [op.kind for op in self.ops if op.kind != "equal"]
        return {k: kinds.count(k) for k in ("replace", "insert", "delete")} | {
            "moved": sum(1 for op in self.ops if op.move and op.kind == "insert")}


def compare(old_path: str | Path, new_path: str | Path) -> Comparison:
    old, new = read_version(old_path), read_version(new_path)
    return Comparison(old, new, align(old.paragraphs, new.paragraphs))


# --- the comparison document ---------------------------------------------------------------------

def word_edits(new_text: str, old_text: str) -> list:
    """Edits turning ``new_text`` into ``old_text``, word by word (offsets in new_text); two
    changes with only a space between them become one, so a rewritten phrase reads whole."""
    from .counterdraft import Edit

    a, b = _TOKEN.findall(new_text), _TOKEN.findall(old_text)
    sm = difflib.SequenceMatcher(None, a, b, autojunk=False)
    offsets = [0]
    for tok in a:
        offsets.append(offsets[-1] + len(tok))
    edits: list = []
    for op, i1, i2, j1, j2 in sm.get_opcodes():
        if op == "equal":
            continue
        start, end, text = offsets[i1], offsets[i2], "".join(b[j1:j2])
        if edits and new_text[edits[-1].end:start].isspace():
            prev = edits.pop()
            gap = new_text[prev.end:start]
            edits.append(Edit(prev.start, end, prev.new + gap + text))
        else:
            edits.append(Edit(start, end, text))
    return [_trim(e, new_text) for e in edits]


def _trim(e, text: str):
    """Leave the spaces both wordings share outside the change ("the " -> "THE " is "the" -> "THE")."""
    old = text[e.start:e.end]
    while old and e.new and old[-1] == e.new[-1] and old[-1].isspace():
        old, e.new, e.end = old[:-1], e.new[:-1], e.end - 1
    while old and e.new and old[0] == e.new[0] and old[0].isspace():
        old, e.new, e.start = old[1:], e.new[1:], e.start + 1
    return e


def _mark_paragraph(p, tracker, tag: str) -> None:
    """Put a revision mark (``ins``/``del``/``moveFrom``/``moveTo``) on a paragraph's mark."""
    ppr = p.find(w("pPr"))
    if ppr is None:
        ppr = element("pPr")
        p.insert(0, ppr)
    rpr = ppr.find(w("rPr"))
    if rpr is None:
        rpr = element("rPr")
        ppr.append(rpr)       # rPr comes late in pPr (before sectPr and pPrChange)
        sect = ppr.find(w("sectPr"))
        if sect is not None:
            sect.addprevious(rpr)
    rpr.insert(0, tracker.revision(tag))


def _as_move(p, tracker, kind: str, name: str) -> None:
    """Turn a paragraph's ins/del marks into a move (``moveTo``/``moveFrom``) named ``name``."""
    base = "ins" if kind == "moveTo" else "del"
    for el in p.iter(w(base)):
        el.tag = w(kind)
    start = tracker.revision(f"{kind}RangeStart")
    start.set(w("name"), name)
    end = element(f"{kind}RangeEnd", id=start.get(w("id")))
    ppr = p.find(w("pPr"))
    (ppr.addnext if ppr is not None else (lambda e: p.insert(0, e)))(start)
    p.append(end)


def build_document(cmp: Comparison, author: str, date: dt.date) -> bytes:
    """NEW's document with tracked changes against OLD (see the module docstring). The edits
    are made the other way round (NEW -> OLD) with the counter-draft's tracked-change writer,
    then every revision is inverted."""
    from ..docx.package import save
    from ..docx.tracked import letter_document
    from .counterdraft import Edit, Tracker, apply_edits, new_paragraph

    doc, elements = letter_document(cmp.new)
    resolve(doc.element.body, True)           # NEW as read: every earlier change accepted
    tracker = Tracker(doc, author, date)
    prev = None
    for op in cmp.ops:
        if op.new is not None:
            p = elements[op.new]
            text = cmp.new.paragraphs[op.new].text
            if op.kind == "replace":
                apply_edits(p, word_edits(text, cmp.old.paragraphs[op.old_at].text), tracker)
            elif op.kind == "insert":
                apply_edits(p, [Edit(0, len(paragraph_text(p)), "")], tracker)
                _mark_paragraph(p, tracker, "del")
                if op.move:
                    _as_move(p, tracker, "moveFrom", op.move)
            prev = p
        elif op.kind == "delete":
            like = prev if prev is not None else (elements[0] if elements else None)
            p = new_paragraph(cmp.old.paragraphs[op.old_at].text, like, tracker)
            if op.move:
                _as_move(p, tracker, "moveTo", op.move)
            if prev is not None:
                prev.addnext(p)
            elif elements:
                elements[0].addprevious(p)
            else:
                sect = doc.element.body.find(w("sectPr"))
                (sect.addprevious if sect is not None else doc.element.body.append)(p)
            prev = p
    invert(doc.element.body)
    return save(doc, date, {
        "title": f"Comparison: {cmp.old.name} -> {cmp.new.name}", "author": author, "last_modified_by": author,
        "comments": "Tracked changes from the earlier version to the later one. Draft for attorney review."})


def check_inputs(old: Path, new: Path) -> None:
    if Path(old).resolve() == Path(new).resolve():
        raise DrafterError(f"{new}: OLD and NEW are the same file; give the earlier and the later version")
