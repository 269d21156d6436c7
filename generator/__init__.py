"""The package: one module per pipeline stage (see ARCHITECTURE.md)."""
