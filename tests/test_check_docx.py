"""The Word format rules: the tool's own .docx passes, a plain Word document does not."""

from __future__ import annotations

import io

import docx

from generator import check, pipeline
from generator.model import Request
from generator.profile import make_profile


def test_a_generated_document_meets_the_format(tmp_path):
    corpus = pipeline.load_corpus()
    request = Request("plan", make_profile({"学校名称": "青禾县第二初级中学"}), ["食堂与饮食安全"], seed=1)
    written = pipeline.write_outputs(pipeline.generate(request, corpus), tmp_path, ("docx",))
    data = next(p for p in written if p.suffix == ".docx").read_bytes()
    assert check.check_docx(data) == []


def test_a_plain_word_document_is_told_what_to_fix():
    document = docx.Document()
    document.add_paragraph("青禾县第二初级中学后勤工作计划")
    document.add_paragraph("为做好本学期后勤工作，结合我校实际，制定本计划。")
    buffer = io.BytesIO()
    document.save(buffer)
    rules = {f.rule for f in check.check_docx(buffer.getvalue())}
    assert {"docx.margin", "docx.font", "docx.size", "docx.page_number", "docx.indent"} <= rules


def test_an_unreadable_file_is_one_finding():
    assert [f.rule for f in check.check_docx(b"not a zip")] == ["docx.unreadable"]
