"""Old Word (.doc) and WPS (.wps) files: converted to .docx by LibreOffice, then read as Word.

Both are binary formats no Python library reads well; LibreOffice's headless converter does.
It is optional: without it, such a file gets a Chinese message saying how to convert it by hand.
Each conversion uses its own LibreOffice profile folder, so it neither waits for nor disturbs a
LibreOffice the user has open.
"""

from __future__ import annotations

import shutil
import subprocess
import tempfile
from pathlib import Path

from ..errors import InputError
from .settings import SETTINGS
from .word import read_docx


def libreoffice() -> str | None:
    """The LibreOffice program on this machine, or None."""
    return shutil.which("soffice") or shutil.which("libreoffice")


def read_office(path: Path) -> str:
    """The text of a .doc or .wps file, through a .docx made by LibreOffice."""
    program = libreoffice()
    if program is None:
        raise InputError(_no_libreoffice_message(path))
    with tempfile.TemporaryDirectory(prefix="wengao-convert-") as tmp:
        converted = _convert(program, path, Path(tmp))
        return read_docx(converted)


def _convert(program: str, path: Path, tmp: Path) -> Path:
    """Run LibreOffice headless to write ``path`` as .docx into ``tmp``; the .docx written."""
    profile = (tmp / "profile").as_uri()
    command = [program, f"-env:UserInstallation={profile}", "--headless", "--convert-to", "docx"]
    try:
        subprocess.run(
            [*command, "--outdir", str(tmp), str(path)],
            capture_output=True,
            timeout=SETTINGS.convert_timeout,
            check=False,
        )
    except subprocess.TimeoutExpired as err:
        raise InputError(f"转换“{path.name}”超时，请用 Word 或 WPS 打开它另存为 .docx 后再导入。") from err
    converted = tmp / f"{path.stem}.docx"
    if not converted.is_file():
        raise InputError(
            f"LibreOffice 无法转换“{path.name}”（文件可能已损坏或加了密码）。"
            "请用 Word 或 WPS 打开它，另存为 .docx 后再导入。"
        )
    return converted


def _no_libreoffice_message(path: Path) -> str:
    """How to convert an old Word or WPS file when LibreOffice is not installed."""
    kind = "WPS 文字" if path.suffix.lower() == ".wps" else "旧版 Word"
    return (
        f"“{path.name}”是{kind}文件，需要 LibreOffice 才能转换，本机没有安装。"
        "请用 Word 或 WPS 打开它，“另存为”.docx 文件后再导入；"
        "或者安装 LibreOffice（例如 sudo apt-get install libreoffice-writer）后重新导入。"
    )
