"""Benchmarks (never run in CI): `make bench` runs benchmarks/run.py over bench_*.py."""
