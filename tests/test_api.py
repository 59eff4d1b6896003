"""drafter.api, the library's front door: typed, keyword-only, no click or rich, no current folder."""

from __future__ import annotations

import inspect
import io
import json
import os
import re
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest
from click.testing import CliRunner
from docx import Document

from conftest import REPO
from drafter import api
from drafter.cli import main
from drafter.errors import DataError, UsageError

DEMO = REPO / "matters" / "demo.yaml"
LETTERS = REPO / "tests" / "letters"
DATE = "2026-11-27"

# A firm profile that must never be used: it sits in the folder the calls are made from.
DECOY = """\
firm:
  name: Decoy Firm From The Current Folder
attorney:
  name: Decoy Attorney
"""

MINIMAL = """\
format: 1
id: API-1
client:
  name: Test Client
case:
  district: S.D. Fla.
  stage: charged
government:
  office: United States Attorney's Office for the Southern District of Florida
  prosecutor:
    name: Pat Prosecutor
charges:
  - statute: 21 U.S.C. § 846
    mandatory_minimum_months: 120
cooperation:
  status: proffer-scheduled
"""


def run_python(code: str, cwd: Path, *flags: str) -> subprocess.CompletedProcess:
    env = {k: v for k, v in os.environ.items() if not k.startswith("PYTEST")}
    return subprocess.run([sys.executable, *flags, "-c", code], cwd=cwd, capture_output=True, text=True,
                          env=env, timeout=300)


# Records every file opened and folder listed in (or relative to) the current folder.
WATCH_CWD = """
import os, sys
HERE = os.getcwd()
TOUCHED = []
def _watch(event, args):
    if event in ("open", "os.listdir", "os.scandir") and args and isinstance(args[0], (str, bytes, os.PathLike)):
        p = os.fsdecode(args[0])
        full = os.path.abspath(p)
        if not os.path.isabs(p) or full == HERE or full.startswith(HERE + os.sep):
            TOUCHED.append((event, p))
sys.addaudithook(_watch)
"""


def decoy_folder(tmp_path: Path) -> Path:
    here = tmp_path / "current"
    here.mkdir(mode=0o700)
    (here / "drafter.yaml").write_text(DECOY, encoding="utf-8")
    (here / "drafter.yaml").chmod(0o600)
    return here


# --- the promises of the issue: a packet from Python, without click, rich or the current folder ---

def test_a_packet_from_python_without_click_or_rich(tmp_path):
    out = tmp_path / "out"
    code = f"""
import sys
import zipfile
from pathlib import Path
from drafter import api
m = api.load_matter(Path({str(DEMO)!r}))
a = api.analyze(m)
r = api.build_packet(a, Path({str(out)!r}), draft_date={DATE!r})
letter = Path({str(LETTERS / "modern-proffer.txt")!r})
review = api.review_letter(letter.read_bytes(), name="office.txt", matter=a)
api.write_review(review, Path({str(out)!r}) / "review", date={DATE!r})
api.compare(letter, Path({str(LETTERS / "edny-proffer.txt")!r}), date={DATE!r})
print(len(r.files))
print(sorted(n for n in sys.modules if n.split('.')[0] in ('click', 'rich')))
"""
    proc = run_python(code, decoy_folder(tmp_path))
    assert proc.returncode == 0, proc.stderr
    count, loaded = proc.stdout.strip().splitlines()
    assert loaded == "[]"
    assert int(count) >= 6 and (out / "manifest.json").is_file() and (out / "client-memo.docx").is_file()
    manifest = json.loads((out / "manifest.json").read_text(encoding="utf-8"))
    assert manifest["matter"] == "2026-0142" and manifest["draft_date"] == DATE


