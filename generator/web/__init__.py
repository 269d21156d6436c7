"""The local web page (FastAPI)."""
