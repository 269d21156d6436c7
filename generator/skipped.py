"""What ingest leaves out of a folder it was given, said out loud (standard library only).

A folder handed to ingest may hold files the reader does not take: hidden files and the temporary
files office programs leave (``.DS_Store``, ``~$计划.docx``), and types it cannot read. Each is
named with the reason, so nobody wonders where a document went; a folder with nothing to read at
all is an error, as a file that cannot be read is.
"""

from __future__ import annotations

from pathlib import Path

_HIDDEN = (".", "~$")  # hidden files and folders; Word's and WPS's lock files while a file is open


def folder_notes(paths: list[Path], files: list[Path]) -> tuple[list[str], list[str]]:
    """(notes, errors): a note for every file inside the folders of ``paths`` that is not among the
    ``files`` to read; an error for every such folder with none of them."""
    chosen = {f.resolve() for f in files}
    notes: list[str] = []
    errors: list[str] = []
    for folder in (Path(p) for p in paths):
        if not folder.is_dir():
            continue
        inside = sorted(f for f in folder.rglob("*") if f.is_file())
        notes += [_reason(f, folder) for f in inside if f.resolve() not in chosen]
        if not any(f.resolve() in chosen for f in inside):
            errors.append(_empty(folder, inside))
    return notes, errors


def _reason(path: Path, folder: Path) -> str:
    """Why one file of a folder is not read."""
    if any(part.startswith(_HIDDEN) for part in path.relative_to(folder).parts):
        return f"“{path}”：隐藏文件或临时文件，不导入。"
    suffix = path.suffix.lower() or "（无扩展名）"
    return f"“{path}”：不能导入 {suffix} 类型的文件（可另存为 .docx 或 .txt 后再导入）。"


def _empty(folder: Path, inside: list[Path]) -> str:
    """The error for a folder that gave nothing to read."""
    what = "是空的" if not inside else "中没有可以导入的文稿"
    return f"文件夹“{folder}”{what}：请放入要导入的文稿（可导入的类型见 python generate.py ingest -h）。"
