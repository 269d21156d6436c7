"""``pick(name, options)`` for templates: which phrasing of a template's own sentence to use.

A template offers several phrasings of a fixed sentence (an opening, a closing line) and
names the choice. One request always reads the same; the schools of a batch read
differently: by default the choice follows a hash of the kind, seed, school and name; a batch
may instead set the outline's ``phrasing`` (a value per slot, a sentence's slot being a hash
of its name), so two documents that share passages do not also share these sentences.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Iterable

from ..model import Outline


def picker(outline: Outline) -> Callable[[str, Iterable[str]], str]:
    """Return the template function ``pick(name, options)`` for this outline."""
    request = outline.request
    base = f"{outline.recipe.kind}|{request.seed}|{request.profile.get('学校名称')}|"
    phrasing = outline.phrasing

    def pick(name: str, options: Iterable[str]) -> str:
        """One of ``options``, the same each time for this outline and name ("" when none)."""
        options = list(options)
        if not options:
            return ""
        if phrasing:
            code = _hash(name)
            return options[(phrasing[code % len(phrasing)] + code) % len(options)]
        return options[_hash(base + name) % len(options)]

    return pick


def rotator(pick: Callable[[str, Iterable[str]], str]) -> Callable[[str, Iterable[str]], list[str]]:
    """Return the template function ``rotate(name, options)``: all the options, starting at the one
    ``pick`` chooses, so a heading written once per topic reads differently for each topic."""

    def rotate(name: str, options: Iterable[str]) -> list[str]:
        """The options in turn from the picked one (empty when there are none)."""
        options = list(options)
        if not options:
            return []
        start = options.index(pick(name, options))
        return options[start:] + options[:start]

    return rotate


def _hash(text: str) -> int:
    """A stable 64-bit hash of the text (Python's own hash changes from run to run)."""
    return int.from_bytes(hashlib.blake2b(text.encode("utf-8"), digest_size=8).digest(), "big")
