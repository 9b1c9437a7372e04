"""A short run of `make fuzz` (tests/fuzz/check_build.py) in every test run: random
mutations of the sample never make check or build raise, and some still build."""

from __future__ import annotations

from fuzz.check_build import run


def test_mutated_sample_content_never_raises() -> None:
    cases, clean, failures = run(20.0, seed=1, quiet=True)
    assert failures == []
    assert cases >= 10 and clean >= 1
