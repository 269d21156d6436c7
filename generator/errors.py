"""Errors that carry a Chinese message for the user (standard library only)."""

from __future__ import annotations


class WengaoError(Exception):
    """Base class: ``str(err)`` is a complete Chinese sentence naming the file, row or field."""


class InputError(WengaoError):
    """A user's input file cannot be read or makes no sense (exit status 1, others go on)."""


class UsageError(WengaoError):
    """The command was called wrongly: unknown kind, bad option value (exit status 2)."""


class ProfileError(WengaoError):
    """A school profile lacks a field that the chosen text needs, or a value is invalid."""


class CorpusError(WengaoError):
    """The stored corpus fails its schema check or cannot be written."""
