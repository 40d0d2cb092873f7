"""Benchmarks: speed and memory targets, measured on this machine (`make bench`); results in docs/benchmarks.md."""
