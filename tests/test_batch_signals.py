"""A batch stopped from outside: SIGTERM stops it as Ctrl-C does, and however the batch ends, even by
kill -9, its worker processes end with it. Every wait polls with a timeout (a loaded machine is slow,
never wrong)."""

from __future__ import annotations

import contextlib
import csv
import os
import signal
import subprocess
import sys
from pathlib import Path

import pytest
from hostile import alive, children, wait_until

ROOT = Path(__file__).resolve().parent.parent
ROWS = 400

pytestmark = pytest.mark.skipif(not Path("/proc/self/stat").exists(), reason="reads processes from /proc")


def roster(path: Path) -> Path:
    with path.open("w", newline="", encoding="utf-8-sig") as fh:
        writer = csv.writer(fh)
        writer.writerow(["学校名称", "校长", "学段"])
        writer.writerows([f"第{n}实验学校", "王明", "初中"] for n in range(1, ROWS + 1))
    return path


@contextlib.contextmanager
def running_batch(tmp_path: Path):
    """A batch of ROSTER rows on two workers, in a session of its own (cleaned up whatever happens)."""
    out = tmp_path / "out"
    proc = subprocess.Popen(
        [sys.executable, str(ROOT / "generate.py"), "batch", str(roster(tmp_path / "r.csv"))]
        + ["--out", str(out), "--jobs", "2"],
        cwd=ROOT,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        start_new_session=True,
    )
    try:
        yield proc, out
    finally:
        with contextlib.suppress(ProcessLookupError):
            os.killpg(proc.pid, signal.SIGKILL)
        proc.wait(timeout=30)
        proc.stdout.close()
        proc.stderr.close()


def workers_once_rows_are_written(proc: subprocess.Popen, out: Path) -> set[int]:
    """The batch's worker processes, once it has written some rows (so they are busy)."""

    def written() -> bool:
        assert proc.poll() is None, proc.communicate()[1]  # a batch that stopped on its own says why
        return out.is_dir() and len(list(out.glob("*.json"))) >= 10

    wait_until(written, 120, "批量生成写出文稿")
    wait_until(lambda: len(children(proc.pid)) >= 2, 30, "两个工作进程在运行")
    return children(proc.pid)


def report_statuses(out: Path) -> list[str]:
    with (out / "report.csv").open(encoding="utf-8-sig") as fh:
        return [row["状态"] for row in csv.DictReader(fh)]


def test_sigterm_stops_a_batch_as_ctrl_c_does(tmp_path):
    with running_batch(tmp_path) as (proc, out):
        workers = workers_once_rows_are_written(proc, out)
        proc.send_signal(signal.SIGTERM)  # what a plain `kill` sends
        stdout, stderr = proc.communicate(timeout=120)
        assert proc.returncode == 143, stderr
        assert "Traceback" not in stderr and "已中断" in stdout and "重新运行同一命令" in stdout
        statuses = report_statuses(out)
        made = statuses.count("成功")
        assert len(statuses) == ROWS and 0 < made < ROWS  # the rows in hand finished, the rest wait
        assert len(list(out.glob("*.docx"))) == made and not list(out.glob(".*.tmp"))
        wait_until(lambda: not any(alive(pid) for pid in workers), 30, "工作进程随批量生成一起退出")


def test_workers_exit_when_their_batch_is_killed(tmp_path):
    with running_batch(tmp_path) as (proc, out):
        workers = workers_once_rows_are_written(proc, out)
        os.kill(proc.pid, signal.SIGKILL)  # the batch alone: nobody tells the workers
        proc.wait(timeout=30)
        wait_until(lambda: not any(alive(pid) for pid in workers), 30, "工作进程在批量生成被强行结束后退出")
