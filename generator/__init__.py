"""The package: one module per pipeline stage (see DESIGN.md)."""

from .speedups import activate

activate(__path__)  # compiled copies of the hot modules when built from these sources (see speedups)
