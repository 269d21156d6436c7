"""Command line: ``python generate.py …`` (Typer + Rich). Every message is Chinese.

Exit status: 0 success, 1 some inputs failed (the rest done), 2 usage error.
Heavy stages are imported inside the commands so ``--help`` and a single generation
start quickly.
"""

from __future__ import annotations

import contextlib
import inspect
import json
import math
import re
import sys
from pathlib import Path
from typing import Annotated

import typer

from .config import CORPUS_DIR, KINDS, OUTPUT_DIR
from .errors import InputError, ProfileError, UsageError, WengaoError

app = typer.Typer(
    help="文稿（wengao）：从素材库生成学校工作计划、讲话稿、工作总结、实施方案和工作汇报（GB/T 9704 格式）。",
    add_completion=False,
    no_args_is_help=True,
    rich_markup_mode=None,
    pretty_exceptions_enable=False,
    context_settings={"help_option_names": ["-h", "--help"]},
)
corpus_app = typer.Typer(help="查看和检查素材库。", no_args_is_help=True, rich_markup_mode=None)
app.add_typer(corpus_app, name="corpus")

CorpusOpt = Annotated[
    Path, typer.Option("--corpus", help="素材库目录（默认为项目自带的 corpus/）。", show_default=False)
]


def _a_folder(value: Path | None) -> Path | None:
    """A --templates folder must exist: a mistyped one would silently leave the built-in templates."""
    if value is not None and not value.is_dir():
        what = "不是文件夹" if value.exists() else "不存在"
        raise typer.BadParameter(f"模板目录“{value}”{what}，请检查路径（不加 --templates 则用内置模板）。")
    return value


def _a_number(value: float | None) -> float | None:
    """``nan`` passes a range check (it compares false to everything): refuse it here."""
    if value is not None and not math.isfinite(value):
        raise typer.BadParameter("应为 1 到 180 之间的数字（分钟）。")
    return value


TemplatesOpt = Annotated[
    Path | None, typer.Option("--templates", help="自定义模板目录。", callback=_a_folder)
]


def _console():
    from rich.console import Console

    return Console(highlight=False, soft_wrap=True)


def _fail(message: str, code: int = 1) -> None:
    """Print a Chinese error to stderr and exit with ``code``."""
    from rich.console import Console

    Console(stderr=True, highlight=False, soft_wrap=True).print(f"[red]错误：[/red]{message}")
    raise typer.Exit(code)


# ---------------------------------------------------------------- ingest


@app.command(help="导入原始文档（.txt .docx .md .pdf .doc .wps .html，或包含它们的文件夹）到素材库。")
def ingest(
    paths: Annotated[list[Path], typer.Argument(help="要导入的文件或文件夹。", readable=False)],
    corpus: CorpusOpt = CORPUS_DIR,
) -> None:
    from . import pipeline

    console = _console()
    try:
        with _ingest_progress(console, "正在导入") as show:
            result = pipeline.ingest(paths, corpus, progress=show, on_wait=console.print)
    except WengaoError as err:
        _fail(str(err))
    for name in result.added:
        console.print(f"[green]已导入[/green] {name}")
    for name in result.unchanged:
        console.print(f"未变化，跳过 {name}（已在素材库中）")
    for message in result.skipped:
        console.print(f"跳过 {message}")
    for message in result.errors:
        console.print(f"[red]失败[/red] {message}")
    console.print(f"素材库共 {result.sections} 个段落节：{corpus}")
    if result.errors:
        raise typer.Exit(1)


@contextlib.contextmanager
def _ingest_progress(console, verb: str):
    """A progress bar over all files, moving within a large file as its documents are done."""
    from rich.progress import BarColumn, Progress, TextColumn, TimeElapsedColumn

    columns = (TextColumn("{task.description}"), BarColumn(), TextColumn("{task.percentage:>3.0f}%"))
    with Progress(*columns, TimeElapsedColumn(), console=console) as bar:
        task = bar.add_task(verb, total=1.0)

        def show(p) -> None:
            described = f"{verb} {p.file}/{p.files} {p.path.name}"
            bar.update(task, completed=(p.file - 1 + p.done) / p.files, description=described)

        yield show


# ---------------------------------------------------------------- corpus


