"""Issue 16, items 10, 12, 14 and 15: bounded house templates and clauses, batch workers that
die, one-line errors, validation (the static cases are in tests/bad_inputs/)."""

from __future__ import annotations

import os
import re
import signal
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import pytest
from click.testing import CliRunner
from docx import Document

from conftest import REPO
from drafter import environment
from drafter.cli import batch as batch_mod, main

DEMO = REPO / "matters" / "demo.yaml"
LETTERS = REPO / "tests" / "letters"


def one_line_error(r, pattern):
    assert r.exit_code == 1, r.output
    assert r.exception is None or isinstance(r.exception, SystemExit), repr(r.exception)
    assert "Traceback" not in r.output
    assert re.search(pattern, r.output), r.output


def firm(tmp_path, clause=None, rules=None):
    ws = tmp_path / "firm"
    (ws / "house").mkdir(parents=True)
    (ws / ".git").mkdir()
    (ws / "drafter.yaml").write_text("firm:\n  name: Test LLP\nattorney:\n  name: Test Lawyer\nclauses: house\n",
                                     encoding="utf-8")
    body = ""
    if rules:
        body += "select:\n" + rules
    if clause:
        body += ("variants:\n  impeachment-only:\n    text: " + repr(clause).replace("\\\\", "\\") +
                 "\n    risk: low\n    ask: x\n    why: y\n")
    (ws / "house" / "rebuttal-use.yaml").write_text(body, encoding="utf-8")
    (ws / "m.yaml").write_bytes(DEMO.read_bytes())
    return ws


def packet(ws, tmp_path, *extra):
    return CliRunner().invoke(main, ["packet", str(ws / "m.yaml"), "-o", str(tmp_path / "out"),
                                     "--draft-date", "2026-11-27", "--only", "proffer-agreement", *extra])


# --- item 10: the sandbox bounds loops, ranges, sizes, time and memory ---------------------------

@pytest.mark.parametrize("source,why", [
    ("{{ 'x' * 10**9 }}", "repeated text"),
    ("{% for i in range(10**6) %}{% endfor %}", "range|bounded_range"),
    ("{{ 'x'.center(10**9) }}", "argument to center"),
    ("{{ ('a' * 1000)|replace('a', 'a' * 1000)|replace('a', 'a' * 1000) }}", "replace"),
    ("{{ '%999999999d' % 1 }}", "format width"),
    ("{{ '{:>999999999}'.format(1) }}", "format width"),
    ("{{ 2 ** 1000000 }}", "power"),
    ("{{ lipsum(10**6) }}", "lipsum"),
])
def test_a_clause_cannot_allocate_gigabytes(tmp_path, source, why):
    ws = firm(tmp_path, clause=source)
    r = packet(ws, tmp_path)
    one_line_error(r, why)
    assert str(ws / "house" / "rebuttal-use.yaml") in r.output
    assert not (tmp_path / "out").exists()


def test_a_loop_that_would_run_for_hours_stops_at_the_time_budget(tmp_path, monkeypatch):
    monkeypatch.setattr(environment, "RENDER_SECONDS", 1)
    ws = firm(tmp_path, clause="{% for a in range(10000) %}{% for b in range(10000) %}{% for c in range(10000) %}"
                               "{% endfor %}{% endfor %}{% endfor %}x")
    one_line_error(packet(ws, tmp_path), r"took longer than 1 seconds")


@pytest.mark.skipif(not Path("/proc/self/statm").exists(), reason="memory ceiling needs /proc and rlimits")
def test_a_clause_building_a_huge_value_stops_at_the_memory_ceiling(tmp_path, monkeypatch):
    monkeypatch.setattr(environment, "RENDER_MEMORY", 256 * 1024 ** 2)
    ws = firm(tmp_path, clause="{% for a in range(5000) %}{{ 'x' * 999999 }}{% endfor %}")
    one_line_error(packet(ws, tmp_path), r"more memory than allowed")


def test_a_when_refused_by_the_sandbox_names_the_house_file_and_line(tmp_path):
    ws = firm(tmp_path, rules='  - when: "matter.__class__.__mro__"\n    variant: impeachment-only\n    reason: x\n'
                              "  - variant: impeachment-only\n    reason: y\n")
    r = packet(ws, tmp_path)
    one_line_error(r, re.escape(f"{ws / 'house' / 'rebuttal-use.yaml'}:2: when: refused by the template sandbox"))
    assert "clauses/rebuttal-use.yaml" not in r.output.replace(str(ws / "house"), "")


def test_a_when_overflowing_is_one_line(tmp_path):
    ws = firm(tmp_path, rules='  - when: "(10 ** 60) * 1.0e300 > 0 and range(10**9)"\n    variant: impeachment-only\n'
                              "    reason: x\n  - variant: impeachment-only\n    reason: y\n")
    one_line_error(packet(ws, tmp_path), r"rebuttal-use.yaml:2: when")


# --- item 12: batch workers ---------------------------------------------------------------------

REAL_BUILD_ONE = batch_mod.build_one     # kept before the test replaces it (forked workers inherit it)


