"""`python -m planner` runs the `kotoplan` command."""

from planner.cli import main

main(prog_name="kotoplan")
