"""A small batch checked whole on its rendered paragraphs, template sentences included."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace

from ..model import Outline
from .guard import Guard
from .overlap import OverlapIndex, Shared
from .phrasing import clash_bins, phrasing_apart

Render = Callable[[Outline], list[int]]  # an outline → the keys of its rendered body paragraphs


class ExactCheck:
    """The rows of a small batch's window checked on their rendered body paragraphs (which hold the
    template's sentences, as the outlines do not): each row over ``max_share`` is given another
    phrasing, else planned again, when that lowers its score (see score)."""

    def __init__(self, guard: Guard, render: Render) -> None:
        self.guard, self.render, self.settings = guard, render, guard.settings
        self.index = OverlapIndex()
        self.keys = [set(render(p.outline)) for p in guard.held]
        self.nums = [self.index.add(k) for k in self.keys]
        self.phrasings = {
            n: clash_bins(p.outline.phrasing) for n, p in zip(self.nums, guard.held, strict=True)
        }

    def score(self, shared: Shared) -> tuple[float, int]:
        """(largest share with another row, rows it shares more than ``max_share`` with): a move must
        lower it, so the batch's largest share never rises and the pairs over the limit get fewer."""
        return shared.largest()[0], len(shared.over(self.settings.max_share))

    def repair(self) -> None:
        """Rounds over the rows over the limit, worst first, until none improves or the budget ends."""
        budget = self.settings.exact_moves * len(self.keys)
        for _ in range(self.settings.exact_rounds):
            scores = [(self._score_of(i), i) for i in range(len(self.keys))]
            over = [t for t in scores if t[0][0] > self.settings.max_share]
            improved = False
            for _, i in sorted(over, key=lambda t: (-t[0][0], -t[0][1], t[1])):
                if budget <= 0:
                    return
                budget -= 1
                improved |= self._move(i)
            if not improved:
                return

    def _score_of(self, i: int) -> tuple[float, int]:
        return self.score(self.index.measure(self.keys[i], self.nums[i]))

    def _move(self, i: int) -> bool:
        """Another phrasing for row i, else another outline; whether its score fell."""
        before = self._score_of(i)
        if before[0] <= self.settings.max_share:
            return False
        planned = self.guard.held[i]
        self.index.remove(self.nums[i], self.keys[i])
        salt = planned.spec.request.seed + 7 * i + 1
        phrasing = phrasing_apart(self.index.measure(self.keys[i]), self.phrasings, salt)
        candidate = replace(planned.outline, phrasing=phrasing)
        if self._try(i, candidate, before):
            planned.outline = candidate
            self.guard.phrasings[planned.doc] = clash_bins(candidate.phrasing)
            return True
        for n in range(self.settings.exact_replans):
            first = 1 + n * self.settings.guard_tries  # other seeds each time
            if self.guard.replan(planned, before[0], judge=lambda o: self._try(i, o, before), first=first):
                return True
        self.index.restore(self.nums[i], self.keys[i])
        return False

    def _try(self, i: int, outline: Outline, before: tuple[float, int]) -> bool:
        """Render a candidate for row i (out of the index), phrased apart from the rows it shares
        most with; index it when its score is lower than ``before``."""
        keys = set(self.render(outline))
        shared = self.index.measure(keys)
        score = self.score(shared)
        phrasing = phrasing_apart(shared, self.phrasings, outline.request.seed + 7 * i + 3)
        if phrasing != outline.phrasing:
            rephrased = set(self.render(replace(outline, phrasing=phrasing)))
            if (again := self.score(self.index.measure(rephrased))) < score:
                outline.phrasing, keys, score = phrasing, rephrased, again
        if score >= before:
            return False
        self.keys[i], self.nums[i] = keys, self.index.add(keys)
        self.phrasings[self.nums[i]] = clash_bins(outline.phrasing)
        return True
