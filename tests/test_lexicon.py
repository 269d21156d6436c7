"""The corpus's word lists: copy-edits applied with notes, and clear errors for a broken file."""

from __future__ import annotations

import pytest

from generator import lexicon
from generator.errors import CorpusError


def test_copy_edits_correct_typos_names_and_characters_with_a_note_each():
    edits = lexicon.copy_edits()
    text, notes = lexicon.apply_edits(
        "确保人生安全，建好材料帐，抓好学生宿舍〔公寓〕管理，文号〔2024〕7号。", edits
    )
    assert text == "确保人身安全，建好材料账，抓好学生宿舍（公寓）管理，文号〔2024〕7号。"
    assert len(notes) == 3


def test_titles_in_a_row_take_no_comma_between_them():
    text, notes = lexicon.apply_edits("执行《采购制度》、《维修制度》和《领用规定》。", lexicon.copy_edits())
    assert text == "执行《采购制度》《维修制度》和《领用规定》。" and notes == ["并列的书名号之间去掉顿号"]


def test_a_tent_keeps_its_character():
    assert lexicon.apply_edits("购置帐篷和蚊帐。", lexicon.copy_edits())[0] == "购置帐篷和蚊帐。"


def test_the_superseded_regulation_is_replaced_by_the_current_one():
    old = "要按照《教育部、卫生部关于学校食堂与学生集体用餐卫生管理规定》的要求"
    text, _ = lexicon.apply_edits(old, lexicon.copy_edits())
    assert "《学校食品安全与营养健康管理规定》" in text and "卫生部" not in text


def test_a_dated_formula_is_barred_with_its_reason():
    barred = lexicon.barred_in("在新农村建设中具有重要作用。", lexicon.copy_edits())
    assert barred.word == "新农村建设" and barred.reason


def test_a_corpus_folders_own_lists_are_used(tmp_path):
    (tmp_path / "copyedit.yaml").write_text("改正:\n  - {错: 青禾县, 正: 某县}\n", encoding="utf-8")
    assert lexicon.apply_edits("青禾县", lexicon.copy_edits(tmp_path))[0] == "某县"


def test_a_broken_list_names_the_file(tmp_path):
    (tmp_path / "fit.yaml").write_text("学段:\n  - 适用: [大学]\n    词: [本科]\n", encoding="utf-8")
    with pytest.raises(CorpusError, match="fit.yaml.*大学"):
        lexicon.fit_words(tmp_path)


def test_a_stage_has_its_own_words(tmp_path):
    (tmp_path / "fit.yaml").write_text(
        "用语:\n  幼儿园: [{原: 师生, 新: 师幼}, {原: 学生, 新: 幼儿}]\n", encoding="utf-8"
    )
    words = lexicon.fit_words(tmp_path)
    assert words.worded("关心师生生活，教育学生爱护公物", "幼儿园") == "关心师幼生活，教育幼儿爱护公物"
    assert words.worded("教育学生爱护公物", "小学") == "教育学生爱护公物"
    bad = tmp_path / "bad"
    bad.mkdir()
    (bad / "fit.yaml").write_text("用语:\n  幼儿园: 学生\n", encoding="utf-8")
    with pytest.raises(CorpusError, match="用语/幼儿园"):
        lexicon.fit_words(bad)
