"""Step 2, the law: analysis (minimums, § 3553(e), safety valve, deadlines), the strategy, the
clause library and the plan that joins them. The rules' data sit beside the code
(``checklist.yaml``, ``asks.yaml``) and in the repository's ``clauses/`` folder.

Imports only ``model`` and the shared top-level modules (tests/test_layers.py).
"""
