"""The matter's facts as typed, frozen pydantic models: the client, the case, the charges, the
criminal history, the cooperation. ``Matter`` is the whole file; ``matter.py`` loads and
validates one.

The format is the public contract in ``docs/matter-format.md`` (version 1).
"""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path
from typing import Annotated, Any, Literal

from pydantic import (
    BaseModel,
    ConfigDict,
    Field,
    PrivateAttr,
    StrictBool,
    StrictInt,
    field_validator,
)

from ..errors import Problem

Stage = Literal["investigation", "charged", "plea-negotiation", "convicted", "sentenced"]
Status = Literal["considering", "proffer-scheduled", "proffered", "cooperating", "declined"]
Concern = Literal["none", "moderate", "high"]

# Noncharacters are reserved for drafter's own markers inside rendered text; control
# characters cannot be stored in a Word document at all.
_BAD_CHARS = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufdd0-\ufdef\ufffe\uffff]")
# Invisible characters that can make a name read differently from what it says: bidirectional
# overrides and isolates (U+202A-202E, U+2066-2069) and zero-width characters.
_HIDDEN_CHARS = re.compile("[\u200b-\u200d\u2060-\u2064\u202a-\u202e\u2066-\u2069\ufeff]")
# A matter id names a folder on any system: letters, digits, '.', '_', '-'; at most 64; no
# trailing dot; not a name Windows reserves (CON, NUL, COM1...). Checked with fullmatch.
ID_MAX = 64
# Dates a matter may hold: deadlines are computed years ahead, so the far future is refused
# here with the key's line instead of failing later in date arithmetic.
DATE_MIN, DATE_MAX = dt.date(1900, 1, 1), dt.date(2199, 12, 31)
_ID = re.compile(r"^[A-Za-z0-9](?:[A-Za-z0-9._-]{0,62}[A-Za-z0-9_-])?$")
_RESERVED = {"CON", "PRN", "AUX", "NUL", *(f"COM{i}" for i in range(1, 10)), *(f"LPT{i}" for i in range(1, 10))}


def id_problem(v: str) -> str | None:
    """Why ``v`` cannot be a matter id (None when it can)."""
    if len(v) > ID_MAX:
        return f"is {len(v)} characters long; a matter number has at most {ID_MAX}"
    if not _ID.fullmatch(v) or ".." in v:
        return ("is not a usable matter number: use letters, digits, '.', '_' and '-' "
                "(no '/', no '..', no spaces, no dot at the end)")
    if v.split(".")[0].upper() in _RESERVED:
        return "is not a usable matter number: Windows reserves this name for a device"
    return None


def clean_text(value: Any) -> Any:
    if isinstance(value, str):
        m = _BAD_CHARS.search(value)
        if m:
            raise ValueError(
                f"contains the character U+{ord(m.group()):04X}, which cannot appear in a document"
            )
        m = _HIDDEN_CHARS.search(value)
        if m:
            raise ValueError(
                f"contains the invisible character U+{ord(m.group()):04X} (a direction override or "
                "zero-width character, which can make text read differently from what it says); "
                "retype the text without it"
            )
        return value
    return value


# Keys that a paralegal may leave empty ("charges:" with nothing after it): empty means none.
_EMPTY_MEANS_NONE: dict[str, list | dict] = {
    "aka": [], "agents": [], "charges": [], "prior_sentences": [], "exclude": [], "variants": {},
    "offense": {}, "negotiation": {}, "sessions": [], "attendees": [], "subjects": []}


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid", coerce_numbers_to_str=True, frozen=True)

    @field_validator("*", mode="before")
    @classmethod
    def _text(cls, v: Any, info) -> Any:
        if v is None and info.field_name in _EMPTY_MEANS_NONE:
            return type(_EMPTY_MEANS_NONE[info.field_name])()
        return clean_text(v)

    @field_validator("*", mode="after")
    @classmethod
    def _date_range(cls, v: Any) -> Any:
        if isinstance(v, dt.date) and not (DATE_MIN.year <= v.year <= DATE_MAX.year):
            raise ValueError(f"{v.isoformat()} is outside the years drafter accepts "
                             f"({DATE_MIN.year}-{DATE_MAX.year}); check the year")
        return v


