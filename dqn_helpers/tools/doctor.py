"""``python -m dqn_helpers doctor``: is this Python environment ready for the course?

It prints the versions that matter, then one line per check, and exits with status 1 if any check
found a problem (each problem says how to fix it):

- **packages**: torch, gymnasium, numpy, matplotlib and ipywidgets import (and torch is at least 2.4);
- **compute**: CPU or GPU (the course needs only a CPU; a GPU is reported, not required);
- **widgets**: the sliders will render — on Colab and in VS Code the front end brings its own widget
  manager; in JupyterLab and Notebook 7 the extension ``@jupyter-widgets/jupyterlab-manager`` must be
  installed (``jupyterlab_widgets``), enabled, and new enough for the installed ipywidgets;
- **CartPole renders**: ``gymnasium.make("CartPole-v1", render_mode="rgb_array")`` draws a frame
  (this needs pygame, from ``gymnasium[classic-control]``);
- **course data**: the pretrained agent, the playground's atlas and 06's bug zoo ship with the package and load.
"""

from __future__ import annotations

import importlib
import importlib.metadata
import json
import platform
import sys
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

WIDGET_MANAGER = "@jupyter-widgets/jupyterlab-manager"
VERSIONS_SHOWN = (
    "torch", "gymnasium", "numpy", "matplotlib", "ipywidgets", "jupyterlab_widgets", "ipykernel",
    "jupyterlab", "notebook", "jupytext", "nbval",
)  # fmt: skip
REQUIRED = ("torch", "gymnasium", "numpy", "matplotlib", "ipywidgets")
TORCH_MINIMUM = (2, 4)  # fused AdamW on the CPU
# The widget manager's major version each ipywidgets major needs in JupyterLab / Notebook 7:
# ipywidgets 7 ↔ jupyterlab_widgets 1 (manager 3.x); ipywidgets 8 ↔ jupyterlab_widgets 3 (manager 5.x).
MANAGER_MAJOR_FOR_IPYWIDGETS = {7: 3, 8: 5}


@dataclass(frozen=True)
class Check:
    """One finding: ``ok`` or a problem with the ``fix`` to apply."""

    name: str
    ok: bool
    detail: str
    fix: str = ""


def version_of(distribution: str) -> str | None:
    """The installed version of a distribution (``None`` if it is not installed)."""
    try:
        return importlib.metadata.version(distribution)
    except importlib.metadata.PackageNotFoundError:
        return None


def _major(version: str) -> int:
    return int(version.split(".")[0])


def check_packages() -> Check:
    missing = []
    for name in REQUIRED:
        try:
            importlib.import_module(name)
        except Exception as error:  # an import can fail in many ways (missing, broken build, DLL …)
            missing.append(f"{name} ({type(error).__name__}: {error})")
    if missing:
        return Check(
            "packages",
            False,
            "cannot import " + ", ".join(missing),
            "pip install -r requirements.txt (or, for the tested versions, requirements-lock.txt)",
        )
    torch_version = version_of("torch") or "0"
    if tuple(int(part) for part in torch_version.split("+")[0].split(".")[:2]) < TORCH_MINIMUM:
        return Check(
            "packages",
            False,
            f"torch {torch_version} is older than {'.'.join(map(str, TORCH_MINIMUM))}",
            "pip install 'torch>=2.4' (on a machine without a GPU: --index-url https://download.pytorch.org/whl/cpu)",
        )
    return Check("packages", True, "torch, gymnasium, numpy, matplotlib and ipywidgets import")


def check_compute() -> Check:
    import torch

    if torch.cuda.is_available():
        detail = f"GPU available ({torch.cuda.get_device_name(0)}); the course runs on the CPU anyway"
    else:
        detail = f"CPU only ({torch.get_num_threads()} torch threads); that is all the course needs"
    return Check("compute", True, detail)


def _disabled_extensions(config_dirs: list[str]) -> set[str]:
    """Extensions disabled in any ``labconfig/page_config.json`` (``jupyter labextension disable``)."""
    disabled: set[str] = set()
    for directory in config_dirs:
        page_config = Path(directory) / "labconfig" / "page_config.json"
        try:
            entries = json.loads(page_config.read_text()).get("disabledExtensions", {})
        except (OSError, ValueError, AttributeError):
            continue
        if isinstance(entries, dict):
            disabled |= {name for name, off in entries.items() if off}
        elif isinstance(entries, list):
            disabled |= set(entries)
    return disabled


def _running_in_colab() -> bool:
    return "google.colab" in sys.modules


