"""What a template may produce: a user's template must not be able to exhaust the machine.

Jinja2's sandbox keeps a template away from Python's internals, not from building a string of a
thousand million characters (``{{ 'x' * 1000000000 }}``), a power of a million digits, a padding
as wide, or loops that run for hours. The sandbox consults these checks before each ``*``, ``**``
and ``%``, each call of a method and each filter; the whole output is counted as it is produced.
A template that goes past a limit stops with ``TooLarge``, which the sandbox reports naming the file.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

# Filters that take a width or a count, or grow their text: the only ones checked (the others cost
# nothing extra).
GROWING_FILTERS = frozenset(
    {"batch", "center", "format", "indent", "replace", "slice", "truncate", "wordwrap"}
)


@dataclass(frozen=True)
class TemplateLimits:
    """The ceilings; each is far above what a document needs and far below what hurts."""

    max_chars: int = 1_000_000
    """Characters a template may write in all, and any one value (string, list, padding width) it
    builds: the longest document asked for (50,000 characters) is a twentieth of it."""

    max_steps: int = 10_000_000
    """Items all the ``range()`` calls of one rendering may give together: a template's loops
    over months, topics and items take thousands; nested loops of a hundred thousand take hours."""


LIMITS = TemplateLimits()


class TooLarge(Exception):
    """A template went past a limit; ``str(err)`` says which, in Chinese."""


_NUMBER = re.compile(r"\d+")
_FORMATS = ("format", "format_map")


def check_binop(operator: str, left: object, right: object, limits: TemplateLimits = LIMITS) -> None:
    """Refuse a repetition, power or %-format whose result would pass ``max_chars``."""
    if operator == "*":
        _check_repeat(left, right, limits)
        _check_repeat(right, left, limits)
    elif operator == "**" and isinstance(left, int) and isinstance(right, int) and right > 0:
        if abs(left) > 1 and right * abs(left).bit_length() > 8 * limits.max_chars:
            raise TooLarge(f"乘方 {left} ** {right} 的结果太大")
    elif operator == "%" and isinstance(left, str):
        check_widths(left, limits)


def _check_repeat(sequence: object, times: object, limits: TemplateLimits) -> None:
    """``sequence * times`` for a string, list or tuple must stay within ``max_chars`` items."""
    sized = isinstance(sequence, str | list | tuple) and isinstance(times, int)
    if sized and len(sequence) * times > limits.max_chars:
        raise TooLarge(f"重复 {times} 次会得到 {len(sequence) * times} 个字符（或元素）")


def check_widths(text: str, limits: TemplateLimits = LIMITS) -> None:
    """A format string ('%300000000d', '{:>300000000}') may not pad beyond ``max_chars``."""
    if any(int(n) > limits.max_chars for n in _NUMBER.findall(text) if len(n) > 6):
        raise TooLarge("格式中的宽度太大")


def check_call(target: object, args: tuple, kwargs: dict, limits: TemplateLimits = LIMITS) -> None:
    """A method call: no number over ``max_chars`` (a width, a count), no format string padding
    that far, no replacement that would grow a text past it."""
    check_numbers(args, kwargs, limits)
    owner = getattr(target, "__self__", None)
    if owner is None and getattr(target, "__name__", "") in _FORMATS:  # str.format, as the sandbox wraps it
        owner = getattr(getattr(target, "__wrapped__", None), "__self__", None)
    if isinstance(owner, str):
        check_widths(owner, limits)
        if getattr(target, "__name__", "") == "replace":
            check_replace(owner, args, limits)


def check_filter(
    name: str, value: object, args: tuple, kwargs: dict, limits: TemplateLimits = LIMITS
) -> None:
    """A filter: the rules of a method call, ``value`` being the text it works on (``format`` pads,
    ``replace`` and ``indent`` grow it)."""
    check_numbers(args, kwargs, limits)
    if not isinstance(value, str):
        return
    if name == "format":
        check_widths(value, limits)
    elif name == "replace":
        check_replace(value, args, limits)
    elif name == "indent":
        width = args[0] if args else kwargs.get("width", 4)
        pad = width if isinstance(width, str) else " " * int(width)
        check_replace(value, ("\n", "\n" + pad), limits)


def check_numbers(args: tuple, kwargs: dict, limits: TemplateLimits = LIMITS) -> None:
    """No argument a number over ``max_chars``: a width, a count, a repetition."""
    for values in (args, kwargs.values() if kwargs else ()):
        for v in values:
            if isinstance(v, int | float) and abs(v) > limits.max_chars:
                raise TooLarge("参数中的数字太大")


def check_replace(text: str, args: tuple, limits: TemplateLimits = LIMITS) -> None:
    """``text.replace(old, new)`` at its largest must stay within ``max_chars``."""
    if len(args) >= 2 and isinstance(args[0], str) and isinstance(args[1], str):
        times = len(text) // max(len(args[0]), 1) + 1
        if len(text) + times * len(args[1]) > limits.max_chars:
            raise TooLarge("替换后的文字太长")


def count_steps(steps: list[int], n: int, limits: TemplateLimits = LIMITS) -> None:
    """Add a ``range()`` of ``n`` items to a rendering's ``steps``; refuse past ``max_steps``."""
    steps[0] += max(0, n)
    if steps[0] > limits.max_steps:
        raise TooLarge(f"循环次数超过 {limits.max_steps} 次")


def check_output(size: int, limits: TemplateLimits = LIMITS) -> None:
    """The text written so far must stay within ``max_chars``."""
    if size > limits.max_chars:
        raise TooLarge(f"生成的文字超过 {limits.max_chars} 个字符")
