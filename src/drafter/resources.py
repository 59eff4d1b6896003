"""Where the bundled data lives: the repository's folders, or their copies in an installed wheel."""

from __future__ import annotations

from pathlib import Path

from .errors import DrafterError

_PACKAGE = Path(__file__).resolve().parent


def data_dir(name: str) -> Path:
    """The bundled ``clauses``, ``templates`` or ``matters`` folder."""
    for candidate in (_PACKAGE / "_data" / name, _PACKAGE.parent.parent / name):
        if candidate.is_dir():
            return candidate
    raise DrafterError(f"the bundled {name} folder is missing from this installation")
