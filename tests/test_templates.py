"""The committed Word templates are exactly what their readable sources build."""

import importlib.util
import sys

from conftest import REPO


def load_builder():
    spec = importlib.util.spec_from_file_location("build_templates", REPO / "tools" / "build_templates.py")
    mod = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = mod  # dataclasses in the builder look their module up here
    spec.loader.exec_module(mod)
    return mod


def test_templates_match_their_sources():
    builder = load_builder()
    for name in builder.DOCUMENTS:
        committed = (REPO / "templates" / f"{name}.docx").read_bytes()
        assert builder.build(name) == committed, (
            f"templates/{name}.docx is out of date: run `make templates`")


def test_every_document_has_a_template():
    from drafter.law.documents import DOCUMENTS

    builder = load_builder()
    assert set(builder.DOCUMENTS) == set(DOCUMENTS)


def test_no_generated_code_is_committed():
    assert not (REPO / "templates" / "compiled").exists()


def _packet(plan, date):
    from drafter.docx import render
    from drafter.draft.packet import build

    files, _ = build(plan, date, cache=render.TemplateCache())    # prepared afresh
    return files


def test_identical_output_with_and_without_the_template_cache(monkeypatch, tmp_path):
    import datetime as dt

    from drafter.docx import render
    from drafter.draft.packet import build
    from drafter.law.plan import plan_for_path

    plan = plan_for_path(REPO / "matters" / "demo.yaml")
    date = dt.date(2026, 11, 27)
    monkeypatch.setenv("DRAFTER_CACHE_DIR", str(tmp_path / "cache"))
    warm = render.TemplateCache()
    first, _ = build(plan, date, cache=warm)           # compiled now, stored in the cache folder
    again, _ = build(plan, date, cache=warm)           # compiled state reused in the process
    stored = sorted((tmp_path / "cache" / "templates").iterdir())
    assert stored, "nothing was stored in the cache folder"
    loaded = _packet(plan, date)                       # compiled code read back from the folder
    assert sorted((tmp_path / "cache" / "templates").iterdir()) == stored
    monkeypatch.setenv("DRAFTER_CACHE_DIR", "off")
    fresh = _packet(plan, date)                        # no cache at all
    for a, b, c, d in zip(first, again, loaded, fresh, strict=True):
        assert a.path == b.path == c.path == d.path
        assert a.data == b.data == c.data == d.data, a.path


