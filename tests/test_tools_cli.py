"""Tests of dqn_helpers.tools.cli: a short real run, evaluation, one-line errors with exit status 2, no lost work."""

import contextlib
import csv
import io
import json
import os
import re
import signal
import subprocess
import sys
import threading
import time

import pytest
import torch
from hypothesis import example, given, settings
from hypothesis import strategies as st

from dqn_helpers.checkpoint import load_checkpoint
from dqn_helpers.tools import cli


def run(*args, cwd=None):
    return subprocess.run(
        [sys.executable, "-m", "dqn_helpers", *args], capture_output=True, text=True, cwd=cwd, timeout=300
    )


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["train", "--episodes", "0"], "argument --episodes: must be a whole number in 1 … 100_000, got '0'"),
        (["train", "--episodes", "ten"], "argument --episodes: must be a whole number in 1 … 100_000, got 'ten'"),
        (["train", "--seed", "-4"], "argument --seed: must be a whole number in 0 … 4_294_967_295, got '-4'"),
        (
            ["train", "--seed", str(2**64)],
            f"argument --seed: must be a whole number in 0 … 4_294_967_295, got '{2**64}'",
        ),
        (["train", "--preset", "fast"], "argument --preset: invalid choice: 'fast'"),
        (
            ["evaluate", "x.pt", "--episodes", "100000"],
            "--episodes: must be a whole number in 1 … 10_000, got '100000'",
        ),
        (["atlas", "--workers", "1000"], "argument --workers: must be a whole number in 1 … 64, got '1000'"),
        (["zoo", "--workers", "0"], "argument --workers: must be a whole number in 1 … 64, got '0'"),
        (["html", "--notebooks", "."], "no notebooks (NN_name.ipynb) in --notebooks '.'"),
        (["fly"], "invalid choice: 'fly'"),
        ([], "the following arguments are required: command"),
        (["evaluate"], "the following arguments are required: checkpoint"),
        (["evaluate", "missing.pt"], "no checkpoint file at 'missing.pt'"),
    ],
)
def test_bad_arguments_give_one_line_and_status_2(args, message, tmp_path):
    result = run(*args, cwd=tmp_path)
    assert result.returncode == 2
    assert result.stderr.count("\n") == 1 and message in result.stderr
    assert "Traceback" not in result.stderr + result.stdout


def test_evaluate_refuses_a_file_that_is_not_a_checkpoint(tmp_path):
    (tmp_path / "notes.pt").write_text("hello")
    result = run("evaluate", "notes.pt", cwd=tmp_path)
    assert result.returncode == 2 and "not a PyTorch checkpoint" in result.stderr
    assert "Traceback" not in result.stderr


def test_html_command_refuses_an_unknown_notebook(tmp_path):
    result = subprocess.run(
        [sys.executable, "-m", "dqn_helpers", "html", "--out", str(tmp_path), "--only", "7"],
        capture_output=True, text=True,
    )  # fmt: skip
    assert result.returncode == 2 and result.stderr.startswith("dqn_helpers: error: --only: no notebook '7'")
    assert not any(tmp_path.iterdir())  # nothing was written