def _kill_first_build(path, *args):
    """Stands in for build_one in forked workers: the first attempt at demo.yaml kills its worker."""
    marker = Path(args[0]) / ".killed-once"
    if Path(path).name == "demo.yaml" and not marker.exists():
        marker.write_text("x")
        os.kill(os.getpid(), signal.SIGKILL)
    return REAL_BUILD_ONE(path, *args)


@pytest.mark.skipif("fork" not in __import__("multiprocessing").get_all_start_methods(), reason="needs fork")
def test_a_killed_worker_is_retried_and_the_batch_finishes(tmp_path, monkeypatch):
    folder = tmp_path / "docket"
    folder.mkdir()
    for p in (REPO / "matters").glob("*.yaml"):
        (folder / p.name).write_bytes(p.read_bytes())
    out = tmp_path / "out"
    out.mkdir()
    monkeypatch.setattr(batch_mod, "build_one", _kill_first_build)
    r = CliRunner().invoke(main, ["packet", str(folder), "-o", str(out), "-j", "2", "--draft-date", "2026-11-27"])
    assert r.exit_code == 0, r.output
    assert "BrokenProcessPool" not in r.output and "Traceback" not in r.output
    n = len(list(folder.glob("*.yaml")))
    assert f"{n} of {n} matters built" in r.output
    assert (out / ".killed-once").exists()


@pytest.mark.skipif(not Path("/proc").exists() or "fork" not in __import__("multiprocessing").get_all_start_methods(),
                    reason="needs /proc and fork")
