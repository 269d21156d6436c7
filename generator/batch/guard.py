"""The re-planning guard: a batch's outlines are kept distinct while they are planned, in row order."""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass, field, replace

from ..errors import WengaoError
from ..model import Outline, Request
from ..selection import Spread
from .overlap import OverlapIndex, Shared, outline_keys
from .phrasing import clash_bins, phrasing_apart
from .roster import RowSpec
from .settings import BATCH, BatchSettings

PlanFn = Callable[[Request, Spread], Outline]


@dataclass
class Planned:
    """A planned row held in the guard's window: its outline, its number in the index and the
    spread, and its paragraph keys."""

    spec: RowSpec
    outline: Outline
    doc: int
    unique: set[int]
    seconds: float = 0.0


@dataclass
class Attempt:
    """The best plan of a row found so far: how much it shares, what it is, what the spread recorded."""

    share: float
    outline: Outline
    unique: set[int]
    keys: list[tuple[int, str]]  # (paragraph key, section id) of its paragraphs
    shared: Shared  # what it shares with the documents planned before it
    recorded: list[str]  # the keys selection recorded in the spread for it


@dataclass
class _Search:
    """Where a row's search for a distinct plan stands."""

    start: set[str]  # what the search leaves out from the first attempt on
    base: set[str]  # what the request itself leaves out
    shape: Outline | None  # the plan whose length and proportions every attempt must keep
    exclude: set[str] = field(default_factory=set)
    keep: set[str] = field(default_factory=set)  # sections nothing else can replace
    best: Attempt | None = None
    error: WengaoError | None = None

    def __post_init__(self) -> None:
        self.exclude = set(self.start)


