"""The clause type ids (public contract: shared/spec/clause-types.md), plus the types drafter adds."""

PROFFER_TYPES = (
    "not-cooperation-agreement", "truthfulness", "direct-use-bar", "false-statement-exception",
    "fugitive-exception", "derivative-use", "impeachment-use", "rebuttal-use", "safety-valve-use",
    "rule-410-waiver", "information-sharing", "scope-integration", "continuation", "acknowledgment",
)
COOPERATION_TYPES = (
    "cooperation-duty", "testimony", "undercover", "no-new-crimes", "non-prosecution", "dismissal",
    "guideline-use-protection", "substantial-assistance-motion", "below-minimum-motion", "rule-35b",
    "government-discretion", "court-not-bound", "breach", "breach-determination",
    "limitations-waiver", "polygraph", "safety-protection", "sealing", "binding-scope",
    "plea-withdrawal",
)
SPEC_TYPES = PROFFER_TYPES + COOPERATION_TYPES
# Types drafter adds because the law needs them (the spec allows additions).
ADDED_TYPES = ("interpreter", "immigration")
ALL_TYPES = SPEC_TYPES + ADDED_TYPES

# Variant ids the spec names for particular types, beyond government-standard/defense-proposed.
NAMED_VARIANTS = {
    "rebuttal-use": ("evidence-or-arguments", "factual-assertions", "impeachment-only", "direct-contradiction"),
    "derivative-use": ("unrestricted", "none", "logged"),
    "government-discretion": ("sole-discretion", "good-faith"),
}
REQUIRED_VARIANTS = ("government-standard", "defense-proposed")
