"""The templates' Jinja2 environment: the sandbox, StrictUndefined, one environment per search path.

Corpus and profile text reach a template only as data (strings it prints), so ``{{ 7*7 }}``
inside a paragraph is printed as it is; a template that reaches for Python internals is
stopped by the sandbox, one that would build or write more than a document ever needs by the
limits (``limits``). Every template fault becomes a Chinese usage error naming the file.
"""

from __future__ import annotations

import functools
import threading
from contextvars import ContextVar
from pathlib import Path

from jinja2 import (
    FileSystemBytecodeCache,
    FileSystemLoader,
    StrictUndefined,
    TemplateError,
    TemplateNotFound,
    TemplateSyntaxError,
)
from jinja2.exceptions import SecurityError
from jinja2.sandbox import SandboxedEnvironment, safe_range

from ..errors import UsageError, WengaoError
from ..model import Recipe
from .limits import (
    GROWING_FILTERS,
    TooLarge,
    check_binop,
    check_call,
    check_filter,
    check_output,
    count_steps,
)

COMMON = "_common"  # the folder of macros shared by all kinds, in each templates folder

_ENVS: dict[tuple[str, ...], SandboxedEnvironment] = {}
_ENV_LOCK = threading.Lock()
# Compiled code depends on the operators the environment intercepts, which Jinja2's cache key does
# not know: a cache of its own, renamed when LimitedEnvironment.intercepted_binops changes.
_CACHE_PATTERN = "__wengao_limited_%s.cache"
_STEPS: ContextVar[list[int] | None] = ContextVar("template_steps", default=None)  # this rendering's


class LimitedEnvironment(SandboxedEnvironment):
    """The sandbox, with every repetition, power, %-format, method call, filter and range()
    checked against the limits before it runs."""

    intercepted_binops = frozenset({"*", "**", "%"})

    def __init__(self, **options) -> None:
        super().__init__(**options)
        self.globals["range"] = _counted_range
        for name in GROWING_FILTERS & set(self.filters):
            self.filters[name] = _checked_filter(name, self.filters[name])

    def call_binop(self, context, operator: str, left, right):
        check_binop(operator, left, right)
        return super().call_binop(context, operator, left, right)

    def call(__self, __context, __obj, *args, **kwargs):  # noqa: N805 - Jinja2's own signature
        check_call(__obj, args, kwargs)
        return super().call(__context, __obj, *args, **kwargs)


def _counted_range(*args: int) -> range:
    """The sandbox's range(), its items counted against the rendering's step limit."""
    items = safe_range(*args)
    steps = _STEPS.get()
    if steps is not None:
        count_steps(steps, len(items))
    return items


def _checked_filter(name: str, function):
    """A filter that checks its arguments first (Jinja2's markers for context and environment,
    kept by functools.wraps, still apply)."""

    @functools.wraps(function)
    def checked(*args, **kwargs):
        value_at = 1 if getattr(function, "jinja_pass_arg", None) else 0
        check_filter(name, args[value_at] if len(args) > value_at else None, args[value_at + 1 :], kwargs)
        return function(*args, **kwargs)

    return checked


def _environment(search: tuple[str, ...]) -> SandboxedEnvironment:
    """One sandboxed environment per search path, so compiled templates are reused."""
    with _ENV_LOCK:
        if search not in _ENVS:
            _ENVS[search] = LimitedEnvironment(
                loader=FileSystemLoader(list(search), encoding="utf-8"),
                undefined=StrictUndefined,
                autoescape=False,
                trim_blocks=True,
                lstrip_blocks=True,
                keep_trailing_newline=True,
                bytecode_cache=_bytecode_cache(),
            )
        return _ENVS[search]


def _bytecode_cache() -> FileSystemBytecodeCache | None:
    """Compiled templates kept in the user's private temp folder: a cold start skips compiling."""
    try:
        return FileSystemBytecodeCache(pattern=_CACHE_PATTERN)
    except (OSError, RuntimeError):
        return None


def run_template(recipe: Recipe, dirs: list[Path], context: dict) -> str:
    """Render the kind's template; template faults become Chinese usage errors naming the file."""
    folder = Path(recipe.folder)
    common = [str(Path(d) / COMMON) for d in dirs if (Path(d) / COMMON).is_dir()]
    path = folder / recipe.template
    try:
        return _limited_render(_environment((str(folder), *common)).get_template(recipe.template), context)
    except WengaoError:
        raise
    except TooLarge as err:
        raise UsageError(
            f"模板“{path}”要生成的内容超出了上限（{err}），已停止：请检查模板中的乘法、循环和宽度。"
        ) from err
    except SecurityError as err:
        raise UsageError(f"模板“{path}”试图访问不允许的内容，已被沙箱拦截（{err}）。") from err
    except TemplateNotFound as err:
        raise UsageError(f"找不到模板文件“{err.name}”（文种“{recipe.kind}”，目录“{folder}”）。") from err
    except TemplateSyntaxError as err:
        raise UsageError(f"模板“{err.filename or path}”第 {err.lineno} 行有语法错误：{err.message}") from err
    except (TemplateError, TypeError, ValueError, AttributeError, LookupError, ArithmeticError) as err:
        raise UsageError(f"模板“{path}”运行出错：{err}。请检查模板中使用的变量和栏目名。") from err


def _limited_render(template, context: dict) -> str:
    """The template's text, its size counted as it is written and its loops as they start."""
    token = _STEPS.set([0])
    try:
        parts, size = [], 0
        for part in template.generate(context):
            size += len(part)
            check_output(size)
            parts.append(part)
        return "".join(parts)
    finally:
        _STEPS.reset(token)