def test_the_library_never_reads_the_current_folder(tmp_path):
    """Run from a folder holding a firm profile: the command line uses it for a letter (the
    control: the decoy is real and findable), the library does not."""
    here = decoy_folder(tmp_path)
    letters = tmp_path / "letters"
    letters.mkdir()
    letter = letters / "modern-proffer.txt"
    letter.write_bytes((LETTERS / "modern-proffer.txt").read_bytes())
    cli = subprocess.run([sys.executable, "-m", "drafter.cli", "review", str(letter)], cwd=here,
                         capture_output=True, text=True, timeout=300)
    assert cli.returncode == 0, cli.stderr
    assert str(here / "drafter.yaml") in cli.stderr          # the command line does look here

    out = tmp_path / "out"
    code = WATCH_CWD + f"""
from pathlib import Path
from drafter import api
matter = api.load_matter({MINIMAL!r})
plan = api.analyze(matter)
assert plan.workspace.demo, plan.workspace.describe()
result = api.build_packet(plan, Path({str(out)!r}), draft_date={DATE!r}, only=["cover-letter"])
from_bytes = api.review_letter(Path({str(letter)!r}).read_bytes(), name="modern-proffer.txt")
from_path = api.review_letter(Path({str(letter)!r}))
with_matter = api.review_letter(Path({str(letter)!r}), matter=matter)
for r in (from_bytes, from_path, with_matter):
    assert r.workspace.demo and r.attorney == "Defense Counsel", r.attorney
print(b"Decoy" in b"".join(f.data for f in result.files))
print(TOUCHED)
"""
    # -P: Python itself does not put the current folder on sys.path (so imports do not list it)
    proc = run_python(code, here, "-P")
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout.strip().splitlines() == ["False", "[]"]
    assert sorted(p.name for p in here.iterdir()) == ["drafter.yaml"]   # nothing written here


# --- matters --------------------------------------------------------------------------------------

def test_load_matter_tells_path_text_and_bytes_apart(tmp_path):
    from_path = api.load_matter(DEMO)
    from_str_path = api.load_matter(str(DEMO))
    text = DEMO.read_text(encoding="utf-8")
    from_text = api.load_matter(text)
    from_bytes = api.load_matter(b"\xef\xbb\xbf" + text.replace("\n", "\r\n").encode("utf-8"))
    assert from_path.model_dump() == from_str_path.model_dump() == from_text.model_dump() == from_bytes.model_dump()
    assert from_path.path == DEMO and from_text.path is None and from_bytes.path is None
    assert from_path.source == str(DEMO) and from_text.source == "<matter text>"
    with pytest.raises(DataError, match="no such file"):
        api.load_matter("client: name")                      # one line: a path, not YAML
    with pytest.raises(TypeError):
        api.load_matter({"format": 1})


def test_a_bad_matter_in_text_names_its_line_and_key():
    bad = MINIMAL.replace("stage: charged", "stage: charged\n  stagee: x")
    with pytest.raises(DataError) as e:
        api.load_matter(bad, name="from-the-crm.yaml")
    assert re.search(r"from-the-crm\.yaml:\d+: case\.stagee: unknown key", str(e.value)), str(e.value)


def test_the_firm_profile_comes_from_the_matter_folder_or_the_caller(tmp_path):
    folder = tmp_path / "firm"
    folder.mkdir()
    (folder / "drafter.yaml").write_text(DECOY.replace("Decoy", "House"), encoding="utf-8")
    (folder / "drafter.yaml").chmod(0o600)
    (folder / "m.yaml").write_text(MINIMAL, encoding="utf-8")
    assert api.analyze(api.load_matter(folder / "m.yaml")).workspace.path == folder / "drafter.yaml"
    text_matter = api.load_matter(MINIMAL)
    assert api.analyze(text_matter).workspace.demo
    assert api.analyze(text_matter, workspace=folder).workspace.path == folder / "drafter.yaml"
    assert api.analyze(text_matter, workspace=folder / "drafter.yaml").workspace.path == folder / "drafter.yaml"
    with pytest.raises(UsageError, match="no such workspace"):
        api.analyze(text_matter, workspace=tmp_path / "nowhere")


def test_analyze_is_the_json_contract():
    cli = CliRunner().invoke(main, ["analyze", str(DEMO), "--json"])
    assert cli.exit_code == 0
    assert json.loads(cli.output) == json.loads(json.dumps(api.analyze(api.load_matter(DEMO)).to_json()))


