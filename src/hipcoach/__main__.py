"""`python -m hipcoach` runs the command line."""

from hipcoach.cli import main

main()
