"""Safe YAML loading that remembers the line of every key.

Matter, workspace and clause files are read with the same loader: a subclass of PyYAML's
``SafeLoader`` (never patched globally), so ``!!python/...`` tags are rejected. The result is
plain data plus a map from each key path (``("charges", 0, "statute")``) to its 1-based line,
so every later error can say ``FILE:LINE: key: message``.
"""

from __future__ import annotations

import codecs
import datetime as dt
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any, cast

import yaml

from ..errors import DataError, Problem

MAX_BYTES = 1_000_000
MAX_NODES = 50_000
MAX_DEPTH = 64

Path_ = tuple[Any, ...]


class _Invalid:
    """Stands in for a value that could not be read; its problem is already recorded."""

    def __repr__(self) -> str:
        return "<unreadable value>"


INVALID = _Invalid()


if TYPE_CHECKING:  # the stubs describe the pure-Python loader; the C one has the same interface
    from yaml import SafeLoader as _SafeLoader
else:
    _SafeLoader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)  # libyaml when available


class DrafterLoader(_SafeLoader):
    """SafeLoader with no extra constructors; used only to compose nodes and build scalars."""


def safe_load(text: str) -> Any:
    """Plain data from drafter's own bundled YAML (rules, texts): PyYAML's safe loading, through
    libyaml when it is there (about eight times faster than the pure-Python parser)."""
    return yaml.load(text, Loader=DrafterLoader)  # noqa: S506 - a SafeLoader subclass


@dataclass
class YamlDoc:
    """A loaded YAML document: its data and the line of every key path."""

    file: str
    data: Any
    lines: dict[Path_, int] = field(default_factory=dict)
    # Values that could not be read (impossible dates, forbidden tags): reported with the
    # validation problems, so that the user sees every problem in the file at once.
    problems: list[Problem] = field(default_factory=list)
    bad_paths: set[Path_] = field(default_factory=set)

    def line(self, path: Path_) -> int | None:
        """The line of ``path``, or of its nearest ancestor that has one."""
        path = tuple(path)
        while path:
            if path in self.lines:
                return self.lines[path]
            path = path[:-1]
        return self.lines.get((), 1)

    def problem(self, path: Path_, message: str) -> Problem:
        return Problem(self.file, self.line(path), dotted(path), message)


def dotted(path: Path_) -> str:
    out = ""
    for part in path:
        if isinstance(part, int):
            out += f"[{part}]"
        else:
            out += ("." if out else "") + str(part)
    return out


def decode(raw: bytes, file: str) -> str:
    """Bytes to text: UTF-8 with or without BOM (Notepad), UTF-16 with BOM; CRLF is fine."""
    if raw.startswith(codecs.BOM_UTF16_LE) or raw.startswith(codecs.BOM_UTF16_BE):
        try:
            return raw.decode("utf-16")
        except UnicodeDecodeError:
            pass
    if b"\x00" in raw:
        raise DataError.single(file, "this is not a text file (it holds binary data)", 1)
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as e:
        line = raw[: e.start].count(b"\n") + 1
        raise DataError.single(
            file, "this file is not UTF-8 text; save it as UTF-8 (Notepad: Save as, Encoding: UTF-8)", line
        ) from None
    return text.replace("\r\n", "\n").replace("\r", "\n")


def read_text(path: Path, max_bytes: int = MAX_BYTES) -> str:
    """A text file's contents: regular files only (a FIFO or device is refused, never waited
    on), the size checked before reading, the read capped."""
    from ..errors import DrafterError
    from ..files import read_capped

    file = str(path)
    try:
        raw = read_capped(Path(path), max_bytes)
    except DataError:
        raise
    except DrafterError as e:
        message = str(e)
        prefix = f"{file}: "
        raise DataError.single(file, message[len(prefix):] if message.startswith(prefix) else message) from None
    return decode(raw, file)


def load_path(path: Path, max_bytes: int = MAX_BYTES) -> YamlDoc:
    return load_text(read_text(path, max_bytes), str(path))


