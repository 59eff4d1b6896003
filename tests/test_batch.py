"""A whole docket: every matter in a folder, one subfolder per matter id, in worker processes."""

import json
import shutil

from click.testing import CliRunner

from conftest import REPO
from drafter.cli import main


def docket(tmp_path, bad=True):
    folder = tmp_path / "docket"
    folder.mkdir()
    for p in (REPO / "matters").glob("*.yaml"):
        shutil.copy(p, folder / p.name)
    if bad:
        (folder / "broken.yaml").write_text("format: 1\nid: BROKEN\nclient:\n  nmae: X\n", encoding="utf-8")
    return folder


def test_folder_builds_every_matter_with_two_workers(tmp_path):
    folder = docket(tmp_path, bad=False)
    out = tmp_path / "out"
    r = CliRunner().invoke(main, ["packet", str(folder), "-o", str(out), "-j", "2", "--draft-date", "2026-11-27"])
    assert r.exit_code == 0, r.output
    ids = {"2026-0142", "2026-0207", "2026-0311", "2026-0388", "2025-0920", "2025-0517", "2026-0455",
           "2026-0389"}
    assert {p.name for p in out.iterdir()} == ids
    for i in ids:
        manifest = json.loads((out / i / "manifest.json").read_text(encoding="utf-8"))
        assert manifest["matter"] == i
        assert len([f for f in manifest["files"] if f["path"].endswith(".docx")]) >= 2
    assert (out / "2025-0920" / "deadlines.ics").exists()
    assert "8 of 8 matters built" in r.output


def test_a_bad_matter_is_reported_and_the_rest_still_build(tmp_path):
    folder = docket(tmp_path)
    out = tmp_path / "out"
    r = CliRunner().invoke(main, ["packet", str(folder), "-o", str(out), "-j", "2", "--draft-date", "2026-11-27"])
    assert r.exit_code == 1
    assert "8 of 9 matters built" in r.output
    assert "broken.yaml:4: client.nmae: unknown key; did you mean 'name'?" in r.output
    assert len(list(out.iterdir())) == 8


def test_batch_output_matches_single_builds(tmp_path):
    folder = docket(tmp_path, bad=False)
    out = tmp_path / "out"
    CliRunner().invoke(main, ["packet", str(folder), "-o", str(out), "-j", "2", "--draft-date", "2026-11-27"])
    single = tmp_path / "single"
    r = CliRunner().invoke(main, ["packet", str(REPO / "matters" / "demo.yaml"), "-o", str(single),
                                  "--draft-date", "2026-11-27"])
    assert r.exit_code == 0
    for p in single.iterdir():
        assert p.read_bytes() == (out / "2026-0142" / p.name).read_bytes(), p.name


def test_duplicate_ids_are_refused(tmp_path):
    folder = tmp_path / "dup"
    folder.mkdir()
    shutil.copy(REPO / "matters" / "demo.yaml", folder / "a.yaml")
    shutil.copy(REPO / "matters" / "demo.yaml", folder / "b.yaml")
    r = CliRunner().invoke(main, ["packet", str(folder), "-o", str(tmp_path / "o"), "--draft-date", "2026-11-27"])
    assert r.exit_code == 1
    assert "is also the id of" in r.output
