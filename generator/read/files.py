"""Which files to read: files and folders expanded to the supported files in them."""

from __future__ import annotations

from pathlib import Path

from .settings import SETTINGS


def collect(paths: list[Path]) -> tuple[list[Path], list[str]]:
    """Expand files and folders to the supported files in them, with a message per bad path."""
    files: list[Path] = []
    errors: list[str] = []
    for path in paths:
        path = Path(path)
        if path.is_dir():
            files.extend(_folder_files(path))
        elif not path.exists():
            errors.append(f"找不到“{path}”：文件或文件夹不存在，请检查路径是否写对。")
        elif path.suffix.lower() in SETTINGS.suffixes:
            files.append(path)
        else:
            errors.append(unsupported_message(path))
    return _unique(files), errors


def _folder_files(folder: Path) -> list[Path]:
    """Supported files under ``folder``, sorted, leaving out hidden files and folders."""
    found = []
    for path in sorted(folder.rglob("*")):
        hidden = any(part.startswith((".", "~$")) for part in path.relative_to(folder).parts)
        if not hidden and path.is_file() and path.suffix.lower() in SETTINGS.suffixes:
            found.append(path)
    return found


def unsupported_message(path: Path) -> str:
    """Say which types are accepted, with the usual fix for other office files."""
    suffix = path.suffix.lower() or "（无扩展名）"
    hint = (
        "请用 Word 或 WPS 打开后另存为 .docx 文件"
        if suffix in (".rtf", ".odt", ".et", ".dps")
        else "请另存为 .docx 或 .txt 文件"
    )
    return (
        f"不支持的文件类型 {suffix}：“{path}”。"
        f"只能导入 .txt、.docx、.doc、.wps、.pdf、.html、.md 文件，{hint}后再导入。"
    )


def _unique(files: list[Path]) -> list[Path]:
    """Drop a file named twice (by two arguments or a file inside a named folder)."""
    seen: set[Path] = set()
    out = []
    for path in files:
        key = path.resolve()
        if key not in seen:
            seen.add(key)
            out.append(path)
    return out