# --- keyword-only, typed ----------------------------------------------------------------------------

@pytest.mark.parametrize("name, positional", [
    ("load_matter", 1), ("analyze", 1), ("build_packet", 2), ("review_letter", 1),
    ("write_review", 2), ("compare", 2), ("write_comparison", 2),
])
def test_options_are_keyword_only(name, positional):
    params = list(inspect.signature(getattr(api, name)).parameters.values())
    assert [p.kind for p in params[:positional]] == [inspect.Parameter.POSITIONAL_OR_KEYWORD] * positional
    assert all(p.kind is inspect.Parameter.KEYWORD_ONLY for p in params[positional:]), name
    assert all(p.annotation is not inspect.Parameter.empty for p in params), name


def test_a_flag_by_position_is_refused(tmp_path):
    plan = api.analyze(api.load_matter(MINIMAL))
    with pytest.raises(TypeError):
        api.build_packet(plan, tmp_path / "out", DATE)       # draft_date by position
    assert not (tmp_path / "out").exists()
    with pytest.raises(UsageError, match="YYYY-MM-DD"):
        api.build_packet(plan, tmp_path / "out", draft_date="27/11/2026")
    with pytest.raises(UsageError, match="already has its workspace"):
        api.build_packet(plan, tmp_path / "out", workspace=tmp_path)
    with pytest.raises(UsageError, match="stance"):
        api.review_letter(LETTERS / "modern-proffer.txt", stance="aggressive")


def test_the_names_are_reexported_lazily():
    code = ("import sys, drafter\n"
            "assert 'drafter.api' not in sys.modules\n"
            "from drafter import api\n"
            "assert drafter.build_packet is api.build_packet and 'review_letter' in dir(drafter)\n")
    proc = run_python(code, REPO)
    assert proc.returncode == 0, proc.stderr


# --- the government's letter from bytes -----------------------------------------------------------

def txt_to_docx(src: Path, dst: Path) -> Path:
    doc = Document()
    for block in src.read_text(encoding="utf-8").split("\n\n"):
        doc.add_paragraph(" ".join(block.split()))
    doc.save(dst)
    return dst


@pytest.mark.parametrize("letter", ["modern-proffer.txt", "plea-cooperation.txt"])
def test_a_review_from_bytes_equals_the_review_from_the_file(tmp_path, letter):
    txt = LETTERS / letter
    docx = txt_to_docx(txt, tmp_path / letter.replace(".txt", ".docx"))
    matter = api.load_matter(DEMO)
    for path in (txt, docx):
        from_path = api.review_letter(path).to_json()
        from_bytes = api.review_letter(path.read_bytes(), name=path.name).to_json()
        assert from_bytes == from_path
        assert len(from_path["clauses"]) >= 5                 # a real review, not an empty one
        guessed = api.review_letter(path.read_bytes()).to_json()
        assert guessed["format"] == path.suffix[1:] and guessed["document"] == "letter" + path.suffix
        assert dict(guessed, document=path.name) == from_path
        if path.suffix == ".txt":                               # text in a str reads the same
            as_text = api.review_letter(path.read_text(encoding="utf-8"), name=path.name).to_json()
            assert as_text == from_path and api.review_letter(str(path)).to_json() == from_path
        with_matter = api.review_letter(path, matter=matter).to_json()
        assert api.review_letter(path.read_bytes(), name=path.name, matter=matter).to_json() == with_matter
        assert with_matter["matter"] == "2026-0142"


def test_the_review_json_is_the_command_lines(tmp_path):
    letter = LETTERS / "older-proffer.txt"
    cli = CliRunner().invoke(main, ["review", str(letter), "--json", "--matter", str(DEMO)])
    assert cli.exit_code == 0
    payload = cli.output[cli.output.index("{"):]
    assert json.loads(payload) == api.review_letter(letter.read_bytes(), name=letter.name,
                                                    matter=DEMO).to_json()