def test_workers_die_with_their_parent(tmp_path):
    folder = tmp_path / "docket"
    folder.mkdir()
    for p in sorted((REPO / "matters").glob("*.yaml")):
        (folder / p.name).write_bytes(p.read_bytes())
    script = textwrap.dedent(f"""
        import datetime, sys, time
        from pathlib import Path
        from drafter.cli import batch
        def slow(*a):
            time.sleep(120)
        batch.build_one = slow
        batch.run_batch(Path({str(folder)!r}), Path({str(tmp_path / 'out')!r}), datetime.date(2026, 11, 27),
                        None, False, False, 2)
    """)
    parent = subprocess.Popen([sys.executable, "-c", script], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        children: list[int] = []
        for _ in range(200):
            time.sleep(0.1)
            try:
                children = [int(c) for c in Path(f"/proc/{parent.pid}/task/{parent.pid}/children").read_text().split()]
            except OSError:
                children = []
            if len(children) >= 2:
                break
        assert children, "the batch started no workers"
        parent.kill()
        parent.wait()
        for _ in range(100):
            alive = [c for c in children if Path(f"/proc/{c}").exists()
                     and "Z" not in Path(f"/proc/{c}/stat").read_text().rsplit(")", 1)[1].split()[0]]
            if not alive:
                break
            time.sleep(0.1)
        assert not alive, f"workers {alive} outlived their parent"
    finally:
        if parent.poll() is None:
            parent.kill()


def test_a_batch_error_names_the_matter(tmp_path, monkeypatch):
    folder = tmp_path / "docket"
    folder.mkdir()
    (folder / "demo.yaml").write_bytes(DEMO.read_bytes())

    def disk_error(*a, **k):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr("drafter.draft.packet.build_packet", disk_error)
    r = CliRunner().invoke(main, ["packet", str(folder), "-o", str(tmp_path / "out")])
    assert r.exit_code == 1
    assert f"{folder / 'demo.yaml'}: cannot write its packet: No space left on device" in r.output


def test_ids_differing_only_in_capitals_are_refused_in_a_batch(tmp_path):
    folder = tmp_path / "docket"
    folder.mkdir()
    text = DEMO.read_text(encoding="utf-8")
    (folder / "a.yaml").write_text(text.replace("id: 2026-0142", "id: CASE-1"), encoding="utf-8")
    (folder / "b.yaml").write_text(text.replace("id: 2026-0142", "id: case-1"), encoding="utf-8")
    r = CliRunner().invoke(main, ["packet", str(folder), "-o", str(tmp_path / "out"), "--only", "client-memo"])
    assert r.exit_code == 1
    assert "'case-1' is also the id of" in r.output
    assert [p.name for p in (tmp_path / "out").iterdir()] == ["CASE-1"]


# --- item 14: one-line errors ---------------------------------------------------------------------

def test_a_draft_date_past_2107_still_writes(tmp_path):
    r = CliRunner().invoke(main, ["packet", str(DEMO), "-o", str(tmp_path / "o"), "--draft-date", "2108-01-01",
                                  "--only", "client-memo"])
    assert r.exit_code == 0, r.output
    r = CliRunner().invoke(main, ["packet", str(DEMO), "-o", str(tmp_path / "o"), "--draft-date", "9999-01-01"])
    assert r.exit_code == 2 and "between 1980 and 2199" in r.output


def test_an_output_folder_that_cannot_be_made_is_one_line(tmp_path, monkeypatch):
    def refuse(self, *a, **k):
        raise PermissionError(13, "Permission denied", str(self))

    monkeypatch.setattr(Path, "mkdir", refuse)
    r = CliRunner().invoke(main, ["packet", str(DEMO), "-o", str(tmp_path / "ro" / "x"), "--only", "client-memo"])
    one_line_error(r, r"cannot write in .*Permission denied")


def test_an_aes_encrypted_pdf_is_one_line(tmp_path, monkeypatch):
    import pypdf
    from pypdf.errors import DependencyError

    pdf = tmp_path / "letter.pdf"
    pdf.write_bytes(b"%PDF-1.7\n%encrypted\n")

    class Encrypted:
        def __init__(self, *a, **k):
            raise DependencyError("cryptography>=3.1 is required for AES algorithm")

    monkeypatch.setattr(pypdf, "PdfReader", Encrypted)
    r = CliRunner().invoke(main, ["review", str(pdf)])
    one_line_error(r, r"the PDF is encrypted \(AES\)")
    assert "DependencyError" not in r.output


def test_a_recursion_or_overflow_anywhere_is_one_line(tmp_path, monkeypatch):
    def overflow(*a, **k):
        raise OverflowError("date value out of range")

    monkeypatch.setattr("drafter.law.plan.plan_for_path", overflow)
    r = CliRunner().invoke(main, ["analyze", str(DEMO)])
    one_line_error(r, r"out of the range drafter can handle")


# --- item 15: facts reach the page exactly; review.md is inert -----------------------------------

def test_docxtpl_escapes_in_a_fact_reach_the_page_unchanged(tmp_path):
    matter = tmp_path / "m.yaml"
    matter.write_text(DEMO.read_text(encoding="utf-8").replace("name: Marco A. Rivera",
                                                               'name: "Marco {_{ A }_} {_% B %_} Rivera"'),
                      encoding="utf-8")
    out = tmp_path / "out"
    r = CliRunner().invoke(main, ["packet", str(matter), "-o", str(out), "--only", "client-memo"])
    assert r.exit_code == 0, r.output
    text = "\n".join(p.text for p in Document(str(out / "client-memo.docx")).paragraphs)
    assert "Marco {_{ A }_} {_% B %_} Rivera" in text
    assert "{{ A }}" not in text


def test_review_md_escapes_markdown_and_html_from_the_letter(tmp_path):
    payload = "![pixel](https://tracker.example/p.png) <img src=x onerror=alert(1)> [link](javascript:x) "
    text = (LETTERS / "district-proffer.txt").read_text(encoding="utf-8")
    paragraphs = [payload + p if p.strip() else p for p in text.split("\n\n")]
    letter = tmp_path / "![x](https:tracker.example)letter.txt"
    letter.write_text("\n\n".join(paragraphs), encoding="utf-8")
    out = tmp_path / "out"
    r = CliRunner().invoke(main, ["review", str(letter), "-o", str(out)])
    assert r.exit_code == 0, r.output
    md = next(out.glob("*.review.md")).read_text(encoding="utf-8")
    assert "tracker.example" in md                      # the text is kept...
    assert not re.search(r"(?<!\\)!\[", md)                 # ...but inert: no image,
    assert not re.search(r"(?<!\\)<", md)                     # no HTML,
    assert not re.search(r"(?<!\\)\]\(", md)                 # no link


@pytest.mark.parametrize("how, pattern", [
    ("bzip2", r"word/document\.xml is compressed by method 12"),
    ("encrypted", r"word/document\.xml is encrypted"),
])
def test_a_docx_that_word_never_writes_is_one_line(tmp_path, how, pattern):
    """A part compressed by a method Word never uses, or flagged encrypted, is refused by name
    before anything is inflated, with no traceback."""
    import io
    import zipfile

    plain = io.BytesIO()
    Document().save(plain)
    parts = {n: zipfile.ZipFile(plain).read(n) for n in zipfile.ZipFile(plain).namelist()}
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as z:
        for name, blob in parts.items():
            method = zipfile.ZIP_BZIP2 if how == "bzip2" and name == "word/document.xml" else zipfile.ZIP_DEFLATED
            z.writestr(zipfile.ZipInfo(name), blob, compress_type=method)
    data = bytearray(out.getvalue())
    if how == "encrypted":
        # set the encryption flag of word/document.xml in its local header and central directory
        for sig in (b"PK\x03\x04", b"PK\x01\x02"):
            at = 0
            while (at := data.find(sig, at)) != -1:
                flag_at = at + (6 if sig == b"PK\x03\x04" else 8)
                name_len_at = at + (26 if sig == b"PK\x03\x04" else 28)
                name_at = at + (30 if sig == b"PK\x03\x04" else 46)
                n = int.from_bytes(data[name_len_at:name_len_at + 2], "little")
                if bytes(data[name_at:name_at + n]) == b"word/document.xml":
                    data[flag_at] |= 0x1
                at += 4
    letter = tmp_path / "letter.docx"
    letter.write_bytes(bytes(data))
    r = CliRunner().invoke(main, ["review", str(letter)])
    one_line_error(r, pattern)
