"""Score recognition on a manifest, and estimate how the calibrated thresholds generalise.

    .venv/bin/python tests/recognition/evaluate.py            # dev figures and leave-one-out
    .venv/bin/python tests/recognition/evaluate.py heldout.yaml
    .venv/bin/python tests/recognition/evaluate.py --probes probes/round7-first.yaml
    .venv/bin/python tests/recognition/evaluate.py --variants   # the dev excerpts with the parties renamed

Every figure is given twice: strict (an entry's ``doubtful`` types count as wanted, a miss of one is
a false negative) and lenient (doubtful types are not scored either way). ``score`` is what
``tests/test_recognition.py`` asserts on (its strict figure). ``leave_one_out`` re-chooses the wording
layer's thresholds (``review/wording.py``: FLOOR, COVERAGE, FRAGMENT_COVERAGE) from a small grid on
all development excerpts but one, scores the one left out with them, and sums over the excerpts.
It covers only what is calibrated by number: the signals and the phrasing bank were written by hand
with every development excerpt in view, so the figure is an upper bound on unseen text; the blind
figure is the held-out set's.
"""

from __future__ import annotations

import itertools
import sys
from contextlib import contextmanager
from pathlib import Path

import yaml

HERE = Path(__file__).resolve().parent


def items_of(manifest: str) -> list[dict]:
    return yaml.safe_load((HERE / manifest).read_text(encoding="utf-8")) or []


def letter_of(item: dict):
    """The excerpt read as ``drafter review`` reads a .txt letter (its paragraphs re-flowed: a numbered
    paragraph on a line of its own is a paragraph). Until round 5 the excerpts were split at blank lines
    only, which ran the numbered paragraphs of nine excerpts together."""
    from drafter.docx.letters import read_letter

    return read_letter(HERE / item["file"])


def recognise(item: dict, library) -> tuple[set[str], str, str]:
    """The types found, the document kind and the party, as ``drafter review`` reports them."""
    from drafter.review.review import review_parsed

    review = review_parsed(letter_of(item), library)
    return {f.type for f in review.found}, review.doc.kind, review.doc.party


def wanted(item: dict, lenient: bool = False) -> tuple[set[str], set[str]]:
    """The types an excerpt should give, and the types not scored either way. An entry's ``doubtful``
    types are those a reasonable lawyer could count either way: strictly they are wanted (a miss is a
    false negative); leniently they are ignored (neither a miss nor a false positive)."""
    doubtful = set(item.get("doubtful") or ())
    want = set(item["types"]) | doubtful
    return (want - doubtful, doubtful) if lenient else (want, set())


def tally(results: list[tuple[dict, tuple[set[str], str, str]]], lenient: bool = False) -> dict:
    """Micro precision and recall over types (strict unless ``lenient``); the lenient figure is
    also given under ``"lenient"`` of a strict tally."""
    tp = fp = fn = 0
    kinds = kinds_right = parties_right = 0
    detail = []
    for item, (found, kind, party) in results:
        want, ignored = wanted(item, lenient)
        got = found - ignored
        tp += len(got & want)
        fp += len(got - want)
        fn += len(want - got)
        parties_right += party == item["party"]
        if item.get("kind"):
            kinds += 1
            kinds_right += kind == item["kind"]
        detail.append((item["file"], sorted(got - want), sorted(want - got), kind, party))
    s = {"precision": tp / max(tp + fp, 1), "recall": tp / max(tp + fn, 1), "kinds": (kinds_right, kinds),
         "parties": (parties_right, len(results)), "counts": (tp, fp, fn), "detail": detail}
    if not lenient:
        s["lenient"] = tally(results, lenient=True)
    return s


def line(name: str, s: dict) -> str:
    le = s["lenient"]
    return (f"{name}: strict precision {s['precision']:.3f} recall {s['recall']:.3f} (tp, fp, fn {s['counts']}); "
            f"lenient {le['precision']:.3f} / {le['recall']:.3f} {le['counts']}; "
            f"kinds {s['kinds'][0]}/{s['kinds'][1]} parties {s['parties'][0]}/{s['parties'][1]}")


def batches(manifest: str) -> dict[str, str]:
    """Each development excerpt's batch, read from the manifest's section comments: "dev" for the
    project's own, "1-3" for the first three held-out batches and the small fourth, then "4" on."""
    out: dict[str, str] = {}
    batch = "dev"
    for row in (HERE / manifest).read_text(encoding="utf-8").splitlines():
        words = row.split()
        if row.startswith("# First held-out batch"):
            batch = "1-3"
        elif row.startswith("# Batch ") and len(words) > 2:
            batch = words[2]
        elif row.startswith("- file:"):
            out[words[-1]] = "dev" if words[-1].startswith("dev/") else batch
    return out


