"""Time and peak memory of `drafter review` on the largest legitimate letters and on hostile
ones (issue 16). Run: `make bench` or `.venv/bin/python benchmarks/review_bench.py`.

Each letter is reviewed in a fresh process (`drafter review FILE --json`); the table gives the
exit status, the wall time and the process's peak resident memory (from wait4's rusage). The
letters are generated in a temporary folder and removed afterwards (no bombs are stored):

- large.txt / large.docx / large.pdf: the example letters repeated to about 990,000
  characters (~5,000 paragraphs, a 300-page agreement): the largest legitimate letter tested;
- bomb.docx: a 0.1 MB package whose document.xml inflates to 60 MB;
- paragraphs.docx: 5.9 million empty paragraphs (the issue's 616 KB attack);
- huge.txt: a sparse 3 GB file; digits.txt: an example letter plus a 40,000-digit run.
"""

from __future__ import annotations

import os
import subprocess
import sys
import tempfile
import time
import zipfile
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
DRAFTER = str(Path(sys.executable).parent / "drafter")
LETTERS = sorted((REPO / "tests" / "letters").glob("*.txt"))
W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"


def large_text(chars: int = 990_000) -> str:
    parts, total = [], 0
    while total < chars:
        for p in LETTERS:
            t = p.read_text(encoding="utf-8")
            parts.append(t)
            total += len(t)
            if total >= chars:
                break
    return "\n\n".join(parts)


def make_docx(text: str, path: Path) -> None:
    from docx import Document

    doc = Document()
    for para in text.split("\n\n"):
        if para.strip():
            doc.add_paragraph(" ".join(para.split()))
    doc.save(str(path))


def make_pdf(text: str, path: Path) -> bool:
    """Via LibreOffice, if installed (txt -> pdf)."""
    import shutil

    soffice = shutil.which("soffice")
    if not soffice:
        return False
    src = path.with_suffix(".src.txt")
    src.write_text(text, encoding="utf-8")
    with tempfile.TemporaryDirectory() as profile:
        subprocess.run([soffice, f"-env:UserInstallation=file://{profile}", "--headless", "--convert-to", "pdf",
                        "--outdir", str(path.parent), str(src)], capture_output=True, timeout=600)
    made = src.with_suffix(".pdf")
    if made.exists():
        made.rename(path)
    src.unlink()
    return path.exists()


def zip_with(chunks, path: Path) -> None:
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("[Content_Types].xml", "<Types/>")
        with z.open("word/document.xml", "w", force_zip64=True) as fh:
            for c in chunks:
                fh.write(c)


def measure(path: Path) -> tuple[int, float, float]:
    start = time.perf_counter()
    proc = subprocess.Popen([DRAFTER, "review", str(path), "--json"], stdout=subprocess.DEVNULL,
                            stderr=subprocess.DEVNULL, stdin=subprocess.DEVNULL)
    _, status, usage = os.wait4(proc.pid, 0)
    elapsed = time.perf_counter() - start
    return os.waitstatus_to_exitcode(status), elapsed, usage.ru_maxrss / 1024  # MB (Linux: KB)


def main() -> None:
    with tempfile.TemporaryDirectory() as tmp:
        tmp = Path(tmp)
        text = large_text()
        cases = []
        (tmp / "large.txt").write_text(text, encoding="utf-8")
        cases.append(("large.txt", f"{len(text):,} chars, {text.count(chr(10) * 2) + 1:,} paragraphs"))
        make_docx(text, tmp / "large.docx")
        cases.append(("large.docx", f"{(tmp / 'large.docx').stat().st_size / 1e6:.1f} MB"))
        if make_pdf(text, tmp / "large.pdf"):
            cases.append(("large.pdf", f"{(tmp / 'large.pdf').stat().st_size / 1e6:.1f} MB"))
        head = f'<w:document xmlns:w="{W}"><w:body><w:p><w:r><w:t>'.encode()
        zip_with([head] + [b"A" * (1 << 20)] * 60 + [b"</w:t></w:r></w:p></w:body></w:document>"], tmp / "bomb.docx")
        cases.append(("bomb.docx", f"{(tmp / 'bomb.docx').stat().st_size / 1e6:.2f} MB -> 60 MB"))
        zip_with([f'<w:document xmlns:w="{W}"><w:body>'.encode()] + [b"<w:p/>" * 100_000] * 59
                 + [b"</w:body></w:document>"], tmp / "paragraphs.docx")
        cases.append(("paragraphs.docx", f"{(tmp / 'paragraphs.docx').stat().st_size / 1e3:.0f} KB, 5.9M paragraphs"))
        with open(tmp / "huge.txt", "wb") as fh:
            fh.truncate(3 * 1024 ** 3)
        cases.append(("huge.txt", "3 GB (sparse)"))
        sample = (REPO / "tests" / "letters" / "district-proffer.txt").read_text(encoding="utf-8")
        (tmp / "digits.txt").write_text(sample + "\n\nThe waiver lasts " + "9" * 40_000 + " days from today.\n",
                                        encoding="utf-8")
        cases.append(("digits.txt", "letter + 40,000 digits"))
        print(f"{'letter':<16} {'size':<32} {'exit':>4} {'seconds':>8} {'peak MB':>8}")
        for name, size in cases:
            code, secs, mb = measure(tmp / name)
            print(f"{name:<16} {size:<32} {code:>4} {secs:>8.2f} {mb:>8.0f}")


if __name__ == "__main__":
    main()
