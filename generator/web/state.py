"""What one web app instance remembers between requests, and nothing else.

Requests share no mutable state except what lives here: a lock-protected, size-bounded
store per kind of thing (generated documents, upload previews, batch jobs), each entry
addressed by a random id and owning a private folder under the app's temporary folder.
"""

from __future__ import annotations

import re
import shutil
import threading
import time
import uuid
from collections import OrderedDict
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Annotated, Generic, TypeVar

from fastapi import Depends
from fastapi import Request as HttpRequest

from ..model import Corpus, Document, Outline
from .uploads import Limits

ID_PATTERN = re.compile(r"[0-9a-f]{32}")
NOT_FOUND = "找不到该文稿或任务（可能已过期或地址有误），请重新生成。"  # an id no store holds

T = TypeVar("T")


class StoreFull(Exception):
    """Every entry is still in use (running jobs), so nothing can be evicted."""


def valid_id(item_id: str) -> bool:
    """Ids are uuid4 hex strings; anything else (a path, ``..``) is refused before lookup."""
    return bool(ID_PATTERN.fullmatch(item_id or ""))


def new_id() -> str:
    """A random, unguessable id for a stored entry."""
    return uuid.uuid4().hex


class BoundedStore(Generic[T]):
    """An LRU map of id → entry with a size limit; evicted entries are cleaned up."""

    def __init__(
        self, limit: int, on_evict: Callable[[T], None] | None = None, busy: Callable[[T], bool] | None = None
    ) -> None:
        self._items: OrderedDict[str, T] = OrderedDict()
        self._lock = threading.Lock()
        self.limit = limit
        self._on_evict = on_evict or (lambda _: None)
        self._busy = busy or (lambda _: False)

    def add(self, item_id: str, value: T) -> str:
        """Store ``value`` under ``item_id``, evicting the least recently used idle entry."""
        with self._lock:
            while len(self._items) >= self.limit:
                self._evict_one()
            self._items[item_id] = value
        return item_id

    def _evict_one(self) -> None:
        """Drop the oldest entry that is not busy; raise StoreFull when all are."""
        for key, value in self._items.items():
            if not self._busy(value):
                del self._items[key]
                self._on_evict(value)
                return
        raise StoreFull

    def get(self, item_id: str) -> T | None:
        """The entry for a valid id, or None; a hit counts as recent use."""
        if not valid_id(item_id):
            return None
        with self._lock:
            value = self._items.get(item_id)
            if value is not None:
                self._items.move_to_end(item_id)
            return value

    def pop(self, item_id: str) -> T | None:
        """Remove and return an entry (the caller cleans it up)."""
        if not valid_id(item_id):
            return None
        with self._lock:
            return self._items.pop(item_id, None)

    def values(self) -> list[T]:
        """A snapshot of the entries (for shutdown)."""
        with self._lock:
            return list(self._items.values())

    def __len__(self) -> int:
        with self._lock:
            return len(self._items)


# ---------------------------------------------------------------- entries


@dataclass
class DocEntry:
    """A generated document: its outline (for 换一段) and its rendered form."""

    outline: Outline
    doc: Document
    folder: Path  # downloads are written here on first request
    lock: threading.Lock = field(default_factory=threading.Lock)


@dataclass
class PreviewEntry:
    """Uploaded files, cleaned and segmented but not stored until the user confirms."""

    folder: Path
    files: list[Path]  # files that could be read; these are ingested on commit
    lock: threading.Lock = field(default_factory=threading.Lock)
    committed: bool = False


@dataclass
class JobEntry:
    """A batch run in a background thread, with progress that the page polls."""

    folder: Path
    kind: str
    total: int
    name: str = "花名册"  # the roster's file name without suffix, for the zip's name
    done: int = 0
    ok: int = 0
    failed: int = 0
    status: str = "running"  # running | done | failed | cancelled
    message: str = ""
    failures: list[dict] = field(default_factory=list)  # rows not written, with their reason
    notes: list[dict] = field(default_factory=list)  # rows written with a 提示 (an 工作要点 left out…)
    zip_path: Path | None = None
    max_overlap: float | None = None
    started: float = field(default_factory=time.monotonic)
    finished: float | None = None
    cancel: threading.Event = field(default_factory=threading.Event)
    ended: threading.Event = field(default_factory=threading.Event)  # its thread has returned
    lock: threading.Lock = field(default_factory=threading.Lock)

    @property
    def running(self) -> bool:
        return self.status == "running"


def remove_folder(entry) -> None:
    """Evicted entries take their files with them."""
    shutil.rmtree(entry.folder, ignore_errors=True)


def cancel_and_remove(job: JobEntry) -> None:
    """An evicted job is finished already; its folder goes."""
    job.cancel.set()
    remove_folder(job)


@dataclass
class AppState:
    """Everything one app instance keeps: settings, the corpus and the three stores."""

    corpus_dir: Path
    templates_dir: Path | None
    work_dir: Path
    corpus: Corpus
    limits: Limits
    documents: BoundedStore[DocEntry]
    previews: BoundedStore[PreviewEntry]
    jobs: BoundedStore[JobEntry]
    corpus_lock: threading.Lock = field(default_factory=threading.Lock)

    def folder(self, kind: str, item_id: str) -> Path:
        """A fresh private folder for one stored entry."""
        path = self.work_dir / kind / item_id
        path.mkdir(parents=True, exist_ok=False)
        return path


def make_state(
    corpus_dir: Path, templates_dir: Path | None, work_dir: Path, corpus: Corpus, limits: Limits
) -> AppState:
    """An AppState with stores sized by ``limits``."""
    return AppState(
        corpus_dir=corpus_dir,
        templates_dir=templates_dir,
        work_dir=work_dir,
        corpus=corpus,
        limits=limits,
        documents=BoundedStore(limits.documents, remove_folder),
        previews=BoundedStore(limits.previews, remove_folder),
        jobs=BoundedStore(limits.jobs, cancel_and_remove, busy=lambda j: j.running),
    )


def app_state(request: HttpRequest) -> AppState:
    """The state of the app serving this request: what every route depends on."""
    return request.app.state.wengao


# A route parameter of this type receives the app's state (FastAPI dependency injection).
State = Annotated[AppState, Depends(app_state)]
