"""Plain text files: their bytes decoded (BOM, UTF-8, GBK/GB18030, UTF-16) and checked.

Notepad saves GBK or UTF-16, newer editors UTF-8 with or without a BOM; a file that is really
binary or in another encoding is refused with a Chinese message saying what to do.  Line i of
the decoded text is line i of the file, so later stages can cite source lines.
"""

from __future__ import annotations

import re
from pathlib import Path

from ..errors import InputError

# The encodings a school office's files come in; charset-normalizer chooses among these only,
# so a short GBK file is not mistaken for Korean or Big5.
ENCODINGS = ["utf_8", "gb18030", "utf_16_le", "utf_16_be"]

_BOMS = ((b"\xef\xbb\xbf", "utf-8-sig"), (b"\xff\xfe", "utf-16"), (b"\xfe\xff", "utf-16"))

_MAGIC = (
    b"\x89PNG",
    b"\xff\xd8\xff",
    b"GIF8",
    b"%PDF",
    b"PK\x03\x04",
    b"\xd0\xcf\x11\xe0",
    b"\x7fELF",
    b"MZ",
    b"\x1f\x8b",
    b"Rar!",
    b"7z\xbc\xaf",
)

# Line separators other than "\n" that str.splitlines() honours; made "\n" so that every stage
# counts lines the same way.
_LINE_SEPS = re.compile("\r\n|[\r\x0b\x0c\x1c\x1d\x1e\x85\u2028\u2029]")


def read_bytes(path: Path) -> bytes:
    """The file's bytes, with the usual reasons a file cannot be opened said in Chinese."""
    if not path.exists():
        raise InputError(f"文件“{path}”不存在，请检查路径是否写对。")
    if path.is_dir():
        raise InputError(f"“{path}”是文件夹，不是文件；要导入整个文件夹，请直接把文件夹交给 ingest。")
    try:
        data = path.read_bytes()
    except OSError as err:
        raise InputError(
            f"无法读取文件“{path.name}”（{err.strerror or err}），请检查文件权限后重试。"
        ) from err
    if not data:
        raise InputError(f"文件“{path.name}”是空文件，没有可导入的内容，请检查文件是否保存完整。")
    return data


def decode(data: bytes, path: Path) -> tuple[str, str]:
    """Detect the encoding (BOM, strict UTF-8, then charset-normalizer) and decode."""
    if any(data.startswith(magic) for magic in _MAGIC):
        raise InputError(binary_message(path))
    text, encoding = _decode_bom(data) or _decode_utf8(data) or _decode_detected(data, path)
    _check_text(text, data, path)
    return normalize_newlines(text), encoding


def _decode_bom(data: bytes) -> tuple[str, str] | None:
    """A byte-order mark names the encoding exactly."""
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            return data.decode(encoding), encoding
    return None


def _decode_utf8(data: bytes) -> tuple[str, str] | None:
    """Valid UTF-8 is (practically) never anything else, and checking it is cheap."""
    try:
        return data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError:
        return None


def _decode_detected(data: bytes, path: Path) -> tuple[str, str]:
    """Let charset-normalizer choose among the supported encodings (GBK/GB18030, UTF-16)."""
    from charset_normalizer import from_bytes

    match = from_bytes(data, cp_isolation=ENCODINGS).best()
    if match is None:
        raise InputError(binary_message(path) if _has_controls(data) else _encoding_message(path))
    return str(match), match.encoding.replace("_", "-")


def _check_text(text: str, data: bytes, path: Path) -> None:
    """Reject decoded text that is really binary data or a wrong guess of the encoding."""
    if "\x00" in text or _control_share(text) > 0.01:
        raise InputError(binary_message(path))
    if _plausible_share(text) < 0.85:
        raise InputError(binary_message(path) if _has_controls(data) else _encoding_message(path))


def _has_controls(data: bytes) -> bool:
    """NUL or other control bytes: the mark of a binary file (Chinese text has none)."""
    sample = data[:4096]
    return b"\x00" in sample or sum(b < 9 or 13 < b < 32 for b in sample) > len(sample) // 100


def _control_share(text: str) -> float:
    """Share of control characters other than tab, newline and carriage return."""
    bad = sum(1 for ch in text if ord(ch) < 32 and ch not in "\t\n\r\x0b\x0c")
    return bad / max(len(text), 1)


# The characters a Chinese document is made of: ASCII, Latin, punctuation, symbols, CJK, full width.
_PLAUSIBLE = re.compile(
    "[\u0020-\u007e\u00a0-\u024f\u2000-\u206f\u2100-\u27bf\u3000-\u303f\u3100-\u312f"
    "\u3400-\u4dbf\u4e00-\u9fff\ue000-\ue0ff\uff00-\uffef]"
)


def _plausible_share(text: str) -> float:
    """Share of characters a Chinese document is made of; a wrong decoding scores low."""
    sample = "".join(text[:20000].split())
    return len(_PLAUSIBLE.findall(sample)) / len(sample) if sample else 1.0


def binary_message(path: Path) -> str:
    """Chinese message for a file that is not text at all."""
    return (
        f"文件“{path.name}”看起来是二进制文件（如图片、压缩包、旧版 Word），不是文本，无法读取。"
        "请把内容另存为 .txt（UTF-8）或 .docx 后再导入。"
    )


def _encoding_message(path: Path) -> str:
    """Chinese message for text in an encoding we do not read."""
    return (
        f"文件“{path.name}”无法识别编码（支持 UTF-8、GBK/GB18030、UTF-16）。"
        "请用记事本打开，另存为“UTF-8”编码后再导入。"
    )


def normalize_newlines(text: str) -> str:
    """Every line break becomes "\\n", so line numbers agree with str.split("\\n")."""
    return _LINE_SEPS.sub("\n", text)
