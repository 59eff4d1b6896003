"""The packages are layers and imports only run downward (read from the source, not by importing).

    model  ->  law  ->  draft / review  ->  api  ->  cli
                 docx (Word) is used by draft and review; the top-level modules by everyone.
                 api.py (the library's front door) joins draft and review; cli calls it.

Every import is checked, including the ones inside functions (drafter imports heavy modules
lazily, so a top-of-file check would miss most of them).
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

from conftest import REPO

PACKAGE = REPO / "src" / "drafter"

# The shared modules at the top level; every other module lives in a layer's package.
SHARED = {"__init__", "errors", "files", "limits", "environment", "resources", "regexlint", "prefilter", "labels",
          "usercache"}
LAYERS = ("model", "law", "docx", "draft", "review", "api", "cli")

# What each layer may import from drafter ("" = the shared top-level modules).
ALLOWED = {
    "": {""},
    "model": {"", "model"},
    "law": {"", "model", "law"},
    "docx": {"", "model", "docx"},
    "draft": {"", "model", "law", "docx", "draft"},
    "review": {"", "model", "law", "docx", "review"},
    "api": {"", "model", "law", "docx", "draft", "review", "api"},
    "cli": {"", "model", "law", "docx", "draft", "review", "api", "cli"},
}

# Known exceptions to ALLOWED, each a (module, imported module) pair with its reason. Draft and
# review never meet: `packet --base` and the negotiation rounds on the checklist are gathered by
# api.py, which hands them to the packet (draft.packet.OfficeForm).
CROSS_LAYER = {
    ("__init__", "api"),      # `drafter.load_matter` etc.: the front door, re-exported on first use
}

CLI_ONLY = {"click", "rich"}
WORD = {"lxml", "docx", "docxtpl", "zipfile"}

# Modules outside docx/ that touch OOXML or zip directly: none (the list only shrinks; keep it empty).
WORD_EXCEPTIONS: dict[str, set[str]] = {}


def modules() -> dict[str, Path]:
    found = {}
    for path in sorted(PACKAGE.rglob("*.py")):
        parts = path.relative_to(PACKAGE).with_suffix("").parts
        if parts[-1] == "__init__" and len(parts) > 1:
            parts = parts[:-1]
        found[".".join(parts)] = path
    return found


MODULES = modules()


def layer(module: str) -> str:
    head = module.split(".")[0]
    return head if head in LAYERS else ""


def imports(module: str, path: Path) -> tuple[set[str], set[str]]:
    """(drafter modules, third-party/stdlib top-level names) imported anywhere in the file."""
    own, other = set(), set()
    is_package = path.name == "__init__.py"
    here = module.split(".") if is_package else module.split(".")[:-1]
    if module == "__init__":
        here = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"), str(path))):
        if isinstance(node, ast.Import):
            for alias in node.names:
                if alias.name.split(".")[0] == "drafter":
                    own.add(alias.name.removeprefix("drafter").lstrip("."))
                else:
                    other.add(alias.name.split(".")[0])
        elif isinstance(node, ast.ImportFrom):
            if node.level == 0:
                if node.module.split(".")[0] != "drafter":
                    other.add(node.module.split(".")[0])
                    continue
                base = node.module.removeprefix("drafter").lstrip(".").split(".")
                base = [b for b in base if b]
            else:
                base = here[: len(here) - (node.level - 1)] + (node.module.split(".") if node.module else [])
            for alias in node.names:
                candidate = ".".join(base + [alias.name])
                own.add(candidate if candidate in MODULES else ".".join(base))
    own.discard("")
    return own, other


def test_the_top_level_holds_only_the_shared_modules():
    flat = {m for m in MODULES if "." not in m and m not in LAYERS}
    assert flat <= SHARED, f"put these in a layer's package: {sorted(flat - SHARED)}"
    assert set(LAYERS) <= set(MODULES), "every layer is a package (api: one module)"


@pytest.mark.parametrize("module", sorted(MODULES))
def test_imports_run_downward(module):
    own, _ = imports(module, MODULES[module])
    mine = layer(module)
    wrong = sorted(t for t in own
                   if layer(t) not in ALLOWED[mine] and (module, t) not in CROSS_LAYER)
    assert not wrong, f"{module} ({mine or 'top level'}) imports upward or sideways: {wrong}"


@pytest.mark.parametrize("module", sorted(MODULES))
def test_only_cli_imports_click_or_rich_and_only_docx_imports_word_libraries(module):
    _, other = imports(module, MODULES[module])
    mine = layer(module)
    if mine != "cli":
        assert not other & CLI_ONLY, f"{module} imports {sorted(other & CLI_ONLY)}; only cli/ may"
    if mine != "docx":
        word = other & WORD - WORD_EXCEPTIONS.get(module, set())
        assert not word, f"{module} imports {sorted(word)}; only docx/ may (or list it in WORD_EXCEPTIONS)"


def test_the_exceptions_are_still_needed():
    """An exception that is no longer used is removed, so the lists only shrink."""
    for module, names in WORD_EXCEPTIONS.items():
        _, other = imports(module, MODULES[module])
        assert names <= other, f"{module} no longer imports {sorted(names - other)}: drop the exception"
    for module, target in CROSS_LAYER:
        own, _ = imports(module, MODULES[module])
        assert target in own, f"{module} no longer imports {target}: drop the exception"


def test_the_checker_sees_lazy_and_relative_imports():
    """The check itself can fail: a module known to import lazily across packages is seen doing so."""
    own, other = imports("draft.packet", MODULES["draft.packet"])
    assert {"docx.render", "law.plan", "errors", "draft.checklist_md"} <= own
    own, other = imports("api", MODULES["api"])
    assert {"draft.packet", "review.base", "review.negotiation", "errors"} <= own
    own, other = imports("cli.packet", MODULES["cli.packet"])
    assert "click" in other and "api" in own and "__init__" not in own
    own, other = imports("docx.prepare", MODULES["docx.prepare"])
    assert {"docx.scrub", "limits", "usercache", "environment"} <= own and {"lxml", "docxtpl"} <= other


MAX_LINES = 500


def test_no_module_over_500_lines():
    """A module with one job stays short enough to read whole (issue 14); split along a real seam."""
    long = {name: n for name, path in MODULES.items()
            if (n := len(path.read_text(encoding="utf-8").splitlines())) > MAX_LINES}
    assert not long, f"modules over {MAX_LINES} lines: {long}"