def _load(corpus: Path):
    from . import store

    if not store.exists(corpus):
        _fail(f"目录“{corpus}”中没有素材库，请先运行 python generate.py ingest 文件… --corpus {corpus}", 1)
    try:
        return store.load(corpus)
    except WengaoError as err:
        _fail(str(err))


@corpus_app.command("stats", help="素材库统计：来源、文章、段落节、作用和主题分布。")
def corpus_stats(corpus: CorpusOpt = CORPUS_DIR) -> None:
    from . import store

    console = _console()
    for key, value in store.stats(_load(corpus)).items():
        if isinstance(value, dict):
            value = "，".join(f"{k} {v}" for k, v in value.items())
        console.print(f"[bold]{key}[/bold]：{value}")


@corpus_app.command("list", help="列出段落节：编号、作用、主题和标题。")
def corpus_list(corpus: CorpusOpt = CORPUS_DIR) -> None:
    _print_sections(_load(corpus).sections)


def _print_sections(sections) -> None:
    from .config import ROLES

    for s in sections:
        mark = "" if s.reusable else "（不可复用）"
        title = s.heading or s.text.replace("\n", " ")[:30] or "（分组）"
        print(f"{s.id}\t{ROLES.get(s.role, s.role)}\t{'、'.join(s.topics)}\t{title}{mark}")


@corpus_app.command("search", help="按关键词查找段落节（可按作用、主题筛选）。")
def corpus_search(
    query: Annotated[str, typer.Argument(help="关键词，多个词用空格分隔。")],
    role: Annotated[str, typer.Option(help="只看此作用，例如 measures。")] = "",
    topic: Annotated[str, typer.Option(help="只看此主题，例如 食堂。")] = "",
    corpus: CorpusOpt = CORPUS_DIR,
) -> None:
    from . import store

    hits = store.search(_load(corpus), query, role=role, topic=topic)
    _print_sections(hits)
    _console().print(f"共找到 {len(hits)} 个段落节。")


@corpus_app.command("show", help="显示一个段落节的全部内容和来源。")
def corpus_show(
    section_id: Annotated[str, typer.Argument(metavar="ID", help="段落节编号。")],
    corpus: CorpusOpt = CORPUS_DIR,
) -> None:
    from . import store

    c = _load(corpus)
    section = c.by_id().get(section_id)
    if section is None:
        _fail(f"没有编号为“{section_id}”的段落节，可用 corpus list 或 corpus search 查找编号。")
    row = next(r for r in store.export(Corpus_one(section)))
    _console().print_json(json.dumps(row, ensure_ascii=False))


def Corpus_one(section):  # noqa: N802 - tiny adapter, reads like a constructor
    from .model import Corpus

    return Corpus(sections=[section])


@corpus_app.command(
    "rebuild", help="按 corpus/sources/ 中的原始文件重新生成整个素材库（清洗规则更新后使用）。"
)
def corpus_rebuild(corpus: CorpusOpt = CORPUS_DIR) -> None:
    from . import pipeline

    console = _console()
    try:
        with _ingest_progress(console, "正在重建") as show:
            result = pipeline.rebuild(corpus, progress=show, on_wait=console.print)
    except WengaoError as err:
        _fail(str(err))
    for message in result.errors:
        console.print(f"[red]失败[/red] {message}")
    console.print(f"素材库已重建：{len(result.added)} 个来源文件，{result.sections} 个段落节。")
    if result.errors:
        raise typer.Exit(1)


@corpus_app.command("check", help="检查素材库的格式和一致性，并列出可能残留的人名、地名、机构名。")
def corpus_check(corpus: CorpusOpt = CORPUS_DIR) -> None:
    from . import store
    from .anonymize import possible_names

    loaded = _load(corpus)
    problems = store.check(loaded, corpus)
    for p in problems:
        _console().print(f"[red]问题[/red] {p}")
    _print_possible_names(possible_names(loaded.sections))
    if problems:
        raise typer.Exit(1)
    _console().print("[green]素材库检查通过。[/green]")


def _print_possible_names(found) -> None:
    """Words of reusable text that may still be names, for a person to look at (not an error)."""
    if not found:
        return
    console = _console()
    console.print(
        f"可能残留的人名、地名、机构名 {len(found)} 处（请人工确认；确是名称的，改写素材库文件或删去该节）："
    )
    for name in found:
        console.print(f"  {name.section}：{name.word}（{name.kind}）")


