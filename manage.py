#!/usr/bin/env python
"""Django's command-line utility for Sapat; `sapat` (the console script) does the same."""
from sapat.__main__ import main

if __name__ == "__main__":
    main()
