"""Step 1, the facts: a matter file and the firm's workspace loaded into typed records.

Imports nothing from ``law``, ``draft``, ``review``, ``docx`` or ``cli`` (tests/test_layers.py).
"""