@corpus_app.command("export", help="以每行一个 JSON 对象的形式导出全部段落节。")
def corpus_export(corpus: CorpusOpt = CORPUS_DIR) -> None:
    from . import store

    out = sys.stdout
    for row in store.export(_load(corpus)):
        out.write(json.dumps(row, ensure_ascii=False) + "\n")


# ---------------------------------------------------------------- generate


def split_topics(text: str) -> list[str]:
    """Topics as users type them: 食堂,安全 / 食堂，安全 / 食堂、安全 / 食堂 安全."""
    return [t for t in re.split(r"[,，、;；\s]+", text or "") if t]


def _generate(
    kind: str,
    given: dict[str, str],
    profile: Path | None,
    topics: str,
    chars: int | None,
    minutes: float | None,
    seed: int,
    out: Path,
    formats: str,
    corpus: Path,
    templates: Path | None,
) -> None:
    """Build the request (``given``: profile fields from options), generate, write the files and
    say where they are."""
    from . import pipeline
    from .model import Request
    from .profile import load_profile_file, make_profile

    if chars is not None and minutes is not None:
        _fail("--chars 和 --minutes 只能选一个。", 2)
    fmt = _formats(formats)
    try:
        values = load_profile_file(profile) if profile else {}
        values.update({k: v for k, v in given.items() if v})  # the command line's options win
        prof = make_profile(values)
        if not prof.get("学校名称"):
            raise UsageError("请用 --school 指定学校名称，或在 --profile 文件中填写“学校名称”。")
        request = Request(kind, prof, split_topics(topics), chars, minutes, seed)
        doc = pipeline.generate(request, _load(corpus), templates)
        written = _write(doc, out, fmt)
    except UsageError as err:
        _fail(str(err), 2)
    except (ProfileError, InputError, WengaoError) as err:
        _fail(str(err), 1)
    _report(doc, written)


def _write(doc, out: Path, fmt: tuple[str, ...]) -> list[Path]:
    """Write the document's files; an output folder that cannot be written is a usage error."""
    from . import pipeline
    from .fsutil import os_reason

    try:
        return pipeline.write_outputs(doc, out, fmt)
    except OSError as err:
        raise UsageError(f"无法写入输出目录“{out}”：{os_reason(err)}。请换一个目录（--out）。") from err


def _formats(text: str) -> tuple[str, ...]:
    from .pipeline import FORMATS

    wanted = tuple(f.strip().lower().lstrip(".") for f in split_topics(text))
    bad = [f for f in wanted if f not in FORMATS]
    if bad or not wanted:
        _fail(f"不支持的输出格式：{'、'.join(bad) or '（空）'}。可选：docx、md、html。", 2)
    return wanted


def _report(doc, written: list[Path]) -> None:
    console = _console()
    console.print(f"[green]已生成[/green]《{doc.title}》：{doc.chars} 字，约 {doc.minutes} 分钟读完")
    for path in written:
        console.print(f"  {path}")
    for warning in doc.warnings:
        console.print(f"[yellow]提示：[/yellow]{warning}")
    if doc.findings:
        names = "、".join(dict.fromkeys(f["name"] for f in doc.findings))
        console.print(
            f"[yellow]文稿体检：[/yellow]发现 {len(doc.findings)} 处需要留意（{names}），"
            "详见同名 .json 中的 findings，或运行 python generate.py check 文件。"
        )
    else:
        console.print("文稿体检：未发现问题。")


def _register(kind: str, name: str) -> None:
    """One command per document kind, all with the same options (see _generate_command)."""
    app.command(kind, help=f"生成{name}。")(_generate_command(kind))


