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


def test_precompiled_parts_match_the_templates():
    import json

    from drafter.docx.render import compiled_path, precompile

    builder = load_builder()
    for name in builder.DOCUMENTS:
        path = REPO / "templates" / f"{name}.docx"
        stored = json.loads(compiled_path(path).read_text(encoding="utf-8"))
        assert stored == json.loads(json.dumps(precompile(path))), f"run `make templates` ({name})"


def test_identical_output_with_and_without_the_template_cache(monkeypatch):
    import datetime as dt

    from drafter.docx import render
    from drafter.draft.packet import build
    from drafter.law.plan import plan_for_path

    plan = plan_for_path(REPO / "matters" / "demo.yaml")
    date = dt.date(2026, 11, 27)
    warm = render.TemplateCache()
    first, _ = build(plan, date, cache=warm)
    again, _ = build(plan, date, cache=warm)           # compiled state reused
    monkeypatch.setattr(render, "_load_precompiled", lambda path, sources: {})
    fresh, _ = build(plan, date, cache=render.TemplateCache())   # patched and compiled now
    for a, b, c in zip(first, again, fresh):
        assert a.path == b.path == c.path
        assert a.data == b.data == c.data, a.path
