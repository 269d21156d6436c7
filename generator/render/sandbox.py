"""The templates' Jinja2 environment: the sandbox, StrictUndefined, one environment per search path.

Corpus and profile text reach a template only as data (strings it prints), so ``{{ 7*7 }}``
inside a paragraph is printed as it is; a template that reaches for Python internals is
stopped by the sandbox. Every template fault becomes a Chinese usage error naming the file.
"""

from __future__ import annotations

import threading
from dataclasses import fields as dataclass_fields
from pathlib import Path

from jinja2 import (
    FileSystemBytecodeCache,
    FileSystemLoader,
    StrictUndefined,
    TemplateError,
    TemplateNotFound,
    TemplateSyntaxError,
)
from jinja2.environment import TemplateModule
from jinja2.exceptions import SecurityError
from jinja2.runtime import Context, Macro
from jinja2.sandbox import SandboxedEnvironment

from ..errors import UsageError, WengaoError
from ..model import Recipe
from .context import Term, TopicInfo
from .sections import Group, Item

COMMON = "_common"  # the folder of macros shared by all kinds, in each templates folder

# Fields templates read through the sandbox's fast path (plain data; none starts with "_").
_PLAIN_FIELDS: dict[type, frozenset[str]] = {
    cls: frozenset(f.name for f in dataclass_fields(cls)) for cls in (Item, Group, Term, TopicInfo)
}


class _Sandbox(SandboxedEnvironment):
    """Jinja2's sandbox with fast paths for what our templates touch most (about 250 times a
    document): fields of our own frozen data classes, profile fields (``p.学校名称``), the
    imported macros (``m.part``) and calls of macros. Each gives the answer the full checks
    give: such fields hold plain data (text, numbers, tuples of our classes), a dict's key is
    what the sandbox returns once ``getattr`` fails, a macro is never unsafe and is called
    with the eval context, as ``Context.call`` does. Everything else takes the full checks."""

    def getattr(self, obj: object, attribute: str) -> object:
        """An attribute as the sandbox would give it, our plain data without the full checks."""
        kind = type(obj)
        if attribute in _PLAIN_FIELDS.get(kind, ()):
            return getattr(obj, attribute)
        if kind is dict and attribute in obj and not hasattr(dict, attribute):
            return obj[attribute]  # type: ignore[index]
        if kind is TemplateModule and attribute[:1] != "_":
            value = obj.__dict__.get(attribute)
            if type(value) is Macro:
                return value
        return super().getattr(obj, attribute)

    def is_safe_callable(self, obj: object) -> bool:
        """A template's own macro is always safe to call."""
        return type(obj) is Macro or super().is_safe_callable(obj)

    def call(self, context: Context, obj: object, /, *args: object, **kwargs: object) -> object:
        """Call a macro directly with the eval context; anything else through the sandbox."""
        if type(obj) is not Macro:
            return super().call(context, obj, *args, **kwargs)
        kwargs.pop("_loop_vars", None)  # what Context.call drops: a macro does not take them
        kwargs.pop("_block_vars", None)
        try:
            return obj(context.eval_ctx, *args, **kwargs)
        except StopIteration:
            return self.undefined("value was undefined because a callable raised a StopIteration exception")


_ENVS: dict[tuple[str, ...], SandboxedEnvironment] = {}
_ENV_LOCK = threading.Lock()


def _environment(search: tuple[str, ...]) -> SandboxedEnvironment:
    """One sandboxed environment per search path, so compiled templates are reused."""
    with _ENV_LOCK:
        if search not in _ENVS:
            _ENVS[search] = _Sandbox(
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
        return FileSystemBytecodeCache()
    except (OSError, RuntimeError):
        return None


def run_template(recipe: Recipe, dirs: list[Path], context: dict) -> str:
    """Render the kind's template; template faults become Chinese usage errors naming the file."""
    folder = Path(recipe.folder)
    common = [str(Path(d) / COMMON) for d in dirs if (Path(d) / COMMON).is_dir()]
    path = folder / recipe.template
    try:
        return _environment((str(folder), *common)).get_template(recipe.template).render(context)
    except WengaoError:
        raise
    except SecurityError as err:
        raise UsageError(f"模板“{path}”试图访问不允许的内容，已被沙箱拦截（{err}）。") from err
    except TemplateNotFound as err:
        raise UsageError(f"找不到模板文件“{err.name}”（文种“{recipe.kind}”，目录“{folder}”）。") from err
    except TemplateSyntaxError as err:
        raise UsageError(f"模板“{err.filename or path}”第 {err.lineno} 行有语法错误：{err.message}") from err
    except (TemplateError, TypeError, ValueError, AttributeError, KeyError, IndexError) as err:
        raise UsageError(f"模板“{path}”运行出错：{err}。请检查模板中使用的变量和栏目名。") from err
