"""The check's report in Chinese: one block per finding, and a one-line summary."""

from __future__ import annotations

from collections import Counter

from .findings import Finding


def report_text(name: str, findings: list[Finding], chars: int = 0) -> str:
    """The report for one document: its name, a summary line, then each finding."""
    lines = [f"【{name}】{summary_line(findings, chars)}"]
    for f in findings:
        where = f"第 {f.index} 段" if f.index else "全文"
        if f.heading:
            where += f"（{f.heading}）"
        lines.append(f"  · {f.name}｜{where}")
        if f.quote:
            lines.append(f"    原文：{f.quote}")
        lines.append(f"    建议：{f.fix}")
    return "\n".join(lines)


def summary_line(findings: list[Finding], chars: int = 0) -> str:
    """未发现问题 / 发现 N 处问题（每千字 x 处）：规则 n、…"""
    if not findings:
        return "未发现问题。"
    counts = Counter(f.name for f in findings)
    rate = f"，每千字 {len(findings) * 1000 / chars:.1f} 处" if chars else ""
    return (
        f"发现 {len(findings)} 处问题{rate}：" + "、".join(f"{k} {v}" for k, v in counts.most_common()) + "。"
    )
