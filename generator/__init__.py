"""The package: one module per pipeline stage (see DESIGN.md)."""
