"""The command line: the only code that imports click and rich. ``drafter.cli:main`` is the script."""

from .main import main

__all__ = ["main"]
