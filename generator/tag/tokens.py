"""Search tokens: the words BM25 ranks a section by."""

from __future__ import annotations

import re
import sys

_WORDY = re.compile(r"[\w\u3400-\u9fff]")
_ALL_DIGITS = re.compile(r"^[\d.,%]+$")

_STOP_TEXT = (
    "的 地 得 了 着 过 和 与 及 以及 或 或者 等 等等 是 在 为 为了 对 对于 把 被 将 要 也 都 就 又 还 而 "
    "并 并且 且 之 其 该 这 那 这些 那些 这个 那个 这样 那样 这种 此 我 我们 你 你们 他 他们 她 它 它们 "
    "大家 自己 各 每 一 一个 一些 有 有的 没有 不 没 很 更 最 非常 十分 能 能够 可 可以 会 应 应该 应当 如 "
    "如果 因为 所以 但 但是 因此 由于 通过 从 向 到 于 以 让 使 给 上 下 中 里 内 外 时 后 前 之一 方面 "
    "进行 已经 已 个 们 所 则 即 再 着 啊 吧 呢 吗 同志 同志们 好 些 做 个 项 者 来 去 下来 起来 其中 以及 "
    "还要 一是 二是 三是 四是 五是 首先 其次 第一 第二 第三"
)
_STOP_WORDS = frozenset(_STOP_TEXT.split())


def search_tokens(words: list[str], freq: dict[str, int]) -> list[str]:
    """BM25 tokens: words and their dictionary sub-words (as jieba's search mode), no stop words."""
    out: list[str] = []
    for word in words:
        w = word.strip().lower()
        if not w or w in _STOP_WORDS or not _WORDY.search(w) or _ALL_DIGITS.match(w):
            continue
        out.extend(_sub_words(w, freq))
        out.append(sys.intern(w))  # one string per distinct word: a corpus holds millions of tokens
    return out


def _sub_words(word: str, freq: dict[str, int]) -> list[str]:
    """2- and 3-character dictionary words inside a longer word (食品安全 → 食品, 安全)."""
    subs: list[str] = []
    for n in (2, 3):
        if len(word) > n:
            subs.extend(
                sys.intern(g)
                for g in (word[i : i + n] for i in range(len(word) - n + 1))
                if freq.get(g) and g not in _STOP_WORDS
            )
    return subs
