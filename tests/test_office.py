"""Every generated document opens in a real office suite (LibreOffice) and converts to PDF."""

import shutil
import subprocess

import pytest
from click.testing import CliRunner

from conftest import REPO
from drafter.cli import main

SOFFICE = shutil.which("soffice") or shutil.which("libreoffice")
pytestmark = pytest.mark.office


@pytest.fixture(scope="module")
def packets(tmp_path_factory):
    root = tmp_path_factory.mktemp("office")
    for matter in sorted((REPO / "matters").glob("*.yaml")):
        r = CliRunner().invoke(main, ["packet", str(matter), "-o", str(root / matter.stem),
                                      "--draft-date", "2026-11-27"])
        assert r.exit_code == 0, r.output
    return root


def test_every_document_converts_in_libreoffice(packets, tmp_path):
    if not SOFFICE:
        pytest.skip("LibreOffice is not installed here (CI installs libreoffice-writer-nogui)")
    assert len(list(packets.rglob("*.docx"))) >= 20
    profile = tmp_path / "profile"
    for folder in sorted(p for p in packets.iterdir() if p.is_dir()):
        docs = sorted(folder.glob("*.docx"))
        pdf_dir = tmp_path / "pdf" / folder.name
        proc = subprocess.run(
            [SOFFICE, f"-env:UserInstallation={profile.as_uri()}", "--headless", "--convert-to", "pdf",
             "--outdir", str(pdf_dir), *map(str, docs)],
            capture_output=True, text=True, timeout=600,
        )
        made = {p.stem for p in pdf_dir.glob("*.pdf")}
        assert {d.stem for d in docs} <= made, (folder.name, proc.stdout, proc.stderr)
        for pdf in pdf_dir.glob("*.pdf"):
            assert pdf.stat().st_size > 5000, (folder.name, pdf.name)


def test_pdf_option_converts_or_says_why(tmp_path):
    r = CliRunner().invoke(main, ["packet", str(REPO / "matters" / "demo.yaml"), "-o", str(tmp_path / "o"),
                                  "--draft-date", "2026-11-27", "--only", "cover-letter", "--pdf"])
    assert r.exit_code == 0, r.output
    if SOFFICE:
        assert (tmp_path / "o" / "cover-letter.pdf").exists()
        assert not list((tmp_path / "o").glob(".lo-profile-*"))
    else:
        assert "LibreOffice" in r.output
