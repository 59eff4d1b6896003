"""The matter format as JSON Schema (Draft 2020-12), generated from the ``Matter`` model.

Editors use it to complete and check matter files (VS Code's YAML extension reads the
``# yaml-language-server: $schema=...`` line at the top of a file). The schema is built from
``Matter.model_json_schema()`` and then post-processed so that it says what ``drafter check``
accepts, in a form editors handle well:

- every ``$ref`` is inlined (no ``$defs``), because editors that speak only older drafts
  still follow a self-contained tree;
- every key gets the title and one-line description from ``data/matter-keys.yaml``;
- unknown keys are rejected (``additionalProperties: false``, from the model's
  ``extra="forbid"``);
- ``known_to_government`` is ``true | false | "unknown"``; dates are strings of format
  ``date`` (YAML writes them ``YYYY-MM-DD``); text also accepts a number, as drafter does;
- defaults of ``null`` are dropped: a key that is not known is left out, never written null.
"""

from __future__ import annotations

import copy
import functools
import json
from pathlib import Path
from typing import Any

import yaml

from .matter import Matter

DRAFT = "https://json-schema.org/draft/2020-12/schema"
SCHEMA_FILE = "matter.schema.json"
_DATA = Path(__file__).resolve().parents[1] / "data"
# A loose form of the statute reader in matter_model.py, so an editor flags an obvious typo.
_STATUTE_PATTERN = r"^\s*(\d{1,2}\s*U\.?\s*S\.?\s*C|[Tt][Ii][Tt][Ll][Ee]\s+\d{1,2},?\s+United\s+States\s+Code)"


@functools.lru_cache(maxsize=1)
def key_docs() -> dict[str, dict[str, str]]:
    """Title and description of every matter key, by dotted path (``charges[].statute``)."""
    text = (_DATA / "matter-keys.yaml").read_text(encoding="utf-8")
    return yaml.safe_load(text)


def describe(path: str) -> str:
    """The one-line description of a matter key ('' when it has none)."""
    return key_docs().get(path, {}).get("description", "")


def matter_schema() -> dict:
    """The JSON Schema of a matter file, as a dict."""
    raw = Matter.model_json_schema()
    body = _inline(raw, raw.get("$defs", {}))
    body.pop("$defs", None)
    body = _walk(body, "")
    body.pop("title", None)
    body.pop("description", None)
    head = {
        "$schema": DRAFT,
        "title": "drafter matter file, format 1",
        "description": "The facts of one client matter, read by drafter to draft proffer and "
                       "cooperation documents for attorney review.",
    }
    return {**head, **body}


def schema_text() -> str:
    """The schema as pretty-printed JSON, ending with a newline."""
    return json.dumps(matter_schema(), indent=2, ensure_ascii=False) + "\n"


def write_schema(path: Path, overwrite: bool = True) -> bool:
    """Write the schema to ``path``; returns False when the file exists and is kept."""
    if path.exists() and not overwrite:
        return False
    from ..files import write_private

    write_private(path, schema_text())    # replaced in one step; a link there is not followed
    return True


# --- post-processing ---------------------------------------------------------------------

def _inline(node: Any, defs: dict) -> Any:
    """Replace every ``{"$ref": "#/$defs/X", ...}`` by a copy of X merged with its siblings."""
    if isinstance(node, list):
        return [_inline(item, defs) for item in node]
    if not isinstance(node, dict):
        return node
    ref = node.get("$ref")
    if isinstance(ref, str) and ref.startswith("#/$defs/"):
        target = copy.deepcopy(defs[ref.removeprefix("#/$defs/")])
        siblings = {k: v for k, v in node.items() if k != "$ref"}
        return _inline({**target, **siblings}, defs)
    return {k: _inline(v, defs) for k, v in node.items()}


def _walk(node: dict, path: str, key: bool = True) -> dict:
    """Post-process the schema of the value at ``path`` (dotted; '' for the whole file).

    ``key`` is False for the branches of an ``anyOf``: the title and description belong to
    the key, once, not to each branch.
    """
    node = _tidy(node, path, key)
    if "anyOf" in node:
        node["anyOf"] = [_walk(branch, path, key=False) for branch in node["anyOf"]]
    props = node.get("properties")
    if isinstance(props, dict):
        node["properties"] = {name: _walk(sub, _join(path, name)) for name, sub in props.items()}
    items = node.get("items")
    if isinstance(items, dict):
        node["items"] = _walk(items, path + "[]")
    special = _SPECIAL.get(path) if key else None
    return special(node) if special else node


def _join(path: str, key: str) -> str:
    return f"{path}.{key}" if path else key


def _tidy(node: dict, path: str, key: bool) -> dict:
    """Title, description, defaults and types of one value."""
    node = dict(node)
    node.pop("title", None)  # pydantic's, made from class and field names
    docs = key_docs().get(path) if key else None
    if docs:
        node = {"title": docs["title"], "description": docs.get("description", ""), **node}
    if "default" in node and (node["default"] is None or isinstance(node["default"], dict)):
        del node["default"]
    if node.get("type") == "string" and not {"enum", "const", "format"} & node.keys():
        node["type"] = ["string", "number"]  # drafter reads a number written as text
    return node


def _known_to_government(node: dict) -> dict:
    out = {k: v for k, v in node.items() if k not in ("anyOf", "type")}
    out["enum"] = [True, False, "unknown"]
    out["default"] = "unknown"
    return out


def _id(node: dict) -> dict:
    from .matter_model import _ID

    return {**node, "pattern": _ID.pattern}


def _statute(node: dict) -> dict:
    return {**node, "pattern": _STATUTE_PATTERN}


def _clause_types(node: dict) -> dict:
    from .clausetypes import ALL_TYPES

    if "additionalProperties" in node:  # negotiation.variants: type -> variant
        return {**node, "propertyNames": {"enum": list(ALL_TYPES)}}
    return {**node, "items": {"enum": list(ALL_TYPES)}}  # negotiation.exclude


_SPECIAL = {
    "id": _id,
    "charges[].statute": _statute,
    "cooperation.information[].known_to_government": _known_to_government,
    "negotiation.variants": _clause_types,
    "negotiation.exclude": _clause_types,
}
