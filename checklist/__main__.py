"""`python -m checklist ...`: see checklist/cli.py."""

from __future__ import annotations

import sys

from checklist.cli import main

if __name__ == "__main__":
    sys.exit(main())
