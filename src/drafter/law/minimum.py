"""The mandatory minimum over a matter's charges, and whether going below it for substantial
assistance needs the government's 18 U.S.C. § 3553(e) motion."""

from __future__ import annotations

from ..model.matter import Matter


def minimum_over(charges) -> tuple[int, list[str]]:
    concurrent = [c for c in charges if not c.runs_consecutively]
    consecutive = [c for c in charges if c.runs_consecutively]
    base = max((c.mandatory_minimum_months for c in concurrent), default=0)
    total = base + sum(c.mandatory_minimum_months for c in consecutive)
    statutes = [c.statute for c in concurrent if base and c.mandatory_minimum_months == base][:1]
    statutes += [c.statute for c in consecutive if c.mandatory_minimum_months]
    return total, statutes


def mandatory_minimum(matter: Matter) -> tuple[int, list[str]]:
    """Largest minimum over non-consecutive counts plus the sum over consecutive ones
    (18 U.S.C. § 924(c)(1)(D)(ii) and § 1028A(b)(2) require consecutive terms)."""
    return minimum_over(matter.charges)


def needs_3553e(minimum: int, status: str, stage: str = "charged") -> bool:
    """18 U.S.C. § 3553(e): only a government motion permits a sentence below a statutory
    minimum for substantial assistance; a § 5K1.1 motion alone does not (Melendez). After
    sentencing the route is the government's Rule 35(b) motion, on which the court may go below
    the minimum without a separate § 3553(e) motion (Fed. R. Crim. P. 35(b)(4))."""
    return minimum > 0 and status != "declined" and stage != "sentenced"
