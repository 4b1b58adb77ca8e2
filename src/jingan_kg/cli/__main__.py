"""`python -m jingan_kg.cli`: the `jingan-kg` command."""

from . import main

main()
