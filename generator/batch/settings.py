"""The tuning values of a batch, each with what it does and why it has its value."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class BatchSettings:
    """How a batch keeps its documents apart, reads rosters and feeds its workers."""

    max_share: float = 0.30
    """No two documents of a batch share more than this share of their body paragraphs (measured on
    the shorter one): the bound a batch is checked against and reports."""

    guard_share: float = 0.25
    """Planning aims lower than ``max_share``: the templates add fixed paragraphs the outline does
    not hold."""

    guard_tries: int = 4
    """Plans per row at most while looking for an outline distinct enough."""

    keep_length: float = 0.9
    keep_part: float = 0.8
    """Another plan of a row counts only when its body keeps this share of the first plan's length,
    and each main part (a slot of a quarter of the document or more) this share of its own: a
    plan made distinct by leaving text out, short or out of proportion, is no better document."""

    guard_spare: float = 0.5
    """Extra plans per row on average that a batch may spend on retries: a corpus too small for the
    bound then costs little time."""

    guard_trial_rows: int = 8
    """Rows retried before retries must prove they help (rescue one row in four)."""

    reseed: int = 7919
    """Seed step between a row's attempts (a prime, so the attempts of nearby seeds differ)."""

    repair_window: int = 128
    """Rows planned ahead of rendering, any of which the guard may plan again: the first rows of a
    batch choose freely, and later rows need room to move."""

    repair_rounds: int = 4
    """Passes over a full window re-planning the rows still over the limit."""

    exact_rows: int = 150
    """A batch of up to this many rows is planned whole and checked on its rendered paragraphs
    (template sentences included), which brings every pair within ``max_share`` on the shipped
    corpus; beyond, rendering every outline twice costs more than it gains."""

    exact_rounds: int = 12
    """Passes of that check over the rows still over ``max_share``."""

    exact_moves: int = 2
    """Moves per row at most in that check (a move: another phrasing, else up to ``exact_replans``
    plans). Measured on 100 mixed-stage rows of the shipped corpus: two moves bring speeches from
    44 % to 37 % in 5 s, eight only to 33 % in 25 s; summaries gain nothing past the first."""

    exact_replans: int = 3

    phrase_near: tuple[tuple[float, int], ...] = ((0.25, 16), (0.15, 1))
    """Documents sharing more than these shares of their passages get different template sentences,
    those sharing most weighing most (a pair near the limit must not share a sentence too)."""

    phrase_partners: int = 48
    """... the most recent this many of them at each share, so the cost stays flat in a large batch."""

    phrase_slots: int = 8
    """Template sentences tell their phrasing apart by slot (render.pick: a hash of the name)."""

    phrase_values: int = 60
    """A slot's value picks option ``value % len(options)``: 60 serves 2 to 6 options alike."""

    phrase_moduli: tuple[int, ...] = (4, 5, 6)
    """The option counts templates use: two values clash when equal modulo one of them."""

    chunk_rows: int = 16
    """Rows a worker renders per round trip at most: fewer round trips, yet results come back often
    enough for the journal and the progress display."""

    chunks_in_flight: int = 16
    """Chunks per worker sent ahead while the parent plans the next rows, so no worker waits."""

    header_search_rows: int = 10
    """A roster's header row is looked for among its first rows (a title line or two may sit above)."""

    max_blank_run: int = 1000
    """Reading a sheet stops after this many empty rows (formatted but unused)."""

    name_bytes: int = 150
    """A file name's stem at most, in UTF-8 bytes: room for _NN, the extension and the temporary
    name's decoration within the 255 bytes file systems allow."""


BATCH = BatchSettings()
