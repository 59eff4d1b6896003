"""Fast commands stay fast: --help, check and analyze never import the Word libraries."""

import subprocess
import sys

from conftest import REPO

PROBE = """
import sys
from click.testing import CliRunner
from drafter.cli import main
r = CliRunner().invoke(main, {args!r})
assert r.exit_code == 0, r.output
heavy = sorted(m for m in sys.modules if m.split('.')[0] in ('docx', 'docxtpl', 'rich', 'pypdf', 'icalendar'))
print(','.join(heavy))
"""


def heavy_modules(args):
    out = subprocess.run([sys.executable, "-c", PROBE.format(args=args)], capture_output=True, text=True,
                         cwd=REPO, check=True)
    return out.stdout.strip()


def test_help_check_and_analyze_do_not_import_word_libraries():
    demo = str(REPO / "matters" / "demo.yaml")
    assert heavy_modules(["--help"]) == ""
    assert heavy_modules(["check", demo]) == ""
    assert heavy_modules(["analyze", demo]) == ""
    assert heavy_modules(["analyze", demo, "--json"]) == ""
