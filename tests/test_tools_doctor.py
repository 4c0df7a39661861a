"""Tests of dqn_helpers.tools.doctor (``python -m dqn_helpers doctor``): passes here, names each problem and fix."""

import json
import os
import subprocess
import sys
import types
from pathlib import Path

import pytest

from dqn_helpers.tools import doctor as doc


def run_doctor(env_changes=None):
    env = {**os.environ, **(env_changes or {})}
    return subprocess.run(
        [sys.executable, "-m", "dqn_helpers", "doctor"], capture_output=True, text=True, env=env, timeout=120
    )


def test_doctor_passes_in_the_test_environment():
    result = run_doctor()
    assert result.returncode == 0, result.stdout + result.stderr
    lines = result.stdout.splitlines()
    assert any(line.split() == ["torch", doc.version_of("torch")] for line in lines)
    for name in ("packages", "compute", "widgets", "CartPole renders", "course data"):
        assert any(line.startswith(f"ok      {name}: ") for line in lines), (name, result.stdout)
    assert "CartPole-v1 draws 600×400 RGB frames" in result.stdout
    assert "PROBLEM" not in result.stdout and lines[-1] == "Everything the course needs is in place."


def test_disabled_widget_extension_is_a_problem_with_its_fix(tmp_path):
    labconfig = tmp_path / "labconfig"
    labconfig.mkdir()
    (labconfig / "page_config.json").write_text(json.dumps({"disabledExtensions": {doc.WIDGET_MANAGER: True}}))
    result = run_doctor({"JUPYTER_CONFIG_DIR": str(tmp_path)})
    assert result.returncode == 1
    assert f"PROBLEM widgets: the JupyterLab extension {doc.WIDGET_MANAGER}" in result.stdout
    assert "is installed but disabled" in result.stdout
    assert f"fix: jupyter labextension enable {doc.WIDGET_MANAGER}" in result.stdout
    assert result.stdout.splitlines()[-1] == "1 problem(s) found; see above."


def fake_labextensions(monkeypatch, tmp_path, manager_version=None):
    import jupyter_core.paths

    if manager_version is not None:
        manager = tmp_path / doc.WIDGET_MANAGER
        manager.mkdir(parents=True)
        (manager / "package.json").write_text(json.dumps({"version": manager_version}))
    monkeypatch.setattr(jupyter_core.paths, "jupyter_path", lambda *parts: [str(tmp_path)])
    monkeypatch.setattr(jupyter_core.paths, "jupyter_config_path", lambda: [str(tmp_path / "config")])


def test_missing_widget_extension(monkeypatch, tmp_path):
    fake_labextensions(monkeypatch, tmp_path)
    check = doc.check_widgets()
    assert not check.ok and "is not installed, so sliders show as plain text" in check.detail
    assert check.fix.startswith("pip install jupyterlab_widgets")


@pytest.mark.parametrize(
    ("ipywidgets", "manager", "ok"),
    [("8.1.9", "3.1.11", False), ("8.1.9", "5.0.16", True), ("7.7.5", "3.1.11", True), ("7.7.5", "5.0.16", True)],
)
def test_widget_extension_must_be_new_enough_for_ipywidgets(monkeypatch, tmp_path, ipywidgets, manager, ok):
    fake_labextensions(monkeypatch, tmp_path, manager)
    real = doc.version_of
    monkeypatch.setattr(doc, "version_of", lambda name: ipywidgets if name == "ipywidgets" else real(name))
    check = doc.check_widgets()
    assert check.ok is ok, check
    if not ok:
        assert check.detail == f"ipywidgets {ipywidgets} needs {doc.WIDGET_MANAGER} 5.x or newer, found {manager}"


def test_colab_brings_its_own_widget_manager(monkeypatch):
    monkeypatch.setitem(sys.modules, "google.colab", types.ModuleType("google.colab"))
    check = doc.check_widgets()
    assert check.ok and check.detail.startswith("Colab renders ipywidgets ")


def test_cartpole_that_cannot_render_names_the_missing_extra(monkeypatch):
    import dqn_helpers.teaching.render

    def no_pygame(*_args, **_kwargs):
        raise ModuleNotFoundError("No module named 'pygame'")

    monkeypatch.setattr(dqn_helpers.teaching.render, "record_episode", no_pygame)
    check = doc.check_cartpole_renders()
    assert not check.ok and "ModuleNotFoundError: No module named 'pygame'" in check.detail
    assert "gymnasium[classic-control]" in check.fix


def test_a_package_that_does_not_import_stops_the_later_checks(monkeypatch):
    real_import = doc.importlib.import_module

    def broken(name, *args):
        if name == "gymnasium":
            raise ImportError("gymnasium is broken")
        return real_import(name, *args)

    monkeypatch.setattr(doc.importlib, "import_module", broken)
    lines = []
    assert doc.doctor(out=lines.append) == 1
    report = "\n".join(lines)
    assert "PROBLEM packages: cannot import gymnasium (ImportError: gymnasium is broken)" in report
    assert "fix: pip install -r requirements.txt" in report
    assert "CartPole renders" not in report  # nothing else is checked with a broken install


def test_old_torch_is_a_problem(monkeypatch):
    real = doc.version_of
    monkeypatch.setattr(doc, "version_of", lambda name: "2.1.0+cpu" if name == "torch" else real(name))
    check = doc.check_packages()
    assert not check.ok and check.detail == "torch 2.1.0+cpu is older than 2.4"


def test_the_pinned_environment_has_a_cpu_only_torch():
    """`make` installs torch from PyTorch's CPU index: no CUDA build, no nvidia-* packages (several GB)."""
    import importlib.metadata

    import torch

    assert torch.version.cuda is None, f"torch {torch.__version__} is a CUDA build"
    nvidia = sorted(
        d.metadata["Name"] for d in importlib.metadata.distributions() if d.metadata["Name"].startswith("nvidia")
    )
    assert nvidia == []


def test_doctor_runs_where_torch_gymnasium_and_matplotlib_are_missing(tmp_path):
    """A real virtual environment with the standard library only (no monkeypatching): the doctor must
    start, name every missing package with the fix, and exit 1 instead of dying in an import."""
    bare = tmp_path / "bare-venv"
    subprocess.run([sys.executable, "-m", "venv", "--without-pip", str(bare)], check=True, timeout=120)
    only_the_package = tmp_path / "src"  # dqn_helpers and nothing else on the path
    only_the_package.mkdir()
    (only_the_package / "dqn_helpers").symlink_to(Path(doc.__file__).resolve().parents[1], target_is_directory=True)
    result = subprocess.run(
        [str(bare / "bin" / "python"), "-m", "dqn_helpers", "doctor"],
        capture_output=True, text=True, timeout=120, cwd=tmp_path,
        env={"PATH": os.environ.get("PATH", ""), "PYTHONPATH": str(only_the_package)},
    )  # fmt: skip
    assert result.returncode == 1, result.stdout + result.stderr
    assert "Traceback" not in result.stdout + result.stderr
    for name in ("torch", "gymnasium", "matplotlib", "numpy", "ipywidgets"):
        assert f"{name} (ModuleNotFoundError: No module named '{name}')" in result.stdout
    assert "fix: pip install -r requirements.txt" in result.stdout
    assert result.stdout.splitlines()[-1] == "1 problem(s) found; see above."
