"""drafter init: a firm workspace that loads, and never overwrites what is there."""

from __future__ import annotations

import stat

import yaml
from click.testing import CliRunner

from drafter.cli import main
from drafter.model.schema import schema_text
from drafter.model.workspace import DEFAULT_LEGEND, DEFAULT_MARK, find, load
from drafter.model.workspace_init import Profile, bundled_templates, workspace_yaml

FILES = ("drafter.yaml", "matters/README.txt", "house/clauses/README.txt",
         "house/templates/README.txt", "matters/matter.schema.json")
FOLDERS = ("matters", "house", "house/clauses", "house/templates")


def run(*args):
    return CliRunner().invoke(main, ["init", *map(str, args)])


def mode(path):
    return stat.S_IMODE(path.stat().st_mode)


def test_init_lays_out_the_workspace(tmp_path):
    root = tmp_path / "firm"
    result = run(root)
    assert result.exit_code == 0, result.output
    for name in FILES:
        assert (root / name).is_file(), name
        assert mode(root / name) == 0o600, name
    for name in FOLDERS:
        assert (root / name).is_dir(), name
        assert mode(root / name) == 0o700, name
    assert mode(root) == 0o700
    assert "replace each value in [square brackets]" in result.output


def test_written_profile_loads_with_the_workspace_loader(tmp_path):
    run(tmp_path, "--firm", "Counsel & Partners, P.A.", "--attorney", "José Núñez",
        "--bar-number", "012345")
    config = tmp_path / "drafter.yaml"
    assert find(tmp_path / "matters") == config
    ws = load(config)
    assert ws.model.firm.name == "Counsel & Partners, P.A."
    assert ws.model.attorney.name == "José Núñez"
    assert ws.model.attorney.bar_number == "012345"  # quoted: the leading zero survives
    assert ws.clauses_dir == (tmp_path / "house" / "clauses").resolve()
    assert ws.templates_dir == (tmp_path / "house" / "templates").resolve()
    assert ws.mark == DEFAULT_MARK and ws.legend == DEFAULT_LEGEND


def test_profile_without_options_has_visible_placeholders(tmp_path):
    run(tmp_path)
    ws = load(tmp_path / "drafter.yaml")
    assert ws.model.firm.name == "[Firm name]"
    assert ws.model.attorney.name == "[Attorney name]"


def test_profile_has_every_contract_key_with_comments():
    text = workspace_yaml(Profile())
    data = yaml.safe_load(text)
    assert list(data) == ["firm", "attorney", "clauses", "templates", "drafts"]
    assert set(data["firm"]) == {"name", "address", "phone", "email"}
    assert "# website:" in text
    assert set(data["attorney"]) == {"name", "bar_number", "email", "phone"}
    assert data["clauses"] == "house/clauses" and data["templates"] == "house/templates"
    assert set(data["drafts"]) == {"mark", "privilege_legend"}
    comments = [line for line in text.splitlines() if "#" in line]
    assert len(comments) >= 10


def test_tricky_names_stay_literal():
    for name in ('O\'Brien "Law" & Co: #1', "Smith {{ 7*7 }}", "- dash", "yes"):
        data = yaml.safe_load(workspace_yaml(Profile(firm=name)))
        assert data["firm"]["name"] == name


def test_existing_profile_is_an_error_and_nothing_changes(tmp_path):
    config = tmp_path / "drafter.yaml"
    config.write_text("firm: {name: Mine}\nattorney: {name: Me}\n", encoding="utf-8")
    result = run(tmp_path)
    assert result.exit_code == 1
    assert "already exists" in result.output and "--force" in result.output
    assert "Traceback" not in result.output
    assert config.read_text(encoding="utf-8").startswith("firm: {name: Mine}")
    assert not (tmp_path / "matters").exists()


def test_force_rewrites_only_the_profile(tmp_path):
    run(tmp_path)
    readme = tmp_path / "matters" / "README.txt"
    readme.write_text("our own notes\n", encoding="utf-8")
    schema = tmp_path / "matters" / "matter.schema.json"
    schema.write_text("{}", encoding="utf-8")
    (tmp_path / "drafter.yaml").write_text("broken: [", encoding="utf-8")
    result = run(tmp_path, "--force", "--firm", "New Firm LLP")
    assert result.exit_code == 0, result.output
    assert load(tmp_path / "drafter.yaml").model.firm.name == "New Firm LLP"
    assert readme.read_text(encoding="utf-8") == "our own notes\n"
    assert schema.read_text(encoding="utf-8") == "{}"
    assert "kept" in result.output


def test_existing_folders_and_matters_are_left_alone(tmp_path):
    matters = tmp_path / "matters"
    matters.mkdir(mode=0o755)
    matters.chmod(0o755)
    (matters / "2026-0001.yaml").write_text("format: 1\n", encoding="utf-8")
    assert run(tmp_path).exit_code == 0
    assert mode(matters) == 0o755
    assert (matters / "2026-0001.yaml").read_text(encoding="utf-8") == "format: 1\n"


def test_readmes_say_what_goes_where(tmp_path):
    run(tmp_path)
    clauses = (tmp_path / "house" / "clauses" / "README.txt").read_text(encoding="utf-8")
    assert "same id" in clauses and "clause-format.md" in clauses
    templates = (tmp_path / "house" / "templates" / "README.txt").read_text(encoding="utf-8")
    assert "proffer-agreement.docx" in templates and "cover-letter.docx" in templates
    for name in bundled_templates():
        assert name in templates
    matters = (tmp_path / "matters" / "README.txt").read_text(encoding="utf-8")
    assert "drafter new" in matters
    assert (tmp_path / "matters" / "matter.schema.json").read_text(encoding="utf-8") == schema_text()


def test_a_file_in_the_way_is_an_error(tmp_path):
    target = tmp_path / "firm"
    target.write_text("x", encoding="utf-8")
    result = run(target)
    assert result.exit_code == 1
    assert "not a folder" in result.output