def test_a_review_from_bytes_writes_nothing_until_asked(tmp_path):
    here = tmp_path / "quiet"
    here.mkdir()
    before = set(tmp_path.rglob("*"))
    review = api.review_letter((LETTERS / "modern-proffer.txt").read_bytes(), name="office.txt")
    assert set(tmp_path.rglob("*")) == before
    written = api.write_review(review, here / "out", date=DATE)
    assert [p.name for p in written.files] == ["office.counter.docx", "office.counter.review.docx",
                                               "office.review.docx", "office.review.md"]
    assert all(p.parent == here / "out" for p in written.files) and written.changes >= 1


def test_bad_letter_bytes_are_a_clear_error():
    from drafter.errors import DrafterError

    with pytest.raises(DrafterError, match="proffer.docx: this is not a readable Word"):
        api.review_letter(b"PK\x03\x04 not really a zip", name="proffer.docx")
    with pytest.raises(DrafterError, match="empty"):
        api.review_letter(b"   ", name="proffer.txt")
    with pytest.raises(DrafterError, match="cannot read .rtf"):
        api.review_letter(b"{\\rtf1 x}", name="proffer.rtf")


def test_a_packet_on_the_offices_form_from_bytes(tmp_path):
    """``base`` as bytes: the proffer agreement becomes the Office's letter, redlined."""
    letter = txt_to_docx(LETTERS / "modern-proffer.txt", tmp_path / "office.docx")
    plan = api.analyze(api.load_matter(DEMO))
    by_path = api.build_packet(plan, tmp_path / "a", draft_date=DATE, base=letter)
    by_bytes = api.build_packet(plan, tmp_path / "b", draft_date=DATE, base=letter.read_bytes(),
                                base_name="office.docx")
    assert {f.path: f.data for f in by_path.files} == {f.path: f.data for f in by_bytes.files}
    review_copy = next(f for f in by_path.files if f.path == "proffer-agreement.review.docx")
    body = zipfile.ZipFile(io.BytesIO(review_copy.data)).read("word/document.xml")
    assert b"<w:ins " in body and b"District of Westmark" in body       # the Office's letter, redlined


# --- docs/api.md: the example runs ------------------------------------------------------------------

def test_the_documented_example_runs(tmp_path):
    text = (REPO / "docs" / "api.md").read_text(encoding="utf-8")
    section = text[text.index("## A complete example"):]
    code = re.search(r"```python\n(.*?)```", section, re.S).group(1)
    code += "\nimport sys\nprint(sorted(n for n in sys.modules if n.split('.')[0] in ('click', 'rich')))\n"
    proc = run_python(code, decoy_folder(tmp_path))
    assert proc.returncode == 0, proc.stderr
    lines = proc.stdout.strip().splitlines()
    assert lines[-1] == "[]"
    assert any(line.startswith("wrote: ") and "proffer-agreement.docx" in line for line in lines)
    assert any(line.startswith("proffer letter; 5 clauses") for line in lines)
    assert any(line.startswith("counter-draft: proffer.counter.docx") for line in lines)


def test_the_readme_links_the_api_document():
    assert "docs/api.md" in (REPO / "README.md").read_text(encoding="utf-8")


def test_compare_is_the_command_lines(tmp_path):
    old, new = LETTERS / "modern-proffer.txt", tmp_path / "reply.txt"
    new.write_text(old.read_text(encoding="utf-8").replace("truthful", "complete and truthful", 1),
                   encoding="utf-8")
    cli = CliRunner().invoke(main, ["compare", str(old), str(new), "--json", "--date", DATE])
    assert cli.exit_code == 0
    round_ = api.compare(old, new, date=DATE)
    assert json.loads(cli.output[cli.output.index("{"):]) == round_.to_json()
    assert round_.to_json()["changes"]
    written = api.write_comparison(round_, tmp_path / "out")
    assert [p.name for p in written.files] == ["reply.compare.docx", "reply.compare-report.md",
                                              "reply.compare-report.docx"]
