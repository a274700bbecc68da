"""Evaluation: ``advisor eval`` — the answer cases and their checks (``runner``), and the metrics and report
(``report``). The fresh case set is judged blind instead (bench/fresh.py, docs/benchmarks.md)."""
