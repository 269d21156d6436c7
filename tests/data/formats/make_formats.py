"""Write the Word, PDF and old Word files of this folder from 讲话.txt (needs LibreOffice).

    .venv/bin/python tests/data/formats/make_formats.py

The .docx is written with python-docx, then LibreOffice headless converts it to .pdf and .doc;
the .wps is the .doc under another name (WPS Writer saves Word's binary format).  The files are
committed, so reading them needs no LibreOffice except for .doc and .wps, which are converted.
"""

from __future__ import annotations

import shutil
import subprocess
import tempfile
from pathlib import Path

import docx

HERE = Path(__file__).resolve().parent


def main() -> None:
    source = HERE / "讲话.txt"
    document = docx.Document()
    for line in source.read_text(encoding="utf-8").splitlines():
        document.add_paragraph(line)
    with tempfile.TemporaryDirectory() as tmp:
        word = Path(tmp) / "讲话.docx"
        document.save(word)
        for kind in ("pdf", "doc"):
            subprocess.run(
                ["soffice", "--headless", "--convert-to", kind, "--outdir", tmp, str(word)],
                check=True,
                capture_output=True,
            )
            shutil.copy(Path(tmp) / f"讲话.{kind}", HERE / f"讲话.{kind}")
    shutil.copy(HERE / "讲话.doc", HERE / "讲话.wps")


if __name__ == "__main__":
    main()
