"""``python -m drafter.cli``: the same as the ``drafter`` command."""

from .main import main

main(prog_name="drafter")