Text = Annotated[str, Field(min_length=1)]


Pronoun = Literal["he", "she", "they"]


class Client(_Model):
    name: Text
    aka: list[Text] = []
    salutation: str | None = None
    pronoun: Pronoun | None = None
    language: str | None = None
    in_custody: StrictBool | None = None
    us_citizen: StrictBool | None = None


class Case(_Model):
    district: Text
    court: str | None = None
    number: str | None = None
    judge: str | None = None
    stage: Stage
    sentencing_date: dt.date | None = None
    conviction: Literal["plea", "trial"] | None = None
    testified_at_trial: StrictBool | None = None


class Prosecutor(_Model):
    name: Text
    title: str = "Assistant United States Attorney"
    salutation: str | None = None
    email: str | None = None


class Agent(_Model):
    name: Text
    agency: str | None = None


class Government(_Model):
    office: Text
    prosecutor: Prosecutor
    agents: list[Agent] = []


class Attorney(_Model):
    name: Text
    bar_number: str | None = None
    firm: str | None = None
    address: str | None = None
    phone: str | None = None
    email: str | None = None


class Defense(_Model):
    attorney: Attorney | None = None


_STATUTE = re.compile(
    r"""^\s*(?P<title>\d{1,2})\s*
        U\.?\s*S\.?\s*C\.?\s*(?:A\.?\s*)?          # U.S.C., USC, U.S.C.A.
        (?:§§?|[Ss]ec(?:tion|s?)?\.?|[Ss]s\.?)?\s*  # §, sec., section
        (?P<section>\d+[A-Za-z]?(?:-\d+)?)
        (?P<rest>.*)$""",
    re.X,
)


_STATUTE_LONG = re.compile(
    r"""^\s*Title\s+(?P<title>\d{1,2}),?\s+United\s+States\s+Code,?\s+
        (?:§§?|Sections?|Secs?\.)\s*(?P<section>\d+[A-Za-z]?(?:-\d+)?)(?P<rest>.*)$""",
    re.X | re.I,
)


def parse_statute(text: str) -> tuple[int, str, str]:
    """``"21 U.S.C. § 841(a)(1)"`` (or ``"Title 21, United States Code, Section 841(a)(1)"``)
    -> ``(21, "841", "(a)(1)")``. Raises ValueError."""
    clean = text.replace("\u00a0", " ")
    m = _STATUTE.match(clean) or _STATUTE_LONG.match(clean)
    if not m:
        raise ValueError(
            f"cannot read the statute {text!r}; write it as title, U.S.C., section, "
            'e.g. "21 U.S.C. § 841(a)(1)"'
        )
    rest = m.group("rest").strip()
    if rest and not rest.startswith(("(", ",", ";", "and", "&")):
        raise ValueError(f"cannot read the section in the statute {text!r}")
    subsections = re.match(r"^((?:\(\w{1,5}\))*)", rest.replace(" ", ""))    # matches, if only ""
    sub = subsections.group(1) if subsections else ""
    return int(m.group("title")), m.group("section").upper().lstrip("0") or "0", sub


def consecutive_by_law(title: int, section: str, subsection: str) -> bool:
    """18 U.S.C. § 924(c) and § 1028A minimums run consecutively to other counts."""
    if title != 18:
        return False
    return section == "1028A" or (section == "924" and subsection.lower().startswith("(c)"))


class Charge(_Model):
    statute: Text
    description: str | None = None
    mandatory_minimum_months: Annotated[StrictInt, Field(ge=0, le=12_000)] = 0
    consecutive: StrictBool | None = None

    @field_validator("statute")
    @classmethod
    def _statute(cls, v: str) -> str:
        parse_statute(v)
        return v

    @property
    def parsed(self) -> tuple[int, str, str]:
        return parse_statute(self.statute)

    @property
    def title(self) -> int:
        return self.parsed[0]

    @property
    def section(self) -> str:
        return self.parsed[1]

    @property
    def subsection(self) -> str:
        return self.parsed[2]

    @property
    def runs_consecutively(self) -> bool:
        if self.consecutive is not None:
            return self.consecutive
        return consecutive_by_law(*self.parsed)


