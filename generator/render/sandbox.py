"""The templates' Jinja2 environment: the sandbox, StrictUndefined, one environment per search path.

Corpus and profile text reach a template only as data (strings it prints), so ``{{ 7*7 }}``
inside a paragraph is printed as it is; a template that reaches for Python internals is
stopped by the sandbox. Every template fault becomes a Chinese usage error naming the file.
"""

from __future__ import annotations

import threading
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
from jinja2.sandbox import SandboxedEnvironment

from ..errors import UsageError, WengaoError
from ..model import Recipe

COMMON = "_common"  # the folder of macros shared by all kinds, in each templates folder

_ENVS: dict[tuple[str, ...], SandboxedEnvironment] = {}
_ENV_LOCK = threading.Lock()


def _environment(search: tuple[str, ...]) -> SandboxedEnvironment:
    """One sandboxed environment per search path, so compiled templates are reused."""
    with _ENV_LOCK:
        if search not in _ENVS:
            _ENVS[search] = SandboxedEnvironment(
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