def score(manifest: str, library) -> dict:
    return tally([(item, recognise(item, library)) for item in items_of(manifest)])


GRID = {"FLOOR": (12.0, 14.0, 16.0), "COVERAGE": (0.0, 0.5, 0.6, 0.7), "FRAGMENT_COVERAGE": (0.0, 0.4, 0.5, 0.6)}


@contextmanager
def thresholds(**values):
    from drafter.review import wording

    old = {k: getattr(wording, k) for k in values}
    for k, v in values.items():
        setattr(wording, k, v)
    try:
        yield
    finally:
        for k, v in old.items():
            setattr(wording, k, v)


def f1(counts: tuple[int, int, int]) -> float:
    tp, fp, fn = counts
    return 2 * tp / max(2 * tp + fp + fn, 1)


def leave_one_out(manifest: str, library) -> dict:
    """Per excerpt: the grid point best on the others (micro F1; ties go to the point nearest the
    shipped values), then that point's result on the excerpt left out."""
    from drafter.review import wording

    items = items_of(manifest)
    names = list(GRID)
    points = list(itertools.product(*GRID.values()))
    shipped = tuple(getattr(wording, k) for k in names)
    results: dict[tuple, list] = {}
    for point in points:
        with thresholds(**dict(zip(names, point, strict=True))):
            results[point] = [recognise(item, library) for item in items]

    def counts(point, keep) -> tuple[int, int, int]:
        sub = tally([(items[i], results[point][i]) for i in keep])
        return sub["counts"]

    chosen = []
    out = []
    for i in range(len(items)):
        others = [j for j in range(len(items)) if j != i]
        best = max(points, key=lambda p: (f1(counts(p, others)),
                                          -sum(abs(a - b) / max(abs(b), 1) for a, b in zip(p, shipped, strict=True))))
        chosen.append(best)
        out.append((items[i], results[best][i]))
    full = max(points, key=lambda p: (f1(counts(p, range(len(items)))),
                                      -sum(abs(a - b) / max(abs(b), 1) for a, b in zip(p, shipped, strict=True))))
    s = tally(out)
    s["grid"] = {p: tally(list(zip(items, results[p], strict=True)))["counts"] for p in points}
    s["chosen"] = [dict(zip(names, p, strict=True)) for p in chosen]
    s["best_on_all"] = dict(zip(names, full, strict=True))
    s["shipped"] = dict(zip(names, shipped, strict=True))
    return s


def review_text(text: str, library):
    """A short text read as the recognition tests read it: paragraphs at blank lines."""
    from drafter.docx.letters import Letter, make_paragraphs
    from drafter.review.review import review_parsed

    letter = Letter(Path("excerpt.txt"), "txt", make_paragraphs([p for p in text.split("\n\n") if p.strip()]))
    return review_parsed(letter, library)


def probes(path: str, library) -> dict:
    """A probe set (``probes/*.yaml``): a sentence is right when every type in ``types`` is found and
    none in ``absent`` is; a document probe when its kind and party are both right."""
    data = yaml.safe_load((HERE / path).read_text(encoding="utf-8"))
    sentences, documents = [], []
    for p in data.get("sentences") or ():
        found = {f.type for f in review_text(p["text"], library).found}
        want, absent = set(p.get("types") or ()), set(p.get("absent") or ())
        sentences.append((p["text"], want <= found and not found & absent, sorted(want - found),
                          sorted(found & absent)))
    for p in data.get("documents") or ():
        doc = review_text(p["text"], library).doc
        documents.append((p["text"], (doc.kind, doc.party) == (p["kind"], p["party"]), doc.kind, doc.party))
    return {"sentences": sentences, "documents": documents}