class PriorSentence(_Model):
    description: str | None = None
    points: Literal[1, 2, 3]
    violent: StrictBool | Literal["unknown"] | None = None   # "unknown" is read as None

    @field_validator("violent", mode="before")
    @classmethod
    def _violent(cls, v: Any) -> Any:
        return None if v == "unknown" else v

    @field_validator("points", mode="before")
    @classmethod
    def _points(cls, v: Any) -> Any:
        if isinstance(v, bool) or not isinstance(v, int):
            raise ValueError("points must be a whole number: 1, 2 or 3")
        if v not in (1, 2, 3):
            raise ValueError(f"a prior sentence scores 1, 2 or 3 points under USSG § 4A1.1, not {v}")
        return v


class CriminalHistory(_Model):
    prior_sentences: list[PriorSentence] = []
    # USSG § 4A1.1(e): the status point (Amendment 821, 2023); counts toward § 3553(f)(1)(A).
    status_points: Annotated[StrictInt, Field(ge=0, le=1)] = 0
    # USSG § 4A1.1(d): points for prior crime-of-violence sentences not counted separately;
    # whether they count toward § 3553(f)(1)(A) is contested.
    violence_points: Annotated[StrictInt, Field(ge=0, le=3)] = 0


class Offense(_Model):
    violence_or_threats: StrictBool | None = None
    weapon: StrictBool | None = None
    death_or_serious_injury: StrictBool | None = None
    aggravating_role: StrictBool | None = None
    continuing_criminal_enterprise: StrictBool | None = None


class Information(_Model):
    subject: Text
    known_to_government: StrictBool | Literal["unknown"] = "unknown"


AgentsReport = Literal["not-requested", "requested", "received", "reviewed"]


class Session(_Model):
    """One proffer or debriefing session already held (or set). ``notes`` are counsel's own and
    never reach an external document."""

    date: dt.date
    place: str | None = None
    attendees: list[Text] = []
    subjects: list[Text] = []
    agents_report: AgentsReport | None = None
    notes: str | None = None


class Cooperation(_Model):
    status: Status
    proffer_date: dt.date | None = None
    proffer_location: str | None = None
    information: list[Information] | None = None
    uncharged_conduct: StrictBool | None = None
    willing_to_testify: StrictBool | None = None
    safety_concerns: Concern = "none"
    safety_notes: str | None = None
    # 18 U.S.C. § 3553(f)(5): ALL information and evidence about the offense and the same course
    # of conduct or common scheme, not only the client's own conduct. The old key
    # ``own_conduct_disclosed`` is read as this one (see ``old_keys.py``).
    safety_valve_disclosure: StrictBool | Literal["unknown"] | None = None   # "unknown": None
    sessions: list[Session] = []

    @field_validator("safety_valve_disclosure", mode="before")
    @classmethod
    def _disclosure(cls, v: Any) -> Any:
        return None if v == "unknown" else v


class Negotiation(_Model):
    stance: Literal["targeted", "full"] = "targeted"
    variants: dict[str, str] = {}
    exclude: list[str] = []
    notes: str | None = None


class Matter(_Model):
    format: Literal[1]
    id: Text
    client: Client
    case: Case
    government: Government
    defense: Defense | None = None
    charges: list[Charge] = []
    criminal_history: CriminalHistory | None = None
    offense: Offense = Offense()
    cooperation: Cooperation
    negotiation: Negotiation = Negotiation()
    _source: str = PrivateAttr("")
    _path: Path | None = PrivateAttr(None)
    _lines: Any = PrivateAttr(None)
    _warnings: list = PrivateAttr(default_factory=list)

    @field_validator("id")
    @classmethod
    def _id(cls, v: str) -> str:
        problem = id_problem(v)
        if problem:
            raise ValueError(f"{v[:80]!r}{'…' if len(v) > 80 else ''} {problem}")
        return v

    @property
    def source(self) -> str:
        return self._source

    @property
    def path(self) -> Path | None:
        """The file the matter was read from (None for a matter read from text or built in memory)."""
        return self._path

    @property
    def warnings(self) -> list[Problem]:
        """Problems that do not stop drafting (an old key read as its replacement)."""
        return list(self._warnings)

    def line(self, path: tuple) -> int | None:
        """The line of a key in the matter file (None for a matter built in memory)."""
        return self._lines(path) if self._lines else None
