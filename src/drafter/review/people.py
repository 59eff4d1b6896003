"""Who the letter is with and who answers it: the person the letter names as the client (a
matter for someone else is a warning), and the name the redline's revisions carry."""

from __future__ import annotations

import re
from typing import Any

from ..docx.letters import Letter

_NAMED = [re.compile(p) for p in (
    r"(?:your\s+client|meeting\s+of|on\s+behalf\s+of|client),?\s+([A-Z][a-z]+(?:\s+[A-Z]\.?)?(?:\s+[A-Z][A-Za-z'-]+){1,2})\s*\(",
    r"Re:\s*(?:[^\n—–-]*[—–-]\s*)?(?:United\s+States\s+v\.\s+)?([A-Z][a-z]+(?:\s+[A-Z]\.?)?(?:\s+[A-Z][A-Za-z'-]+){1,2})\s*$",
)]


def letter_person(letter: Letter) -> str | None:
    """The person the letter names as the client, where it names one."""
    for p in letter.paragraphs[:40]:
        for rx in _NAMED:
            m = rx.search(p.norm)
            if m and "[" not in m.group(1):
                return m.group(1)
    return None


def name_warnings(letter: Letter, plan: Any) -> list[str]:
    named = letter_person(letter)
    client = str(plan.context.get("client", {}).get("name") or "")
    if not named or not client:
        return []
    if named.split()[-1].lower() not in client.lower():
        return [f"the letter names {named}, but the matter's client is {client}: check that this is the "
                f"right matter before using its asks."]
    return []


# --- the readable report -------------------------------------------------------------------------

def author(plan, workspace) -> str:
    """The name the redline's revisions and comments carry: the matter's or the firm profile's
    attorney; without a firm profile (the bundled demo firm) not the demo's invented name, which the
    Office would read as the author of a copy it receives, but "Defense Counsel"."""
    demo = workspace is None or getattr(workspace, "demo", False)
    if plan is not None:
        matter = plan.matter
        if not demo or (matter.defense is not None and matter.defense.attorney is not None):
            return plan.context["attorney"]["name"]
    elif not demo:
        return workspace.attorney_context()["name"]
    return "Defense Counsel"