# Round 7: the same text with the parties named as other offices and forms name them. A type found on an excerpt
# should still be found when "the Government" is "this Office" or "the USAO", "the defendant" is "your client" or a
# person's name, "shall" is "will", "the Company" is "the Bank": a figure of how much the signals hang on one form.
VARIANTS = {
    "the Government -> this Office": [(r"\b[Tt]he [Gg]overnment\b", "this Office"),
                                      (r"\bthe United States\b", "this Office")],
    "the Office -> the Government": [(r"\b[Tt]his Office\b", "the Government"),
                                     (r"\bthe (?:Office|USAO)\b", "the Government")],
    "the Government -> the USAO": [(r"\b[Tt]he [Gg]overnment\b", "the USAO"), (r"\b[Tt]his Office\b", "the USAO"),
                                  (r"\bthe Office\b", "the USAO")],
    "the defendant -> your client": [(r"\b[Tt]he defendant\b", "your client"),
                                     (r"\b[Dd]efendant\b", "your client")],
    "your client -> the defendant": [(r"\b[Yy]our client\b", "the defendant"),
                                     (r"\b[Tt]he [Cc]lient\b", "the defendant")],
    "the defendant -> Mr. Doe": [(r"\b[Tt]he defendant\b", "Mr. Doe"), (r"\bdefendant's\b", "Mr. Doe's")],
    "shall -> will": [(r"\bshall\b", "will")],
    "will -> shall": [(r"\bwill\b", "shall")],
    "agrees to -> will": [(r"\bagrees to\b", "will")],
    "the Company -> the Bank": [(r"\b([Tt])he Company\b", r"\1he Bank")],
}


def variants(manifest: str, library) -> dict[str, list[tuple[str, list[str], list[str]]]]:
    """Per renaming: the excerpts whose wanted types it loses or whose false types it adds."""
    import re

    from drafter.docx.letters import Letter, make_paragraphs

    out: dict[str, list[tuple[str, list[str], list[str]]]] = {name: [] for name in VARIANTS}
    for item in items_of(manifest):
        letter = letter_of(item)
        base = recognise(item, library)[0]
        want = set(item["types"]) | set(item.get("doubtful") or ())
        text = "\n\n".join(p.text for p in letter.paragraphs)
        for name, subs in VARIANTS.items():
            renamed = text
            for a, b in subs:
                renamed = re.sub(a, b, renamed)
            if renamed == text:
                continue
            from drafter.review.review import review_parsed

            got = {f.type for f in review_parsed(Letter(Path("x.txt"), "txt", make_paragraphs(renamed.split("\n\n"))),
                                                 library).found}
            lost, false = (base & want) - got, (got - base) - want
            if lost or false:
                out[name].append((item["file"], sorted(lost), sorted(false)))
    return out


def main(argv: list[str]) -> None:
    from drafter.law.clauses import load_library

    library = load_library()
    if argv and argv[0] == "--variants":
        for name, rows in variants("dev.yaml", library).items():
            print(f"{name}: {sum(len(r[1]) for r in rows)} types lost, {sum(len(r[2]) for r in rows)} false")
            for row in rows:
                print("  ", row)
        return
    if argv and argv[0] == "--probes":
        r = probes(argv[1], library)
        s, d = r["sentences"], r["documents"]
        print(f"{argv[1]}: sentences {sum(x[1] for x in s)} of {len(s)}; kind/party {sum(x[1] for x in d)} of {len(d)}")
        for text, ok, missed, false in s:
            if not ok:
                print(f"   missed {missed} false {false}: {text[:110]}")
        for text, ok, kind, party in d:
            if not ok:
                print(f"   read as {kind} / {party}: {text[:110]!r}")
        return
    manifest = argv[0] if argv else "dev.yaml"
    s = score(manifest, library)
    items = items_of(manifest)
    results = [(it, recognise(it, library)) for it in items]
    s = tally(results)
    print(line(manifest, s))
    for row in s["detail"]:
        if row[1] or row[2]:
            print("  ", row)
    if manifest == "dev.yaml":
        for part in ("dev/", "dev-real/"):
            print("  " + line(part, tally([r for r in results if r[0]["file"].startswith(part)])))
        of = batches(manifest)
        for batch in sorted(set(of.values()) - {"dev"}, key=lambda b: (b != "1-3", b)):
            print("    batch " + line(batch, tally([r for r in results if of[r[0]["file"]] == batch])))
        loo = leave_one_out(manifest, library)
        print(line("leave-one-out over the thresholds", loo))
        print(f"  shipped {loo['shipped']}; best on all {loo['best_on_all']}")
        perfect = [p for p, c in loo["grid"].items() if c[1] == c[2] == 0]
        print(f"  grid points with no error on all of dev: {len(perfect)} of {len(loo['grid'])}")
        for cov in GRID["COVERAGE"]:
            c = loo["grid"][(loo["shipped"]["FLOOR"], cov, loo["shipped"]["FRAGMENT_COVERAGE"])]
            print(f"  COVERAGE {cov}: (tp, fp, fn) {c}")
        moved = [(row[0], c) for row, c in zip(loo["detail"], loo["chosen"], strict=True) if c != loo["shipped"]]
        print(f"  excerpts whose left-out choice differs from the shipped values: {len(moved)}")
        for row in loo["detail"]:
            if row[1] or row[2]:
                print("  ", row)


if __name__ == "__main__":
    main(sys.argv[1:])
