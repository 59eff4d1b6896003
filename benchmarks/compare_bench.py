"""Speed of `drafter compare` on a 20-page agreement (issue 15). Run: `make bench` or
`.venv/bin/python benchmarks/compare_bench.py [--pages 20]`.

Builds, from the test letters, an agreement of about 500 words a page as a .docx, and a reply
that rewrites one paragraph in eight word by word, inserts and deletes a few paragraphs and
moves two; then times, in one process (median of 5 after a warm-up): reading both versions,
aligning them, and writing the tracked-changes document. Also times the whole command once in a
fresh process. Target: the in-process comparison of 20 pages well under one second.
"""

from __future__ import annotations

import argparse
import datetime as dt
import random
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
WORDS_PER_PAGE = 500


def make_versions(folder: Path, pages: int) -> tuple[Path, Path, int]:
    from docx import Document

    from drafter.docx.letters import read_letter

    source = []
    for f in sorted((REPO / "tests" / "letters").glob("*.txt")):
        source += [p.text for p in read_letter(f).paragraphs if len(p.text.split()) > 12]
    paras, words, i = [], 0, 0
    while words < pages * WORDS_PER_PAGE:
        text = source[i % len(source)]
        paras.append(f"{len(paras) + 1}. {text}")
        words += len(text.split())
        i += 1
    rng = random.Random(15)
    reply = list(paras)
    for k in range(0, len(reply), 8):
        ws = reply[k].split()
        for _ in range(3):
            j = rng.randrange(1, len(ws))
            ws[j] = rng.choice(["shall", "may", "will not", "promptly", "in writing", "reasonably"])
        reply[k] = " ".join(ws)
    del reply[len(reply) // 3]
    reply.insert(len(reply) // 2, "The parties further agree that this paragraph was added in the reply.")
    reply.append(reply.pop(5))
    reply.insert(2, reply.pop(len(reply) // 4))
    for name, texts in (("old.docx", paras), ("new.docx", reply)):
        doc = Document()
        for t in texts:
            doc.add_paragraph(t)
        doc.save(folder / name)
    return folder / "old.docx", folder / "new.docx", words


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--pages", type=int, default=20)
    args = ap.parse_args()
    from drafter.review.compare import build_document, compare

    with tempfile.TemporaryDirectory() as d:
        old, new, words = make_versions(Path(d), args.pages)
        date = dt.date(2026, 12, 1)
        cmp = compare(old, new)
        build_document(cmp, "bench", date)                     # warm-up (imports, caches)
        times = []
        for _ in range(5):
            t = time.perf_counter()
            cmp = compare(old, new)
            build_document(cmp, "bench", date)
            times.append(time.perf_counter() - t)
        import resource

        before = resource.getrusage(resource.RUSAGE_CHILDREN)
        t = time.perf_counter()
        subprocess.run([str(Path(sys.executable).parent / "drafter"), "compare", str(old), str(new),
                        "-o", str(Path(d) / "out"), "--date", "2026-12-01"], check=True, capture_output=True)
        cold = time.perf_counter() - t
        after = resource.getrusage(resource.RUSAGE_CHILDREN)
        cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
        n = cmp.counts
        print(f"compare, {args.pages} pages ({words} words, {len(cmp.old.paragraphs)} paragraphs; "
              f"{n['replace']} replaced, {n['insert']} inserted, {n['delete']} deleted, {n['moved']} moved)")
        print(f"  in process (read, align, write .docx): median {statistics.median(times) * 1000:.0f} ms")
        print(f"  whole command in a fresh process (with the report): {cold * 1000:.0f} ms wall, "
              f"{cpu * 1000:.0f} ms CPU (wall time includes waiting for a shared CPU)")


if __name__ == "__main__":
    main()
