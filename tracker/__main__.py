"""`python -m tracker` runs the hjm command line."""

from tracker.cli import main

main()
