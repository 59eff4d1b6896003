"""How the interview (``drafter new``) reads one answer: each reader returns the value to
write, or raises ValueError with the reason the question is asked again."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable
from typing import Any

from ..model.matter import id_problem, parse_statute
from ..model.matter_model import clean_text

YES = ("y", "yes", "true")
NO = ("n", "no", "false")


def read_text(raw: str) -> str:
    try:
        return clean_text(raw)
    except ValueError as e:
        raise ValueError(f"this answer {e}") from None


def read_id(raw: str) -> str:
    problem = id_problem(raw)
    if problem:
        raise ValueError("use letters, digits, '.', '_' and '-' only (no spaces or '/'), "
                         "starting with a letter or digit, at most 64, e.g. 2026-0142"
                         + ("; Windows reserves this name" if "Windows" in problem else ""))
    return raw


def read_email(raw: str) -> str:
    if not re.fullmatch(r"[^@\s]+@[^@\s]+\.[^@\s]+", raw):
        raise ValueError("that does not look like an email address (name@example.gov)")
    return read_text(raw)


def read_date(raw: str) -> dt.date:
    if not re.fullmatch(r"\d{4}-\d{2}-\d{2}", raw):
        raise ValueError("write the date as YYYY-MM-DD, e.g. 2027-01-12")
    try:
        date = dt.date.fromisoformat(raw)
    except ValueError:
        raise ValueError(f"{raw} is not a real date") from None
    if not 1970 <= date.year <= 2100:
        raise ValueError(f"check the year: {date.year}")
    return date


def read_yesno(raw: str) -> bool:
    low = raw.lower()
    if low in YES:
        return True
    if low in NO:
        return False
    raise ValueError("answer yes, no or unknown")


def read_months(raw: str) -> int:
    if not re.fullmatch(r"\d{1,5}", raw):
        raise ValueError("give the minimum as a whole number of months, e.g. 120 for ten years, "
                         "or 0 when there is none")
    months = int(raw)
    if months > 12_000:
        raise ValueError("that is more than 1,000 years; give the minimum in months")
    return months


def read_statute(raw: str) -> str:
    parse_statute(raw)
    return read_text(raw)


def read_points(raw: str) -> int:
    if raw not in ("1", "2", "3"):
        raise ValueError("a prior sentence scores 1, 2 or 3 points under USSG § 4A1.1")
    return int(raw)


def read_district(raw: str) -> str:
    from ..model.names import read_district as read

    return read(raw)


def read_choice(raw: str, allowed: list[str]) -> str:
    low = raw.lower()
    if low in allowed:
        return low
    starts = [c for c in allowed if c.startswith(low)]
    if len(starts) == 1:
        return starts[0]
    raise ValueError(f"answer one of: {', '.join(allowed)}")


READERS: dict[str, Callable[[str], Any]] = {
    "text": read_text, "id": read_id, "email": read_email, "date": read_date,
    "yesno": read_yesno, "months": read_months, "statute": read_statute, "points": read_points,
    "district": read_district,
}