class Guard:
    """Keeps a batch's outlines distinct while they are planned (parent process, row order).

    Rows are planned in order into a window (``window`` rows held back before rendering).
    When an outline shares more than ``limit`` of its paragraphs with another one, the row is
    planned again with another seed and without the sections it shares (a slot that would be
    left empty keeps its sections); the least overlapping attempt is kept. When the window is
    full, any row of it still over the limit may be planned again the same way, against every
    other row, earlier and later: the first rows of a batch choose freely, so without this the
    last ones would have nothing left to choose. Retries are budgeted (``guard_spare`` extra plans
    per row on average), so a corpus too small for the bound costs little time; once they stop
    paying, for good (only a retry rescues a row), rows leave as soon as they are planned when
    ``early``. Deterministic for a roster.
    """

    def __init__(
        self, plan_fn: PlanFn, window: int, early: bool = True, settings: BatchSettings = BATCH
    ) -> None:
        self.plan_fn, self.window, self.early, self.settings = plan_fn, window, early, settings
        self.limit = settings.guard_share
        self.index = OverlapIndex()
        self.spread = Spread()
        self.held: list[Planned] = []
        self.phrasings: dict[int, tuple[int, ...]] = {}  # document number → its phrasing's clash bins
        self.exact = False  # a small batch's check on rendered paragraphs at work (see exact.py)
        self.plans = 0  # plans made, first attempts included
        self.retried = 0  # rows planned more than once
        self.rescued = 0  # rows whose retry came within the limit

    def add(self, spec: RowSpec, seconds: float = 0.0) -> list[Planned]:
        """Plan a row into the window; return the rows that leave it (none until it is full)."""
        start = time.perf_counter()
        best = self._search(spec.request)
        self.spread.record(best.recorded)
        self._phrase(best)
        doc = self._index(best.outline, best.unique)
        self.held.append(Planned(spec, best.outline, doc, best.unique, seconds + _since(start)))
        # once retries stopped paying no row is planned again, and holding rows back only delays them
        return self.flush() if len(self.held) >= self.window or (self.early and not self._paying()) else []

    def flush(self, check: Callable[[Guard], None] | None = None) -> list[Planned]:
        """Plan the window's rows still over the limit again, let ``check`` look at the window
        (a small batch checks its rendered paragraphs), then release every row."""
        start = time.perf_counter()
        for _ in range(self.settings.repair_rounds):
            if not self._repair_round():
                break
        if check is not None and len(self.held) > 1:
            self.exact = True
            check(self)
            self.exact = False
        held, self.held = self.held, []
        for planned in held:
            planned.seconds += _since(start) / len(held)
        return held

    def _repair_round(self) -> bool:
        """One pass over the window's rows over the limit, worst first; whether any improved."""
        if not self._may_retry(1, count=False):
            return False  # the retry budget is spent: no need to measure the rows
        over = [(self._share(p), n, p) for n, p in enumerate(self.held)]
        over = sorted((item for item in over if item[0] > self.limit), key=lambda item: (-item[0], item[1]))
        improved = False
        for _, _, planned in over:
            if not self._may_retry(1, count=False):
                return False
            improved |= self.replan(planned, self._share(planned))
        return improved

    def _index(self, outline: Outline, unique: set[int]) -> int:
        doc = self.index.add(unique)
        self.phrasings[doc] = clash_bins(outline.phrasing)
        return doc

    def _phrase(self, best: Attempt) -> None:
        """Set the outline's template phrasing apart from the documents it shares most passages with."""
        salt = best.outline.request.seed + len(self.phrasings)
        best.outline.phrasing = phrasing_apart(best.shared, self.phrasings, salt)

    def _share(self, planned: Planned) -> float:
        return self.index.measure(planned.unique, skip=planned.doc).largest()[0]

    def replan(self, planned: Planned, before: float, judge: Callable | None = None, first: int = 1) -> bool:
        """Plan a held row again against all the others; keep the new outline if it shares less
        (by its passages, or by ``judge(outline)`` when given: the rendered paragraphs)."""
        if judge is None and before <= self.limit:
            return False  # an earlier re-plan in this round already brought it within the limit
        self.index.remove(planned.doc, planned.unique)
        forgotten = self.spread.forget(planned.doc)
        try:
            best = self._search(
                planned.spec.request, self._shared_sections(planned), first=first, reference=planned.outline
            )
        except BaseException:
            self.spread.restore(planned.doc, forgotten)
            raise
        if best is None:
            self.spread.restore(planned.doc, forgotten)
            self.index.restore(planned.doc, planned.unique)
            return False
        self._phrase(best)
        if best.share < before if judge is None else judge(best.outline):
            self.spread.record(best.recorded)
            planned.outline, planned.unique = best.outline, best.unique
            planned.doc = self._index(best.outline, best.unique)
            self.rescued += best.share <= self.limit
            return True
        self.spread.restore(planned.doc, forgotten)
        self.index.restore(planned.doc, planned.unique)
        return False

    def _shared_sections(self, planned: Planned) -> set[str]:
        """The sections whose paragraphs the row shares with the rows it is over the limit with."""
        over = self.index.measure(planned.unique).over(self.limit)
        self.retried += 1
        return {
            sid for key, sid in outline_keys(planned.outline) if not self.index.holding(key).isdisjoint(over)
        }

    def _search(
        self,
        request: Request,
        avoid: set[str] = frozenset(),
        first: int = 0,
        reference: Outline | None = None,
    ) -> Attempt | None:
        """The first outline within the limit, else the least overlapping; None when no plan keeps
        the reference's shape.

        Attempt n uses seed + reseed·n and leaves out the sections the row shared with the rows
        it was over the limit with.
        """
        search = _Search(set(request.exclude) | set(avoid), set(request.exclude), reference)
        for attempt in range(first, first + self.settings.guard_tries):
            if attempt and search.best is not None and not self._may_retry(attempt):
                break  # retries are not paying off in this batch: stop spending time on them
            trial = self._judged(request, attempt, search)
            if trial is None:
                continue
            if trial.share <= self.limit:
                self.rescued += attempt > 0 and not first
                break
            last = attempt + 1 == first + self.settings.guard_tries
            if last or not self._may_retry(attempt + 1, count=False):
                break
            search.exclude |= self._sections_over(trial) - search.keep
        if search.best is None and search.error is not None and reference is None:
            raise search.error  # a first plan that cannot be made: the row fails, saying why
        return search.best  # a re-plan that cannot be made leaves the row's first plan standing

    def _judged(self, request: Request, attempt: int, search: _Search) -> Attempt | None:
        """One attempt, kept as the best when it shares least; None when it failed, emptied a slot
        or lost the document's length or proportions (the search then leaves out less)."""
        try:
            trial = self._attempt(request, attempt, search.exclude)
        except WengaoError as err:
            search.error = search.error or err  # another seed may still find a way
            search.exclude = set(search.base)  # leaving those out asked too much: only reseed
            return None
        if search.best is not None and (lost := _emptied(search.best.outline, trial.outline)):
            search.keep, search.exclude = search.keep | lost, search.exclude - lost  # nothing else fits
            return None
        search.shape = search.shape or trial.outline
        if not keeps_shape(trial.outline, search.shape, self.settings):
            search.exclude = set(search.start)  # leaving so much out cost the document too much
            return None
        if search.best is None or trial.share < search.best.share:
            search.best = trial
        return trial

    def _attempt(self, request: Request, attempt: int, exclude: set[str]) -> Attempt:
        """Plan a row with the attempt's seed, leaving ``exclude`` out, and measure what it shares.
        Every attempt is planned against the same spread: its record is taken back at once."""
        self.plans += 1
        seed = request.seed + self.settings.reseed * attempt
        outline = self.plan_fn(replace(request, seed=seed, exclude=sorted(exclude)), self.spread)
        recorded = self.spread.unrecord()
        keys = outline_keys(outline)
        unique = {k for k, _ in keys}
        shared = self.index.measure(unique)
        share = shared.largest()[0] if unique else 0.0
        return Attempt(share, outline, unique, keys, shared, recorded)

    def _sections_over(self, trial: Attempt) -> set[str]:
        """The sections of an attempt whose paragraphs rows it is over the limit with hold."""
        over = trial.shared.over(self.limit)
        return {sid for key, sid in trial.keys if not self.index.holding(key).isdisjoint(over)}

    def _may_retry(self, attempt: int, count: bool = True) -> bool:
        """Within the budget of extra plans, and retries still rescue at least one row in four
        (the exact check of a small batch keeps a budget of its own)."""
        if self.exact:
            return True
        self.retried += count and attempt == 1
        rows = self.index.count - self.index.removed
        extra = self.plans - rows
        return self._paying() and extra <= self.settings.guard_spare * rows + self.settings.guard_tries

    def _paying(self) -> bool:
        """Retries still rescue at least one row in four. Once they do not, they never will again:
        only a retry rescues a row (the exact check of a small batch aside)."""
        return self.retried <= self.settings.guard_trial_rows or self.rescued * 4 >= self.retried


def keeps_shape(outline: Outline, reference: Outline, settings: BatchSettings) -> bool:
    """Whether a plan keeps the length of the reference plan and of each of its main parts."""
    mine, theirs = _part_chars(outline), _part_chars(reference)
    if sum(mine.values()) < settings.keep_length * sum(theirs.values()):
        return False
    total = sum(s.share for s in reference.recipe.slots) or 1.0
    main = [s.name for s in reference.recipe.slots if s.share / total >= 0.25]
    return all(mine.get(name, 0) >= settings.keep_part * theirs.get(name, 0) for name in main)


def _part_chars(outline: Outline) -> dict[str, int]:
    """Characters of each slot's chosen text."""
    return {name: sum(len(p) for c in chosen for p in c.paragraphs) for name, chosen in outline.slots.items()}


def _emptied(before: Outline, after: Outline) -> set[str]:
    """Sections of slots that were filled before and are empty now (nothing else fits them)."""
    lost: set[str] = set()
    for slot, items in before.slots.items():
        if items and not after.slots.get(slot):
            lost.update(c.section_id for c in items)
    return lost


def _since(start: float) -> float:
    return time.perf_counter() - start
