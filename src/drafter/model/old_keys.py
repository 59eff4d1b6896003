"""Keys of earlier drafts of the matter format, read as their replacements with a warning."""

from __future__ import annotations

from ..errors import Problem
from . import yamlfile

_OLD_KEYS = {
    ("cooperation", "own_conduct_disclosed"): (
        "safety_valve_disclosure",
        "old key read as cooperation.safety_valve_disclosure; rename it. 18 U.S.C. § 3553(f)(5) "
        "needs all the information and evidence the client has about the offense and the same "
        "course of conduct or common scheme (others' roles included), not only the client's "
        "own conduct: check that the disclosure was that complete before answering true"),
}


def read_old_keys(data: dict, doc: yamlfile.YamlDoc) -> tuple[dict, list[Problem]]:
    warnings: list[Problem] = []
    for (section, old), (new, message) in _OLD_KEYS.items():
        part = data.get(section)
        if not isinstance(part, dict) or old not in part:
            continue
        warnings.append(doc.problem((section, old), message))
        part = dict(part)
        value = part.pop(old)
        part.setdefault(new, value)
        data = dict(data, **{section: part})
    return data, warnings
