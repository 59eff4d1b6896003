"""Issue 16, items 3 and 5: a house template saved by Word leaks nothing into the clean copy,
and no copy keeps a link to an outside file or address (other than a hyperlink)."""

from __future__ import annotations

import datetime as dt
import io
import re
import zipfile
from pathlib import Path

import pytest
from click.testing import CliRunner

from conftest import REPO
from drafter.cli import main
from drafter.resources import data_dir

DEMO = REPO / "matters" / "demo.yaml"
SECRETS = ["Jane Partner", "S-1-5-21-SECRET-SID", "C:\\Users\\jpartner", "FirmTemplates",
           "DMS-WORKSPACE-4471", "SECRETDOCVAR", "00AB12CD", "HIDDEN-SAFETY-NOTE",
           "DELETED-EARLIER-OFFER", "INCLUDETEXT", "tracker.example", "THUMBNAIL-BYTES",
           "Comment text about the client"]

RELS = "http://schemas.openxmlformats.org/package/2006/relationships"
R = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"


def word_saved_template(src: Path) -> bytes:
    """The bundled template with what Word keeps in a firm's real template."""
    z = zipfile.ZipFile(src)
    parts = {n: z.read(n) for n in z.namelist()}
    extra_body = (
        '<w:p w:rsidR="00AB12CD" w:rsidRDefault="00AB12CD">'
        '<w:commentRangeStart w:id="7"/>'
        '<w:r w:rsidR="00AB12CD"><w:t xml:space="preserve">Visible preamble. </w:t></w:r>'
        '<w:r><w:rPr><w:vanish/></w:rPr><w:t>HIDDEN-SAFETY-NOTE</w:t></w:r>'
        '<w:del w:id="8" w:author="Jane Partner" w:date="2026-01-01T00:00:00Z">'
        '<w:r><w:delText>DELETED-EARLIER-OFFER</w:delText></w:r></w:del>'
        '<w:ins w:id="9" w:author="Jane Partner" w:date="2026-01-01T00:00:00Z">'
        '<w:r><w:t xml:space="preserve">Accepted insertion. </w:t></w:r></w:ins>'
        '<w:r><w:fldChar w:fldCharType="begin"/></w:r>'
        '<w:r><w:instrText xml:space="preserve"> INCLUDETEXT '
        '"C:\\\\Users\\\\jpartner\\\\FirmTemplates\\\\x.docx" </w:instrText></w:r>'
        '<w:r><w:fldChar w:fldCharType="separate"/></w:r><w:r><w:t>Field result.</w:t></w:r>'
        '<w:r><w:fldChar w:fldCharType="end"/></w:r>'
        '<w:commentRangeEnd w:id="7"/><w:r><w:commentReference w:id="7"/></w:r>'
        '<w:r><w:drawing><wp:inline xmlns:wp="http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing">'
        '<a:graphic xmlns:a="http://schemas.openxmlformats.org/drawingml/2006/main"><a:graphicData>'
        '<pic:pic xmlns:pic="http://schemas.openxmlformats.org/drawingml/2006/picture"><pic:blipFill>'
        f'<a:blip xmlns:r="{R}" r:link="rIdPixel"/></pic:blipFill></pic:pic></a:graphicData></a:graphic>'
        '</wp:inline></w:drawing></w:r>'
        '</w:p>')
    doc = parts["word/document.xml"].decode("utf-8")
    doc = re.sub(r"(<w:body[^>]*>)", lambda m: m.group(1) + extra_body, doc, count=1)
    parts["word/document.xml"] = doc.encode("utf-8")
    parts["word/comments.xml"] = (
        b'<?xml version="1.0" encoding="UTF-8"?><w:comments xmlns:w="http://schemas.openxmlformats.org/'
        b'wordprocessingml/2006/main"><w:comment w:id="7" w:author="Jane Partner" w:initials="JP"><w:p>'
        b'<w:r><w:t>Comment text about the client</w:t></w:r></w:p></w:comment></w:comments>')
    parts["word/people.xml"] = (
        b'<?xml version="1.0" encoding="UTF-8"?><w15:people xmlns:w15="http://schemas.microsoft.com/'
        b'office/word/2012/wordml"><w15:person w15:author="Jane Partner"><w15:presenceInfo '
        b'w15:providerId="AD" w15:userId="S-1-5-21-SECRET-SID"/></w15:person></w15:people>')
    parts["customXml/item1.xml"] = b'<?xml version="1.0"?><dms><workspace>DMS-WORKSPACE-4471</workspace></dms>'
    parts["docProps/thumbnail.jpeg"] = b"THUMBNAIL-BYTES"
    settings = parts["word/settings.xml"].decode("utf-8")
    settings = settings.replace(
        "<w:zoom ", '<w:attachedTemplate r:id="rIdTpl"/><w:docVars><w:docVar w:name="DMS" '
                    'w:val="SECRETDOCVAR"/></w:docVars><w:rsids><w:rsidRoot w:val="00AB12CD"/></w:rsids><w:zoom ', 1)
    parts["word/settings.xml"] = settings.encode("utf-8")
    parts["word/_rels/settings.xml.rels"] = (
        f'<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="{RELS}"><Relationship Id="rIdTpl" '
        f'Type="{R}/attachedTemplate" Target="file:///C:\\Users\\jpartner\\FirmTemplates\\Firm.dotm" '
        'TargetMode="External"/></Relationships>').encode()
    rels = parts["word/_rels/document.xml.rels"].decode("utf-8")
    rels = rels.replace("</Relationships>",
                        f'<Relationship Id="rIdC" Type="{R}/comments" Target="comments.xml"/>'
                        '<Relationship Id="rIdP" Type="http://schemas.microsoft.com/office/2011/relationships/people"'
                        ' Target="people.xml"/>'
                        f'<Relationship Id="rIdX" Type="{R}/customXml" Target="../customXml/item1.xml"/>'
                        f'<Relationship Id="rIdPixel" Type="{R}/image" Target="https://tracker.example/p.png"'
                        ' TargetMode="External"/>'
                        f'<Relationship Id="rIdWeb" Type="{R}/hyperlink" Target="https://firm.example/"'
                        ' TargetMode="External"/>'
                        "</Relationships>")
    parts["word/_rels/document.xml.rels"] = rels.encode("utf-8")
    root = parts["_rels/.rels"].decode("utf-8").replace(
        "</Relationships>", '<Relationship Id="rIdThumb" Type="http://schemas.openxmlformats.org/package/'
                            '2006/relationships/metadata/thumbnail" Target="docProps/thumbnail.jpeg"/></Relationships>')
    parts["_rels/.rels"] = root.encode("utf-8")
    ct = parts["[Content_Types].xml"].decode("utf-8").replace(
        "</Types>", '<Override PartName="/word/comments.xml" ContentType="application/vnd.openxmlformats-'
                    'officedocument.wordprocessingml.comments+xml"/><Override PartName="/word/people.xml" '
                    'ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.people+xml"/>'
                    '<Default Extension="jpeg" ContentType="image/jpeg"/></Types>')
    parts["[Content_Types].xml"] = ct.encode("utf-8")
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for n, b in parts.items():
            dst.writestr(n, b)
    return out.getvalue()