def _generate_command(kind: str):
    """The command that writes one document of ``kind`` (empty: the kind is its first argument)."""

    def command(
        school: Annotated[str, typer.Option("--school", help="学校名称。")] = "",
        profile: Annotated[
            Path | None,
            typer.Option("--profile", help="学校信息文件（YAML 或 JSON，中文字段名）。", readable=False),
        ] = None,
        period: Annotated[
            str, typer.Option("--period", help="文稿所讲的期间：学期、学年或年度（默认按文种和日期推断）。")
        ] = "",
        topics: Annotated[str, typer.Option("--topics", help="主题，逗号分隔，例如 食堂,安全。")] = "",
        chars: Annotated[int | None, typer.Option("--chars", min=200, max=50000, help="目标字数。")] = None,
        minutes: Annotated[
            float | None,
            typer.Option(
                "--minutes", min=1, max=180, callback=_a_number, help="讲话时长（分钟，每分钟约 220 字）。"
            ),
        ] = None,
        seed: Annotated[int, typer.Option("--seed", help="随机种子：相同种子生成相同文稿。")] = 0,
        out: Annotated[
            Path, typer.Option("--out", help="输出目录（默认为项目的 output/）。", show_default=False)
        ] = OUTPUT_DIR,
        formats: Annotated[
            str, typer.Option("--format", help="输出格式，逗号分隔：docx,md,html。")
        ] = "docx,md,html",
        corpus: CorpusOpt = CORPUS_DIR,
        templates: Annotated[
            Path | None,
            typer.Option("--templates", help="自定义模板目录（同名文种覆盖内置模板）。", callback=_a_folder),
        ] = None,
    ) -> None:
        given = {"学校名称": school, "期间": period}
        _generate(kind, given, profile, topics, chars, minutes, seed, out, formats, corpus, templates)

    return command


for _kind, _name in KINDS.items():
    _register(_kind, _name)


def _write_command():
    """``write KIND``: any kind, a custom one of --templates too. Its options are the kind
    commands' own: the signature Typer reads is theirs with the kind argument in front."""

    def write(kind: str, **options) -> None:
        _generate_command(kind)(**options)

    argument = Annotated[str, typer.Argument(help="文种，例如 plan，或 --templates 目录中自定义的文种名。")]
    first = inspect.Parameter("kind", inspect.Parameter.POSITIONAL_OR_KEYWORD, annotation=argument)
    rest = inspect.signature(_generate_command(""), eval_str=True).parameters.values()
    write.__signature__ = inspect.Signature([first, *rest])
    return write


app.command("write", help="按文种名生成文稿（也可用 --templates 目录中自定义的文种）。")(_write_command())


@app.command("templates", help="列出可用的文种模板及说明。")
def list_templates(
    templates: TemplatesOpt = None,
) -> None:
    from . import pipeline

    for kind, name, description in pipeline.list_kinds(templates):
        _console().print(f"[bold]{kind}[/bold]\t{name}\t{description}")


# ---------------------------------------------------------------- batch and web


_KIND_HELP = f"文种：{'、'.join(KINDS)}，或 --templates 目录中自定义的文种。"


@app.command(help="按花名册（.xlsx 或 .csv）为每所学校生成一份文稿。")
def batch(
    roster: Annotated[Path, typer.Argument(help="花名册文件（.xlsx / .csv）。", readable=False)],
    kind: Annotated[str, typer.Option("--kind", help=_KIND_HELP)] = "summary",
    jobs: Annotated[int | None, typer.Option("--jobs", min=1, help="并行进程数（默认为 CPU 核数）。")] = None,
    out: Annotated[
        Path, typer.Option("--out", help="输出目录（默认为项目的 output/）。", show_default=False)
    ] = OUTPUT_DIR,
    seed: Annotated[int, typer.Option("--seed", help="随机种子。")] = 0,
    force: Annotated[bool, typer.Option("--force", help="重新生成已完成的文稿。")] = False,
    zip_: Annotated[bool, typer.Option("--zip", help="把文稿和报告打包为 zip。")] = False,
    topics: Annotated[
        str, typer.Option("--topics", help="主题，逗号分隔（花名册某行填了“主题”则以该行为准）。")
    ] = "",
    chars: Annotated[
        int | None,
        typer.Option("--chars", min=200, max=50000, help="目标字数（某行填了“字数”则以该行为准）。"),
    ] = None,
    corpus: CorpusOpt = CORPUS_DIR,
    templates: TemplatesOpt = None,
) -> None:
    from .batch import BatchOptions
    from .cli_batch import run_cli

    options = BatchOptions(
        jobs=jobs,
        seed=seed,
        force=force,
        make_zip=zip_,
        topics=tuple(split_topics(topics)),
        chars=chars,
        corpus_dir=corpus,
        templates_dir=templates,
    )
    try:
        code = run_cli(roster, kind, out, options)
    except UsageError as err:
        _fail(str(err), 2)
    except WengaoError as err:
        _fail(str(err), 1)
    raise typer.Exit(code)


