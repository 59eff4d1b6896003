"""Caches never go stale: the clause library and the Word templates are loaded once per process
for as long as their files are unchanged, and again as soon as one is edited, added or removed."""

from __future__ import annotations

import datetime as dt
import os
import shutil
from pathlib import Path

from conftest import REPO
from drafter.law.clauses import load_library


def house_workspace(tmp_path: Path, text: str) -> Path:
    ws = tmp_path / "firm"
    (ws / "house").mkdir(parents=True)
    (ws / "drafter.yaml").write_text("firm:\n  name: Test LLP\nattorney:\n  name: Test Lawyer\n"
                                     "clauses: house\n", encoding="utf-8")
    (ws / "m.yaml").write_bytes((REPO / "matters" / "demo.yaml").read_bytes())
    write_house_clause(ws, text)
    return ws


def write_house_clause(ws: Path, text: str) -> None:
    path = ws / "house" / "rebuttal-use.yaml"
    path.write_text("variants:\n  impeachment-only:\n    text: " + text + "\n    risk: low\n"
                    "    ask: Ask.\n    why: Why.\n", encoding="utf-8")


def test_an_edited_house_clause_is_seen_by_the_next_call(tmp_path):
    from drafter.model.workspace import for_matter

    ws = house_workspace(tmp_path, "House wording, first version.")
    house = for_matter(ws / "m.yaml").clauses_dir
    first = load_library(house)
    assert first.get("rebuttal-use/impeachment-only").text == "House wording, first version."
    assert load_library(house) is first                    # unchanged files: the cached library
    write_house_clause(ws, "House wording, second and longer version.")
    second = load_library(house)
    assert second is not first
    assert second.get("rebuttal-use/impeachment-only").text == "House wording, second and longer version."
    (ws / "house" / "rebuttal-use.yaml").unlink()          # removed: the bundled wording again
    bundled = load_library().get("rebuttal-use/impeachment-only").text
    assert load_library(house).get("rebuttal-use/impeachment-only").text == bundled


def test_an_edit_that_keeps_the_size_is_seen(tmp_path):
    ws = house_workspace(tmp_path, "Wording A.")
    house = ws / "house"
    assert load_library(house).get("rebuttal-use/impeachment-only").text == "Wording A."
    path = house / "rebuttal-use.yaml"
    st = path.stat()
    write_house_clause(ws, "Wording B.")
    os.utime(path, ns=(st.st_atime_ns, st.st_mtime_ns + 1_000_000))   # same size, new time
    assert load_library(house).get("rebuttal-use/impeachment-only").text == "Wording B."


def test_the_edited_house_clause_reaches_the_plan(tmp_path):
    from drafter.law.plan import plan_for_path

    ws = house_workspace(tmp_path, "First house text.")
    assert plan_for_path(ws / "m.yaml").library.get("rebuttal-use/impeachment-only").text == "First house text."
    write_house_clause(ws, "Second house text, edited.")
    assert plan_for_path(ws / "m.yaml").library.get("rebuttal-use/impeachment-only").text \
        == "Second house text, edited."


def test_an_edited_bundled_clause_folder_is_seen(tmp_path):
    bundled = tmp_path / "clauses"
    shutil.copytree(REPO / "clauses", bundled)
    before = load_library(bundled_dir=bundled).get("direct-use-bar/defense-proposed").text
    path = bundled / "direct-use-bar.yaml"
    path.write_text(path.read_text(encoding="utf-8").replace("title: No Direct Use",
                                                             "title: No Direct Use At All"),
                    encoding="utf-8")
    after = load_library(bundled_dir=bundled).types["direct-use-bar"]
    assert after.title == "No Direct Use At All"
    assert after.variants["defense-proposed"].text == before


def test_an_edited_house_template_is_prepared_again(tmp_path):
    from drafter.docx import render

    house = tmp_path / "templates"
    house.mkdir()
    path = house / "checklist.docx"
    shutil.copy(render.template_path("checklist"), path)
    cache = render.TemplateCache()
    first = cache.get(path)
    assert cache.get(path) is first
    from drafter.docx.package import read_all, write_zip

    path.write_bytes(write_zip(sorted(read_all(path.read_bytes()).items()), dt.date(2030, 1, 2)))  # new bytes
    assert cache.get(path) is not first


