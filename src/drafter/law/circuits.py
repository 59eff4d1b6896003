"""Which circuit a district sits in, and what that does to the weight of a case cited.

The districts of each circuit are listed in 28 U.S.C. § 41.
"""

from __future__ import annotations

# The districts of the Second Circuit (28 U.S.C. § 41), whose proffer cases (Velez, Barrow,
# Oluwanisola, Rosemond) bind there and are only persuasive elsewhere.
_SECOND_CIRCUIT = {"dconn", "edny", "ndny", "sdny", "wdny", "dvt"}


def in_second_circuit(district: str) -> bool:
    """``S.D.N.Y.``, ``SDNY``, ``D. Conn.`` ... -> True."""
    key = "".join(ch for ch in district.lower() if ch.isalpha())
    return key in _SECOND_CIRCUIT


def second_circuit_notes(cites, district: str | None) -> list[str]:
    """Review-comment lines for Second Circuit cases cited outside that circuit (or where the
    district is not known): they persuade there, they do not bind."""
    second = [c for c in cites if "(2d Cir." in c]
    if not second or (district and in_second_circuit(district)):
        return []
    if not district:
        return [f"The Second Circuit cases cited ({'; '.join(second)}) bind in the districts of Connecticut, "
                "New York and Vermont and are persuasive elsewhere.",
                "[VERIFY] which district the letter comes from, and how its circuit treats the point."]
    return [f"The Second Circuit cases cited ({'; '.join(second)}) are persuasive only in {district}, "
            "which is outside that circuit.",
            "[VERIFY] how this circuit treats the point before relying on them."]


# The Eleventh Circuit's districts (28 U.S.C. § 41): Alabama, Florida, Georgia.
_ELEVENTH_CIRCUIT_STATES = ("ala", "fla", "ga")


def in_eleventh_circuit(district: str | None) -> bool:
    key = "".join(ch for ch in (district or "").lower() if ch.isalpha())
    return any(key.endswith(st) for st in _ELEVENTH_CIRCUIT_STATES)


def rothstein_cite(district: str | None) -> str:
    """United States v. Rothstein (11th Cir. 2019): binding only in the Eleventh Circuit. Its
    reporter citation was not confirmed, so it is cited by docket number with a flag."""
    where = ("" if in_eleventh_circuit(district)
             else "; an Eleventh Circuit case, persuasive only in this district")
    return ("(United States v. Rothstein, No. 18-11796 (11th Cir. Sept. 30, 2019) (published); "
            "reporter citation not confirmed" + where + ")")
