"""The bad-input corpus: every case fails cleanly, names FILE:LINE: key, writes nothing."""

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from drafter.cli import main

CORPUS = Path(__file__).parent / "bad_inputs"
EXPECTED = json.loads((CORPUS / "expected.json").read_text(encoding="utf-8"))


def expected_lines(name):
    value = EXPECTED[name]
    return value if isinstance(value, list) else [value]


@pytest.mark.parametrize("command", ["check", "analyze", "packet"])
@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_bad_input_is_rejected_cleanly(name, command, tmp_path):
    path = CORPUS / name
    out = tmp_path / "out"
    args = [command, str(path)] + (["-o", str(out)] if command == "packet" else [])
    result = CliRunner().invoke(main, args)
    assert result.exit_code == 1, result.output
    assert "Traceback" not in result.output
    assert result.exception is None or isinstance(result.exception, SystemExit)
    for expected in expected_lines(name):
        line_part = expected.split(":", 1)[0]
        if line_part.isdigit():
            assert f"{path}:{expected}" in result.output, result.output
        else:
            assert f"{path}" in result.output and expected in result.output, result.output
    assert not out.exists()


@pytest.mark.parametrize("command", ["check", "analyze", "packet"])
def test_missing_file(command, tmp_path):
    args = [command, str(tmp_path / "nope.yaml")] + (["-o", str(tmp_path / "o")] if command == "packet" else [])
    result = CliRunner().invoke(main, args)
    assert result.exit_code == 1
    assert "nope.yaml: no such file" in result.output


def test_oversized_file(tmp_path):
    path = tmp_path / "big.yaml"
    path.write_text("format: 1\nnotes: |\n" + ("  " + "x" * 100 + "\n") * 11000, encoding="utf-8")
    result = CliRunner().invoke(main, ["check", str(path)])
    assert result.exit_code == 1
    assert "too large" in result.output


def test_usage_errors_exit_2(tmp_path):
    assert CliRunner().invoke(main, ["packet", "x.yaml"]).exit_code == 2
    assert CliRunner().invoke(main, ["nonsense"]).exit_code == 2
    r = CliRunner().invoke(main, ["packet", "x.yaml", "-o", str(tmp_path), "--draft-date", "2026-13-01"])
    assert r.exit_code == 2
