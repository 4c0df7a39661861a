"""Tests of dqn_helpers.tools.cli: a short real run, evaluation, and one-line errors with exit status 2."""

import json
import subprocess
import sys

import pytest


def run(*args, cwd=None):
    return subprocess.run(
        [sys.executable, "-m", "dqn_helpers", *args], capture_output=True, text=True, cwd=cwd, timeout=300
    )


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["train", "--episodes", "0"], "argument --episodes: must be a whole number >= 1, got '0'"),
        (["train", "--episodes", "ten"], "argument --episodes: must be a whole number >= 1, got 'ten'"),
        (["train", "--seed", "-4"], "argument --seed: must be a whole number >= 0, got '-4'"),
        (["train", "--preset", "fast"], "argument --preset: invalid choice: 'fast'"),
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
