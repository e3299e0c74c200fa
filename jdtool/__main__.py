"""``python -m jdtool`` runs the command line."""

from jdtool.cli import main

main()