def load_text(text: str, file: str) -> YamlDoc:
    """Parse one YAML document into data and key lines; any problem becomes a DataError."""
    try:
        loader = DrafterLoader(text)
    except yaml.reader.ReaderError as e:
        line = text[: e.position].count("\n") + 1
        raise DataError.single(
            file, f"the character U+{e.character:04X} cannot appear in a YAML file", line
        ) from None
    try:
        try:
            node = loader.get_single_node()
        except yaml.MarkedYAMLError as e:
            mark = e.problem_mark or e.context_mark
            at = mark.line + 1 if mark else None
            msg = e.problem or str(e)
            if e.context and "found" not in msg:
                msg = f"{e.context}, {msg}"
            raise DataError.single(file, f"YAML syntax error: {msg}", at) from None
        except yaml.reader.ReaderError as e:
            line = text[: e.position].count("\n") + 1
            raise DataError.single(
                file, f"the character U+{e.character:04X} cannot appear in a YAML file", line
            ) from None
        except yaml.YAMLError as e:
            raise DataError.single(file, f"YAML error: {e}") from None
        except RecursionError:
            raise DataError.single(file, f"the file is nested too deeply (more than {MAX_DEPTH} levels)") from None
        doc = YamlDoc(file, None)
        if node is None:
            return doc
        builder = _Builder(loader, doc)
        doc.data = builder.build(node, ())
        doc.lines.setdefault((), node.start_mark.line + 1)
        return doc
    finally:
        loader.dispose()


class _Builder:
    """Turns composed nodes into plain Python values, recording lines, refusing danger."""

    def __init__(self, loader: DrafterLoader, doc: YamlDoc):
        self.loader = loader
        self.doc = doc
        self.count = 0

    def fail(self, node: yaml.Node, path: Path_, message: str) -> DataError:
        return DataError([Problem(self.doc.file, node.start_mark.line + 1, dotted(path), message)])

    def soft(self, node: yaml.Node, path: Path_, message: str) -> Any:
        """Record a problem with one value and carry on, so all problems are listed together."""
        self.doc.problems.append(Problem(self.doc.file, node.start_mark.line + 1, dotted(path), message))
        self.doc.bad_paths.add(path)
        return INVALID

    def build(self, node: yaml.Node, path: Path_) -> Any:
        self.count += 1
        if self.count > MAX_NODES:
            raise self.fail(node, path, "the file expands to too many values (YAML alias bomb?)")
        if len(path) > MAX_DEPTH:
            raise self.fail(node, path[:3], f"values nested more than {MAX_DEPTH} levels deep "
                                            "(or an alias that contains itself)")
        if isinstance(node, yaml.MappingNode):
            return self.mapping(node, path)
        if isinstance(node, yaml.SequenceNode):
            if node.tag not in ("tag:yaml.org,2002:seq",):
                return self.soft(node, path, f"the tag {node.tag} is not allowed (drafter reads plain data only)")
            out = []
            for i, child in enumerate(node.value):
                self.doc.lines.setdefault(path + (i,), child.start_mark.line + 1)
                out.append(self.build(child, path + (i,)))
            return out
        return self.scalar(cast(yaml.ScalarNode, node), path)      # the one other kind of node

    def mapping(self, node: yaml.MappingNode, path: Path_) -> dict:
        if node.tag != "tag:yaml.org,2002:map":
            return self.soft(node, path, f"the tag {node.tag} is not allowed (drafter reads plain data only)")
        self.loader.flatten_mapping(node)
        out: dict = {}
        for key_node, value_node in node.value:
            key = self.build(key_node, path)
            if isinstance(key, (dict, list)) or key is None:
                raise self.fail(key_node, path, "a key must be a plain name")
            if isinstance(key, (dt.date, bool, float)):
                key = self.loader.construct_scalar(key_node)
            if key in out:
                raise self.fail(key_node, path + (key,), "this key appears twice")
            self.doc.lines[path + (key,)] = key_node.start_mark.line + 1
            out[key] = self.build(value_node, path + (key,))
        return out

    def scalar(self, node: yaml.ScalarNode, path: Path_) -> Any:
        allowed = {
            "tag:yaml.org,2002:str", "tag:yaml.org,2002:int", "tag:yaml.org,2002:float",
            "tag:yaml.org,2002:bool", "tag:yaml.org,2002:null", "tag:yaml.org,2002:timestamp",
        }
        if node.tag not in allowed:
            return self.soft(node, path, f"the tag {node.tag} is not allowed (drafter reads plain data only)")
        try:
            value = self.loader.construct_object(node, deep=True)
        except ValueError as e:
            if node.tag == "tag:yaml.org,2002:timestamp":
                return self.soft(node, path, f"{node.value!r} is not a real date ({e})")
            return self.soft(node, path, f"{node.value!r} cannot be read: {e}")
        except yaml.YAMLError as e:
            return self.soft(node, path, f"{node.value!r} cannot be read: {e}")
        if isinstance(value, dt.datetime):
            return self.soft(node, path, f"{node.value!r}: give a date as YYYY-MM-DD, without a time")
        return value
