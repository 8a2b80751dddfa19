"""Benchmarks: `make bench` runs every module here with a `main(quick)` and writes
docs/benchmarks.md. Each reports ratios against a baseline measured in the same run."""
