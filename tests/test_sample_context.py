"""tools/sample_context.py: its three sample matters render every template (smoke test)."""

from __future__ import annotations

import importlib.util
import subprocess
import sys
import zipfile

from conftest import REPO


def load_tool():
    """tools/sample_context.py as a module (loaded once: its sample plans are cached)."""
    if "sample_context" in sys.modules:
        return sys.modules["sample_context"]
    spec = importlib.util.spec_from_file_location("sample_context", REPO / "tools" / "sample_context.py")
    mod = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = mod
    spec.loader.exec_module(mod)
    return mod


def test_the_tool_renders_every_template_for_every_sample_matter(tmp_path):
    r = subprocess.run([sys.executable, str(REPO / "tools" / "sample_context.py"), str(tmp_path)],
                       capture_output=True, text=True, timeout=600)
    assert r.returncode == 0, r.stderr[-3000:]
    tool = load_tool()
    written = sorted(p.name for p in tmp_path.glob("*.docx"))
    assert written == sorted(f"{k}-{d}.docx" for k in tool.KINDS for d in tool.DOCUMENTS)
    for path in tmp_path.glob("*.docx"):
        with zipfile.ZipFile(path) as z:
            assert z.testzip() is None and "word/document.xml" in z.namelist()


def test_the_sample_matters_reach_their_branches():
    tool = load_tool()
    full, against, sparse = (tool.sample_plan(k) for k in tool.KINDS)
    assert full.matter.case.stage == "convicted" and full.matter.cooperation.uncharged_conduct
    assert full.analysis.dates, "the full matter has deadlines"
    assert against.analysis.safety_valve.eligible is True
    assert against.matter.cooperation.willing_to_testify is False
    assert sparse.matter.case.stage == "investigation" and not sparse.matter.charges
    # a context has the renderer's own shape
    from drafter.draft.packet import document_context

    assert tool.sample_context("cover-letter", "sparse").keys() == \
        document_context(sparse, "cover-letter", tool.DRAFT_DATE, {}).keys()
