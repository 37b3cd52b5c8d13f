"""Settings every test process starts with, before Django reads its settings.

Rate-limit counters live in each test process's own memory: a cache shared between the
parallel test processes (the default file cache) would let one test's counting reach
another. The several-servers test (tests/multi) gives its servers Redis itself.
"""
import os

os.environ.setdefault("SAPAT_CACHE_URL", "locmem")
