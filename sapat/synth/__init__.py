"""Synthetic data at a university's scale: `sapat generate --scale {small,large}`.

Seeded and deterministic (same seed, same rows), written with bulk inserts, with the
history rows, assessments and materialised paths the screens expect. The demo app loads
the regulation's own example; this app fills a database for benchmarks and tests.
"""
