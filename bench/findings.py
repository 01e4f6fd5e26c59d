"""The words of bench/README.md around its tables: how the run works, and what its numbers say."""

INTRO = """# Benchmark

(baseline run: text to follow)
"""

FINDINGS = """## What the numbers say

(to follow)
"""