@pytest.fixture(scope="module")
def packet(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("leak")
    ws = tmp / "firm"
    (ws / "templates").mkdir(parents=True)
    (ws / ".git").mkdir()
    (ws / "drafter.yaml").write_text("firm:\n  name: Leak Test LLP\nattorney:\n  name: Test Lawyer\n"
                                     "templates: templates\n", encoding="utf-8")
    (ws / "drafter.yaml").chmod(0o600)
    (ws / "templates" / "proffer-agreement.docx").write_bytes(
        word_saved_template(data_dir("templates") / "proffer-agreement.docx"))
    (ws / "m.yaml").write_bytes(DEMO.read_bytes())
    out = tmp / "out"
    r = CliRunner().invoke(main, ["packet", str(ws / "m.yaml"), "-o", str(out), "--draft-date", "2026-11-27",
                                  "--only", "proffer-agreement"])
    assert r.exit_code == 0, r.output
    return out


def parts_of(path: Path) -> dict[str, bytes]:
    z = zipfile.ZipFile(path)
    return {n: z.read(n) for n in z.namelist()}


def test_the_clean_copy_keeps_only_what_a_clean_letter_needs(packet):
    parts = parts_of(packet / "proffer-agreement.docx")
    assert not [n for n in parts if n.startswith(("customXml", "docProps/thumbnail", "docProps/custom"))]
    assert "word/comments.xml" not in parts and "word/people.xml" not in parts
    blob = b"\n".join(parts.values()).decode("utf-8", "replace")
    for secret in SECRETS:
        assert secret not in blob, secret
    for tag in ("w:del ", "w:ins ", "w:vanish", "w:commentRangeStart", "w:commentReference",
                "w:docVars", "w:attachedTemplate", "w:rsid"):
        assert tag not in blob, tag
    footers = b"".join(b for n, b in parts.items() if n.startswith("word/footer"))
    assert b"NUMPAGES" in footers            # page numbering fields stay live
    text = parts["word/document.xml"].decode("utf-8")
    assert "Visible preamble." in text and "Accepted insertion." in text and "Field result." in text


def test_the_clean_copy_opens_in_word_terms(packet):
    from docx import Document

    doc = Document(str(packet / "proffer-agreement.docx"))
    assert "Visible preamble." in doc.paragraphs[0].text


def test_no_copy_keeps_a_link_that_would_be_fetched(packet):
    for name in ("proffer-agreement.docx", "proffer-agreement.review.docx"):
        parts = parts_of(packet / name)
        for n, blob in parts.items():
            if n.endswith(".rels"):
                for m in re.finditer(rb"<Relationship [^>]*>", blob):
                    if b'TargetMode="External"' in m.group():
                        assert b"/hyperlink" in m.group(), (name, m.group())
        assert b"tracker.example" not in b"".join(parts.values())
        assert b"r:link" not in parts["word/document.xml"]


def test_counter_drafts_drop_a_letters_remote_template_and_images():
    from drafter.docx.scrub import strip_external_zip

    blob = word_saved_template(data_dir("templates") / "proffer-agreement.docx")
    out = strip_external_zip(blob, dt.date(2026, 11, 27))
    parts = {n: zipfile.ZipFile(io.BytesIO(out)).read(n) for n in zipfile.ZipFile(io.BytesIO(out)).namelist()}
    assert b"tracker.example" not in b"".join(parts.values())
    assert b"Firm.dotm" not in b"".join(parts.values())
    assert b"attachedTemplate" not in parts["word/settings.xml"]
    assert b"firm.example" in parts["word/_rels/document.xml.rels"]      # a hyperlink is not fetched


def test_the_review_copy_has_no_anchor_to_a_comment_it_does_not_hold(packet):
    """The template's own comment anchors would point Word at comments the copy does not have."""
    parts = parts_of(packet / "proffer-agreement.review.docx")
    ids = set(re.findall(rb'w:commentRangeStart w:id="(\d+)"', parts["word/document.xml"]))
    held = set(re.findall(rb'<w:comment w:id="(\d+)"', parts.get("word/comments.xml", b"")))
    assert ids and ids <= held
    assert b"Comment text about the client" not in parts.get("word/comments.xml", b"")