def test_train_writes_history_plot_and_checkpoint_then_evaluate_reads_it(tmp_path):
    result = run("train", "--preset", "tutorial", "--episodes", "6", "--seed", "3", "--out", "run", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    out = tmp_path / "run"
    assert {p.name for p in out.iterdir()} == {"history.csv", "history.json", "learning_curve.png", "checkpoint.pt"}
    lines = (out / "history.csv").read_text().splitlines()
    assert lines[0] == "episode,duration,mean100,loss,epsilon,learning_rate,mean_max_q,time_s" and len(lines) == 7
    data = json.loads((out / "history.json").read_text())
    assert len(data["durations"]) == 6 and data["seed"] == 3 and data["config"]["lr"] == 1e-4
    assert (out / "learning_curve.png").read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    assert "6 episodes" in result.stdout and "it/s" not in result.stdout  # the bar goes to stderr
    assert "mean100=" in result.stderr  # the progress bar shows the 100-episode mean

    evaluation = run("evaluate", "run/checkpoint.pt", "--episodes", "3", cwd=tmp_path)
    assert evaluation.returncode == 0, evaluation.stderr
    assert "the best network (after episode 5, greedy evaluation" in evaluation.stdout  # the kept agent
    assert "greedy evaluation over 3 episodes" in evaluation.stdout
    assert "kept agent: the network after episode 5" in result.stdout
    last = run("evaluate", "run/checkpoint.pt", "--episodes", "3", "--last", cwd=tmp_path)
    assert last.returncode == 0 and last.stdout.startswith("the last network: greedy evaluation over 3 episodes")
    assert len(evaluation.stdout.splitlines()[-1].split()) == 1 + 3


# Checked before the work starts: one line, exit status 2, in well under a second, nothing trained.


def unwritable_folder(tmp_path):
    """A folder nobody may write to: a read-only one, or /sys for root (who ignores permissions)."""
    if os.geteuid() == 0:
        return "/sys/dqn-run"
    folder = tmp_path / "read-only"
    folder.mkdir(mode=0o555)
    return str(folder / "run")


def a_run(folder):
    folder.mkdir()
    (folder / "history.json").write_text("{}")


@pytest.mark.parametrize(
    ("command", "setup", "message"),
    [
        (["train", "--out", "afile/sub"], None, "cannot create --out 'afile/sub': 'afile' is a file"),
        (["train", "--out", "afile"], None, "--out 'afile' is a file, not a folder"),
        (["train", "--out", "old"], lambda tmp: a_run(tmp / "old"), "--out 'old' already holds results (history.json)"),
        (["train"], lambda tmp: a_run(tmp / "runs"), None),  # not a run folder: runs/ holds runs
        (["train", "--seed", "4"], lambda tmp: a_run((tmp / "runs").mkdir() or tmp / "runs" / "default-seed4"),
         "--out 'runs/default-seed4' already holds results (history.json); add --force"),
        (["train", "--out", "box"], lambda tmp: (tmp / "box" / "checkpoint.pt").mkdir(parents=True),
         "--out 'box' has a folder where the result 'checkpoint.pt' goes; move it away first"),
        (["train", "--force", "--out", "box"], lambda tmp: (tmp / "box" / "checkpoint.pt").mkdir(parents=True),
         "has a folder where the result 'checkpoint.pt' goes"),
        (["atlas", "--out", "afile/x"], None, "cannot create --out 'afile/x': 'afile' is a file"),
        (["atlas", "--out", "afile"], None, "--out 'afile' already exists; add --force to replace it"),
        (["atlas", "--out", "."], None, "--out '.' is a folder; give a file name"),
        (["zoo", "--out", "afile"], None, "--out 'afile' already exists; add --force to replace it"),
        (["zoo", "--out", "."], None, "--out '.' is a folder; give a file name"),
        (["html", "--out", "afile/site"], None, "cannot create --out 'afile/site': 'afile' is a file"),
        (["html", "--out", "site"], lambda tmp: (tmp / "site").mkdir() or (tmp / "site" / "index.html").touch(),
         "--out 'site' already holds results (index.html); add --force"),
        (["evaluate", "afile"], None, "'afile' is not a PyTorch checkpoint (not a torch.save archive)"),
    ],
)  # fmt: skip
def test_a_command_checks_where_its_results_go_before_it_starts(command, setup, message, tmp_path):
    (tmp_path / "afile").write_text("a regular file")
    if setup is not None:
        setup(tmp_path)
    if command[0] == "html":
        command = [*command, "--notebooks", str(NOTEBOOKS)]
    if message is None:  # this one is fine: prove it by refusing it for another reason (a bad episode count)
        command, message = [*command, "--episodes", "0"], "argument --episodes: must be a whole number"
    started = time.perf_counter()
    result = run(*command, cwd=tmp_path)
    seconds = time.perf_counter() - started
    assert result.returncode == 2 and message in result.stderr, result.stderr
    assert result.stderr.count("\n") == 1 and "Traceback" not in result.stderr + result.stdout
    assert seconds < 5  # the Python start-up and the check; the work would take minutes (typically 0.1 s here)


def test_an_unwritable_out_is_refused_before_training(tmp_path):
    out = unwritable_folder(tmp_path)
    result = run("train", "--out", out, cwd=tmp_path)
    assert result.returncode == 2 and result.stderr.startswith(f"dqn_helpers: error: cannot write to --out '{out}' (")
    assert result.stderr.count("\n") == 1


def test_force_replaces_an_earlier_run_whole(tmp_path):
    first = run("train", "--preset", "tutorial", "--episodes", "3", "--out", "run", "--no-progress", cwd=tmp_path)
    assert first.returncode == 0, first.stderr
    again = run("train", "--preset", "tutorial", "--episodes", "5", "--out", "run", "--no-progress", cwd=tmp_path)
    assert again.returncode == 2 and "add --force" in again.stderr
    assert len(json.loads((tmp_path / "run" / "history.json").read_text())["durations"]) == 3  # untouched
    forced = run("train", "--preset", "tutorial", "--episodes", "5", "--out", "run", "--force", "--no-progress",
                 cwd=tmp_path)  # fmt: skip
    assert forced.returncode == 0, forced.stderr
    assert consistent_run(tmp_path / "run") == 5
    assert sorted(p.name for p in (tmp_path / "run").iterdir()) == sorted(cli.RUN_FILES)  # no temporary files


def test_help_says_how_runs_are_kept():
    result = run("train", "--help")
    assert "--force" in result.stdout and "replace the results already there" in result.stdout


NOTEBOOKS = __import__("pathlib").Path(__file__).resolve().parents[1] / "notebooks"


def consistent_run(out):
    """The number of episodes of a run folder whose four files all agree; fails if they do not."""
    data = json.loads((out / "history.json").read_text())
    with (out / "history.csv").open() as f:
        rows = list(csv.DictReader(f))
    checkpoint = load_checkpoint(out / "checkpoint.pt")
    assert [int(row["duration"]) for row in rows] == data["durations"] == checkpoint.history.durations
    assert (out / "learning_curve.png").read_bytes()[:4] == b"\x89PNG"
    return len(data["durations"])


class Training:
    """``train`` in a subprocess, with its progress bar (stderr) read as it comes."""

    def __init__(self, out, *args):
        self.process = subprocess.Popen(
            [sys.executable, "-m", "dqn_helpers", "train", "--preset", "tutorial", "--episodes", "5000",
             "--out", str(out), *args],
            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
        )  # fmt: skip
        self.stderr = ""
        self._reader = threading.Thread(target=self._read, daemon=True)
        self._reader.start()

    def _read(self):
        while chunk := self.process.stderr.read(1):
            self.stderr += chunk

    def wait_for_episodes(self, n, timeout=120):
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            counts = [int(c) for c in re.findall(r"(\d+)/5000", self.stderr)]
            if counts and max(counts) >= n:
                return
            time.sleep(0.1)
        raise AssertionError(f"training did not reach {n} episodes in {timeout} s: {self.stderr[-500:]}")

    def finish(self):
        stdout, _ = self.process.communicate(timeout=120)
        self._reader.join(timeout=10)
        return self.process.returncode, stdout


@pytest.mark.parametrize(("signum", "status"), [(signal.SIGTERM, 143), (signal.SIGHUP, 129), (signal.SIGINT, 130)])
def test_a_signal_stops_training_and_every_file_is_written_and_consistent(signum, status, tmp_path):
    training = Training(tmp_path / "run")
    training.wait_for_episodes(5)
    training.process.send_signal(signum)
    returncode, stdout = training.finish()
    assert returncode == status, training.stderr[-2000:]
    assert "Traceback" not in training.stderr
    episodes = consistent_run(tmp_path / "run")
    assert 5 <= episodes < 5000 and f"{episodes} episodes" in stdout and "(interrupted)" in stdout
    assert json.loads((tmp_path / "run" / "history.json").read_text())["stopped_reason"] == "interrupted"


def test_a_killed_training_keeps_its_last_save(tmp_path):
    """kill -9 cannot be caught: what survives is the last periodic save (every 30 s; 0.2 s here)."""
    code = (
        "import sys, dqn_helpers.tools.training_run as run; run.SAVE_EVERY = 0.2; "
        "from dqn_helpers.tools.cli import main; sys.exit(main(sys.argv[1:]))"
    )
    process = subprocess.Popen(
        [sys.executable, "-c", code, "train", "--preset", "tutorial", "--episodes", "5000", "--out", "run",
         "--no-progress"],
        cwd=tmp_path,
    )  # fmt: skip
    deadline = time.monotonic() + 120
    while not (tmp_path / "run" / "checkpoint.pt").exists() and time.monotonic() < deadline:
        time.sleep(0.1)
    time.sleep(1.0)
    process.kill()
    process.wait(timeout=30)
    data = json.loads((tmp_path / "run" / "history.json").read_text())  # each file whole, never half written
    checkpoint = load_checkpoint(tmp_path / "run" / "checkpoint.pt")
    assert len(data["durations"]) >= 1 and checkpoint.history.episodes >= 1
    assert (
        not [p.name for p in (tmp_path / "run").iterdir() if ".tmp" in p.name] or True
    )  # a killed write may leave one


def test_a_second_ctrl_c_while_writing_is_ignored_and_the_files_are_whole(tmp_path, monkeypatch, capsys):
    from dqn_helpers.teaching import plots

    real_plot = plots.plot_training

    def plot_and_press_ctrl_c_twice(history):
        os.kill(os.getpid(), signal.SIGINT)  # while the results are being written
        os.kill(os.getpid(), signal.SIGINT)
        return real_plot(history)

    monkeypatch.setattr(plots, "plot_training", plot_and_press_ctrl_c_twice)
    before = signal.getsignal(signal.SIGINT)  # Python's default_int_handler, or SIG_IGN in a background job
    status = cli.main(["train", "--preset", "tutorial", "--episodes", "4", "--out", str(tmp_path / "run"),
                       "--no-progress"])  # fmt: skip
    assert status == 130  # the process says it was interrupted ...
    assert consistent_run(tmp_path / "run") == 4  # ... and every file is there, whole
    assert signal.getsignal(signal.SIGINT) is before  # the handler is back
    assert torch.get_num_threads() >= 1


# Any command line at all: the parser gives arguments, or one line and status 2 (or --help and 0).
WORDS = st.one_of(
    st.sampled_from(["train", "evaluate", "atlas", "zoo", "doctor", "html", "--preset", "default", "tutorial",
                     "--episodes", "--seed", "--out", "--force", "--last", "--workers", "--only", "--notebooks",
                     "--no-progress", "-h", "0", "-1", "3", str(2**64), "1e3", "nan", "", "x.pt", "--"]),
    st.text(max_size=8),
    st.integers(-(2**70), 2**70).map(str),
)  # fmt: skip


@settings(max_examples=400, deadline=None)
@given(argv=st.lists(WORDS, max_size=6))
@example(argv=["train", "\n"])  # a line break in an unknown argument: the message stays one line
@example(argv=["evaluate", "a\rb", "--episodes", "x\u2028y"])
def test_any_command_line_parses_or_gets_one_line_and_status_2(argv):
    stdout, stderr = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(stdout), contextlib.redirect_stderr(stderr):
        try:
            args = cli.build_parser().parse_args(argv)
        except SystemExit as exit:
            if exit.code == 0:  # --help
                assert stdout.getvalue().startswith("usage:")
                return
            assert exit.code == 2
            assert stderr.getvalue().startswith("dqn_helpers: error: ") and stderr.getvalue().count("\n") == 1
            return
    assert args.command in {"train", "evaluate", "atlas", "zoo", "doctor", "html"}
    for name in ("episodes", "workers"):
        assert getattr(args, name, None) is None or getattr(args, name) >= 1
    assert getattr(args, "seed", 0) in range(2**32)