def check_widgets() -> Check:
    ipywidgets_version = version_of("ipywidgets")
    if ipywidgets_version is None:
        return Check("widgets", False, "ipywidgets is not installed", "pip install 'ipywidgets>=7.7'")
    if _running_in_colab():
        return Check("widgets", True, f"Colab renders ipywidgets {ipywidgets_version} itself")
    if version_of("jupyterlab") is None and version_of("notebook") is None:
        return Check(
            "widgets",
            True,
            f"ipywidgets {ipywidgets_version}; no JupyterLab or Notebook here (VS Code and Colab bring their own "
            "widget manager)",
        )
    from jupyter_core.paths import jupyter_config_path, jupyter_path

    found = [Path(d) / WIDGET_MANAGER for d in jupyter_path("labextensions") if (Path(d) / WIDGET_MANAGER).is_dir()]
    if not found:
        return Check(
            "widgets",
            False,
            f"the JupyterLab extension {WIDGET_MANAGER} is not installed, so sliders show as plain text",
            "pip install jupyterlab_widgets (ipywidgets 8 needs jupyterlab_widgets 3), then restart JupyterLab",
        )
    manager_version = json.loads((found[0] / "package.json").read_text())["version"]
    if WIDGET_MANAGER in _disabled_extensions(jupyter_config_path()):
        return Check(
            "widgets",
            False,
            f"the JupyterLab extension {WIDGET_MANAGER} {manager_version} is installed but disabled",
            f"jupyter labextension enable {WIDGET_MANAGER}, then reload the browser tab",
        )
    needed = MANAGER_MAJOR_FOR_IPYWIDGETS.get(_major(ipywidgets_version))
    if needed is not None and _major(manager_version) < needed:
        return Check(
            "widgets",
            False,
            f"ipywidgets {ipywidgets_version} needs {WIDGET_MANAGER} {needed}.x or newer, found {manager_version}",
            "pip install --upgrade jupyterlab_widgets, then restart JupyterLab",
        )
    return Check(
        "widgets",
        True,
        f"{WIDGET_MANAGER} {manager_version} installed and enabled, for ipywidgets {ipywidgets_version}",
    )


def check_cartpole_renders() -> Check:
    try:
        from dqn_helpers.teaching.render import record_episode

        frames, _duration = record_episode(lambda _observation: 0, seed=0, max_steps=2)
    except Exception as error:
        return Check(
            "CartPole renders",
            False,
            f"CartPole-v1 could not draw a frame ({type(error).__name__}: {error})",
            "pip install 'gymnasium[classic-control]' (it brings pygame)",
        )
    height, width, _ = frames[0].shape
    return Check("CartPole renders", True, f"CartPole-v1 draws {width}×{height} RGB frames")


def check_course_data() -> Check:
    try:
        from dqn_helpers.checkpoint import load_pretrained
        from dqn_helpers.playground.atlas import load_atlas
        from dqn_helpers.teaching.zoo import load_zoo

        pretrained, atlas, zoo = load_pretrained(), load_atlas(), load_zoo()
    except Exception as error:
        return Check(
            "course data",
            False,
            f"the data shipped with dqn_helpers does not load ({type(error).__name__}: {error})",
            "reinstall the course: pip install --force-reinstall --no-deps . (from the repository)",
        )
    episodes = len(pretrained.history.durations) if pretrained.history else 0
    loaded = f"pretrained agent ({episodes} episodes), atlas ({len(atlas.runs)} runs) and zoo ({len(zoo.runs)} runs)"
    return Check("course data", True, f"{loaded} load")


CHECKS: tuple[Callable[[], Check], ...] = (
    check_packages, check_compute, check_widgets, check_cartpole_renders, check_course_data,
)  # fmt: skip


def run_checks() -> Iterator[Check]:
    """Every check in turn; the later ones are skipped when the packages do not import."""
    packages = check_packages()
    yield packages
    if not packages.ok:
        return
    for check in CHECKS[1:]:
        yield check()


def doctor(out: Callable[[str], None] = print) -> int:
    """Print the report; return 0 if every check passed, else 1."""
    out(f"Python {platform.python_version()} ({sys.executable}) on {platform.system()} {platform.machine()}")
    for name in VERSIONS_SHOWN:
        out(f"  {name:<20} {version_of(name) or '-'}")
    problems = 0
    for check in run_checks():
        out(f"{'ok     ' if check.ok else 'PROBLEM'} {check.name}: {check.detail}")
        if not check.ok:
            problems += 1
            out(f"        fix: {check.fix}")
    out("Everything the course needs is in place." if problems == 0 else f"{problems} problem(s) found; see above.")
    return 0 if problems == 0 else 1