def test_a_damaged_cache_entry_is_compiled_again(monkeypatch, tmp_path):
    import datetime as dt

    from drafter import environment
    from drafter.law.plan import plan_for_path

    plan = plan_for_path(REPO / "matters" / "demo.yaml")
    date = dt.date(2026, 11, 27)
    monkeypatch.setenv("DRAFTER_CACHE_DIR", str(tmp_path / "cache"))
    good = _packet(plan, date)
    entries = sorted(p for p in (tmp_path / "cache").rglob("*") if p.is_file())
    assert {p.parent.name for p in entries} >= {"templates", "prepared"}
    for i, path in enumerate(entries):
        blob = path.read_bytes()
        path.write_bytes([b"", b"not a cache entry", blob[: len(blob) // 2]][i % 3])
    environment.compile_text.cache_clear()                     # as in a new process
    assert [f.data for f in _packet(plan, date)] == [f.data for f in good]
    compiled = [p for p in entries if p.parent.name == "templates"]
    assert all(p.read_bytes()[:2] == b"j2" for p in compiled)     # written again, whole
    assert [f.data for f in _packet(plan, date)] == [f.data for f in good]   # and read back


def test_an_unusable_cache_folder_means_no_cache(monkeypatch, tmp_path):
    import datetime as dt
    import os

    from drafter import usercache
    from drafter.law.plan import plan_for_path

    plan = plan_for_path(REPO / "matters" / "demo.yaml")
    date = dt.date(2026, 11, 27)
    blocker = tmp_path / "a-file"
    blocker.write_text("x", encoding="utf-8")
    monkeypatch.setenv("DRAFTER_CACHE_DIR", str(blocker / "cache"))     # cannot be made
    assert usercache.folder("templates") is None
    expected = [f.data for f in _packet(plan, date)]
    if hasattr(os, "getuid"):
        shared = tmp_path / "shared"
        shared.mkdir()
        shared.chmod(0o777)                                              # others may write there
        monkeypatch.setenv("DRAFTER_CACHE_DIR", str(shared))
        assert usercache.folder("templates") is None
        assert [f.data for f in _packet(plan, date)] == expected
        assert list(shared.iterdir()) == []                             # nothing written there


def test_cache_folder_location(monkeypatch, tmp_path):
    import sys

    from drafter import usercache

    monkeypatch.setenv("DRAFTER_CACHE_DIR", str(tmp_path / "mine"))
    assert usercache.base_dir() == tmp_path / "mine"
    for off in ("", "off", "OFF", "0"):
        monkeypatch.setenv("DRAFTER_CACHE_DIR", off)
        assert usercache.base_dir() is None and usercache.folder("templates") is None
    monkeypatch.delenv("DRAFTER_CACHE_DIR")
    if sys.platform.startswith("linux"):
        monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "xdg"))
        assert usercache.base_dir() == tmp_path / "xdg" / "drafter"
        monkeypatch.delenv("XDG_CACHE_HOME")
        monkeypatch.setenv("HOME", str(tmp_path / "home"))
        assert usercache.base_dir() == tmp_path / "home" / ".cache" / "drafter"


def test_an_edited_template_is_not_served_from_the_cache(monkeypatch, tmp_path):
    """The cache entry of a template at the same path is keyed on its XML: an edit is compiled."""
    import datetime as dt
    import io
    import zipfile

    from drafter.docx import render
    from drafter.law.plan import plan_for_path

    monkeypatch.setenv("DRAFTER_CACHE_DIR", str(tmp_path / "cache"))
    plan = plan_for_path(REPO / "matters" / "demo.yaml")
    path = tmp_path / "house" / "checklist.docx"
    path.parent.mkdir()
    original = render.template_path("checklist").read_bytes()
    path.write_bytes(original)

    def text_of(blob: bytes) -> str:
        return zipfile.ZipFile(io.BytesIO(blob)).read("word/document.xml").decode("utf-8")

    def rendered() -> str:
        from drafter.draft.packet import document_context

        ctx = document_context(plan, "checklist", dt.date(2026, 11, 27), {})
        r = render.render_document(path, ctx, render.TemplateCache())
        _, review, _ = render.finish(r, comments={}, draft_date=dt.date(2026, 11, 27),
                                     clean_properties=None, properties={})
        return text_of(review)

    assert "Negotiation Checklist" in rendered()
    src = zipfile.ZipFile(io.BytesIO(original))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as z:
        for name in src.namelist():
            blob = src.read(name)
            if name == "word/document.xml":
                blob = blob.replace(b"Negotiation Checklist", b"Edited Checklist Title")
            z.writestr(name, blob)
    path.write_bytes(out.getvalue())
    text = rendered()
    assert "Edited Checklist Title" in text and "Negotiation Checklist" not in text


def test_text_templates_are_kept_between_runs(monkeypatch, tmp_path):
    """Clause and checklist texts are compiled once and their code reused by the next run; the
    same source under the Word environment (other settings: autoescape) is an entry of its own."""
    from drafter import environment

    monkeypatch.setenv("DRAFTER_CACHE_DIR", str(tmp_path / "cache"))
    source = "Hello {{ name | upper }} & welcome, " + tmp_path.name
    assert environment.compile_text(source).render(name="x") == "Hello X & welcome, " + tmp_path.name
    environment.compile_text.cache_clear()                 # as in a new process

    def refuse(*args, **kwargs):
        raise AssertionError("compiled again instead of read from the cache folder")

    monkeypatch.setattr(type(environment.text_env()), "compile", refuse)
    assert environment.compile_text(source).render(name="y") == "Hello Y & welcome, " + tmp_path.name
    monkeypatch.undo()
    monkeypatch.setenv("DRAFTER_CACHE_DIR", str(tmp_path / "cache"))
    docx = environment.compile_cached(environment.docx_env(), source, "the same slot")
    assert docx.render(name="z&y") == "Hello Z&amp;Y & welcome, " + tmp_path.name
    environment.compile_text.cache_clear()