def test_the_library_is_stored_between_runs_keyed_on_the_files_contents(tmp_path, monkeypatch):
    from drafter.errors import DataError
    from drafter.law import clauses

    monkeypatch.setenv("DRAFTER_CACHE_DIR", str(tmp_path / "cache"))
    ws = house_workspace(tmp_path, "Stored wording.")
    house = ws / "house"
    first = load_library(house)
    assert list((tmp_path / "cache" / "clauses").iterdir())
    real_load = clauses._load

    def no_loading(*args):
        raise AssertionError("loaded from the files, not from the store")

    monkeypatch.setattr(clauses, "_LOADED", {})             # as in a new process
    monkeypatch.setattr(clauses, "_load", no_loading)
    again = load_library(house)
    assert again is not first and again.get("rebuttal-use/impeachment-only").text == "Stored wording."
    assert again.types.keys() == first.types.keys()
    # the same size and modification time, other words: the stored library is not used
    path = house / "rebuttal-use.yaml"
    st = path.stat()
    write_house_clause(ws, "Edited wording.")
    os.utime(path, ns=(st.st_atime_ns, st.st_mtime_ns))
    monkeypatch.setattr(clauses, "_LOADED", {})
    monkeypatch.setattr(clauses, "_load", real_load)
    assert load_library(house).get("rebuttal-use/impeachment-only").text == "Edited wording."
    # a library with problems is reported on every load, never stored
    path.write_text("variants:\n  impeachment-only:\n    risk: nonsense\n", encoding="utf-8")
    for _ in range(2):
        monkeypatch.setattr(clauses, "_LOADED", {})
        try:
            load_library(house)
        except DataError as e:
            assert "rebuttal-use.yaml" in str(e)
        else:
            raise AssertionError("the bad house clause was accepted")


def test_a_damaged_stored_library_is_loaded_again(tmp_path, monkeypatch):
    from drafter.law import clauses

    monkeypatch.setenv("DRAFTER_CACHE_DIR", str(tmp_path / "cache"))
    monkeypatch.setattr(clauses, "_LOADED", {})             # loaded (and stored) in this test
    expected = load_library(bundled_dir=REPO / "clauses").get("direct-use-bar/defense-proposed").text
    monkeypatch.setattr(clauses, "_LOADED", {})
    stored = list((tmp_path / "cache" / "clauses").iterdir())
    assert stored
    for path in stored:
        path.write_bytes(b"\x80\x04garbage")
    assert load_library(bundled_dir=REPO / "clauses").get("direct-use-bar/defense-proposed").text == expected


def test_the_cache_folder_holds_nothing_from_the_matter(tmp_path, monkeypatch):
    """The cache folder is the one place outside the output folder that drafter writes to: it
    gets compiled templates and the clause library, never a fact of the matter."""
    from click.testing import CliRunner

    from drafter import environment
    from drafter.cli import main
    from drafter.docx import render
    from drafter.law import clauses

    cache = tmp_path / "cache"
    monkeypatch.setenv("DRAFTER_CACHE_DIR", str(cache))
    monkeypatch.setattr(clauses, "_LOADED", {})             # everything loaded in this run
    monkeypatch.setattr(render, "CACHE", render.TemplateCache())
    environment.compile_text.cache_clear()
    secrets = ["Quillon Farthingale-Vex", "Orsolya Brandywyne", "2026-7731", "Gravelpit Annex 9"]
    text = (REPO / "matters" / "demo.yaml").read_text(encoding="utf-8")
    text = text.replace("Marco A. Rivera", secrets[0]).replace("Mr. Rivera", "Mr. Farthingale-Vex")
    text = text.replace("Jordan T. Whitfield", secrets[1]).replace("id: 2026-0142", f"id: {secrets[2]}")
    text = text.replace("99 N.E. 4th Street", secrets[3])
    matter = tmp_path / "m.yaml"
    matter.write_text(text, encoding="utf-8")
    r = CliRunner().invoke(main, ["packet", str(matter), "-o", str(tmp_path / "out"),
                                  "--draft-date", "2026-11-27"])
    assert r.exit_code == 0, r.output
    assert secrets[0] in (tmp_path / "out" / "checklist.md").read_text(encoding="utf-8")
    stored = [p for p in cache.rglob("*") if p.is_file()]
    assert {p.parent.name for p in stored} == {"templates", "prepared", "clauses"}
    for path in stored:
        blob = path.read_bytes()
        for secret in secrets:
            for form in (secret.encode("utf-8"), secret.encode("utf-16-le")):
                assert form not in blob, f"{secret!r} in {path}"
    environment.compile_text.cache_clear()
