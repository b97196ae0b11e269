"""`python -m cli` is the same as the `switchboard` command (the demo uses it to run steps)."""

from cli.app import main

main()
