"""drafter: first drafts of proffer and cooperation documents for defense counsel.

Every document drafter writes is a draft for attorney review. The library's front door is
``drafter.api`` (docs/api.md); its functions are also reachable here (``drafter.load_matter``),
imported on first use so that ``import drafter`` stays fast.
"""

__version__ = "0.1.0"

_API = ("load_matter", "analyze", "build_packet", "review_letter", "write_review", "compare",
        "write_comparison")


def __getattr__(name: str):
    if name in _API:
        from . import api

        return getattr(api, name)
    raise AttributeError(f"module 'drafter' has no attribute {name!r}")


def __dir__() -> list[str]:
    return sorted(list(globals()) + list(_API))