@app.command(
    "check",
    help="文稿体检：检查 .docx、.md 或 .txt 文稿（自己写的或本工具生成的）是否适合本校、句子是否完整、"
    "有无重复、错别字和过时提法，以及 GB/T 9704 格式。发现问题时退出状态为 1。",
)
def check_command(
    files: Annotated[list[Path], typer.Argument(help="要检查的文稿（.docx、.md、.txt）。", readable=False)],
    profile: Annotated[
        Path | None,
        typer.Option("--profile", help="学校信息文件；不给时按文稿中的校名判断学段等。", readable=False),
    ] = None,
    kind: Annotated[
        str, typer.Option("--kind", help="文种（speech/plan/summary/scheme/report）；不给时按标题判断。")
    ] = "",
    corpus: CorpusOpt = CORPUS_DIR,
) -> None:
    from . import check, pipeline
    from .profile import load_profile_file, make_profile

    if kind and kind not in KINDS:
        _fail(f"未知文种“{kind}”，可选：{'、'.join(KINDS)}。", 2)
    try:
        prof = make_profile(load_profile_file(profile)) if profile else None
        results = [pipeline.check_file(path, prof, kind, corpus) for path in files]
    except (ProfileError, InputError, WengaoError) as err:
        _fail(str(err), 1)
    for result in results:
        print(check.report_text(result.path.name, result.findings, result.chars))
    if any(r.findings for r in results):
        raise typer.Exit(1)


@app.command(help="启动本地网页版（默认只在本机 127.0.0.1 访问）。")
def serve(
    host: Annotated[str, typer.Option("--host", help="监听地址。")] = "127.0.0.1",
    port: Annotated[int, typer.Option("--port", min=1, max=65535, help="端口（1–65535）。")] = 8000,
    corpus: CorpusOpt = CORPUS_DIR,
) -> None:
    from .web import app as web_app

    web_app.serve(host=host, port=port, corpus_dir=corpus)


def main() -> None:
    _localise_click()
    app()


# Typer ships its own copy of click with English words written into the code; these are
# the phrases a user meets in help and error output, replaced where click prints them.
_CLICK_ZH = (
    ("\\[", "["),  # Typer escapes Rich markup in option help even with rich_markup_mode=None
    ("Usage: ", "用法："),
    ("Options:", "选项："),
    ("Commands:", "命令："),
    ("Arguments:", "参数："),
    ("Show this message and exit.", "显示帮助并退出。"),
    ("[default: ", "[默认："),
    ("[required]", "[必填]"),
    ("Invalid value for", "无效的值："),
    ("Input should be a valid integer", "应为整数"),
    ("Input should be a valid number", "应为数字"),
    ("unable to parse string as an integer", "无法解析为整数"),
    ("unable to parse string as a number", "无法解析为数字"),
    ("Missing argument", "缺少参数"),
    ("Missing option", "缺少选项"),
    ("No such option", "没有此选项"),
    ("No such command", "没有此命令"),
    ("Got unexpected extra argument", "多余的参数"),
    ("is not in the range", "不在允许范围"),
    ("does not exist", "不存在"),
    ("is not a valid integer range.", "不是有效的整数。"),
    ("is not a valid float range.", "不是有效的数字。"),
    ("is not a valid integer.", "不是有效的整数。"),
    ("is not a valid float.", "不是有效的数字。"),
    ("Did you mean", "是否想用"),
    ("Missing command.", "缺少命令。"),
)


def zh(text: str) -> str:
    """Translate click's English phrases in ``text``."""
    for en, cn in _CLICK_ZH:
        text = text.replace(en, cn)
    return text


def _localise_click() -> None:
    """Make help and usage errors Chinese by wrapping where click formats them."""
    try:  # Typer ≥ 0.20 carries its own copy of click
        from typer._click import core, exceptions
        from typer._click.utils import echo
    except ImportError:
        from click import core, exceptions
        from click.utils import echo

    def show_usage_error(self, file=None) -> None:
        if self.ctx is not None:
            echo(zh(self.ctx.get_usage()) + f"\n运行 '{self.ctx.command_path} -h' 查看帮助。\n", err=True)
        echo("错误：" + zh(self.format_message()), err=True)

    def show_error(self, file=None) -> None:
        echo("错误：" + zh(self.format_message()), err=True)

    help_of = core.Command.get_help
    core.Command.get_help = lambda self, ctx: zh(help_of(self, ctx))
    exceptions.UsageError.show = show_usage_error
    exceptions.ClickException.show = show_error
