"""Binder: the files in binder/ pin what the tests use, and a replay of Binder's install works.

mybinder.org builds the course with repo2docker, which (for a ``binder/`` folder with these files)
makes a Python 3.11 virtual environment, runs ``pip install --no-cache-dir -r binder/requirements.txt``
from the repository's root, then ``binder/postBuild``. The replay below does the same in a fresh
virtual environment on a copy of the repository, with two differences this machine forces: PyTorch's
CPU index (download.pytorch.org, unreachable here) is replaced by a local index that serves the same
torch wheel over HTTP, and pip reads no machine configuration (PyPI only, as on Binder).
"""

from __future__ import annotations

import ast
import contextlib
import functools
import http.server
import os
import re
import shutil
import subprocess
import sys
import threading
from pathlib import Path

import pytest
from _jupyter import jupyter_server, page_config
from packaging.utils import canonicalize_name

from dqn_helpers.tools.doctor import WIDGET_MANAGER

ROOT = Path(__file__).resolve().parents[1]
BINDER = ROOT / "binder"
PYTORCH_CPU_INDEX = "https://download.pytorch.org/whl/cpu"
FIRST_NOTEBOOK = "notebooks/00_cartpole.ipynb"
COPY_IGNORE = shutil.ignore_patterns(
    ".venv", ".git", "build", "runs", "artifacts", "site", "*.egg-info", "__pycache__", ".hypothesis",
    ".pytest_cache", ".ruff_cache", ".ipynb_checkpoints",
)  # fmt: skip


def pins(path: Path) -> dict[str, str]:
    """``name==version`` lines of a requirements file, by normalised name."""
    found = {}
    for line in path.read_text().splitlines():
        match = re.fullmatch(r"([A-Za-z0-9_.\-]+)==(\S+)", line.strip())
        if match:
            found[canonicalize_name(match[1])] = match[2]
    return found


LOCK = pins(ROOT / "requirements-lock.txt")


def test_binder_files_pin_the_tested_set_with_a_cpu_only_torch():
    lines = [line for line in (BINDER / "requirements.txt").read_text().splitlines() if not line.startswith("#")]
    assert lines == [
        f"--extra-index-url {PYTORCH_CPU_INDEX}",
        f"torch=={LOCK['torch']}+cpu",
        "-r ../requirements-lock.txt",
    ]
    assert (BINDER / "runtime.txt").read_text().strip() == f"python-{sys.version_info.major}.{sys.version_info.minor}"
    post_build = BINDER / "postBuild"
    assert os.access(post_build, os.X_OK), "binder/postBuild must be executable"
    assert "pip install --no-cache-dir --no-deps ." in post_build.read_text()
    for name in ("jupyterlab", "jupyterlab-widgets", "ipywidgets", "notebook"):
        assert name in LOCK, f"{name} is not pinned in requirements-lock.txt"


def test_readme_launches_binder_in_the_first_notebook():
    badge = f"https://mybinder.org/v2/gh/dqn-course/dqn-cartpole/main?urlpath=lab/tree/{FIRST_NOTEBOOK}"
    assert badge in (ROOT / "README.md").read_text()
    assert badge in (BINDER / "README.md").read_text()
    assert (ROOT / FIRST_NOTEBOOK).exists()


@contextlib.contextmanager
def local_index(wheel: Path):
    """Serve ``wheel`` from a PEP 503 "simple" index on 127.0.0.1, like PyTorch's /whl/cpu."""
    root = wheel.parent.parent / "index"
    (root / "torch").mkdir(parents=True)
    shutil.copy(wheel, root / "torch" / wheel.name)
    handler = functools.partial(http.server.SimpleHTTPRequestHandler, directory=str(root))
    handler.log_message = lambda *args: None
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()


def run(command: list[str], **kwargs) -> subprocess.CompletedProcess:
    result = subprocess.run(command, capture_output=True, text=True, **kwargs)
    assert result.returncode == 0, (
        f"{' '.join(map(str, command))} failed:\n{result.stdout[-3000:]}\n{result.stderr[-3000:]}"
    )
    return result


@pytest.fixture(scope="module")
def binder(tmp_path_factory):
    """A copy of the repository, installed the way Binder does into a fresh virtual environment."""
    base = tmp_path_factory.mktemp("binder")
    repo = base / "repo"
    shutil.copytree(ROOT, repo, ignore=COPY_IGNORE)
    # The pinned torch wheel, from PyTorch's CPU index when it can be reached, else from what this
    # machine's pip set-up provides (this kind of machine keeps the wheel on disk).
    wheels = base / "wheels"
    run([sys.executable, "-m", "pip", "download", "--no-deps", "--quiet", "--retries", "2", "--dest", str(wheels),
         "--extra-index-url", PYTORCH_CPU_INDEX, f"torch=={LOCK['torch']}+cpu"])  # fmt: skip
    (wheel,) = wheels.glob("torch-*.whl")
    venv = base / "venv"
    run([sys.executable, "-m", "venv", str(venv)])
    env = {name: value for name, value in os.environ.items() if not name.startswith(("PIP_", "PYTHONPATH"))}
    env |= {
        "PIP_CONFIG_FILE": os.devnull,  # no machine configuration: PyPI plus the index in requirements.txt
        "PIP_DISABLE_PIP_VERSION_CHECK": "1",
        "PATH": f"{venv / 'bin'}{os.pathsep}{os.environ['PATH']}",
        "VIRTUAL_ENV": str(venv),
    }
    if "PIP_CERT" in os.environ:  # this machine's certificate bundle, for its network
        env["PIP_CERT"] = os.environ["PIP_CERT"]
    with local_index(wheel) as index:
        requirements = repo / "binder" / "requirements.txt"
        text = requirements.read_text()
        assert PYTORCH_CPU_INDEX in text
        requirements.write_text(text.replace(PYTORCH_CPU_INDEX, f"{index}/"))
        run([str(venv / "bin" / "pip"), "install", "--no-cache-dir", "--quiet", "-r", "binder/requirements.txt"],
            cwd=repo, env=env, timeout=900)  # fmt: skip
    run(["bash", "binder/postBuild"], cwd=repo, env=env, timeout=300)
    yield venv / "bin" / "python", repo, env, base
    shutil.rmtree(venv, ignore_errors=True)  # about 1.5 GB


def test_binder_install_has_the_cpu_torch_and_every_pinned_version(binder):
    python, _, env, _ = binder
    installed = {}
    for line in run([str(python), "-m", "pip", "list", "--format=freeze"], env=env).stdout.splitlines():
        name, _, version = line.partition("==")
        installed[canonicalize_name(name)] = version
    assert installed["torch"] == f"{LOCK['torch']}+cpu"
    assert installed["dqn-helpers"]  # postBuild installed the course itself
    different = {
        name: (version, installed.get(name))
        for name, version in LOCK.items()
        if name != "torch" and installed.get(name) != version
    }
    assert different == {}, f"pinned vs installed: {different}"
    run([str(python), "-m", "pip", "check"], env=env)  # no package misses a dependency or has a wrong one
    cuda = run([str(python), "-c", "import torch; print(torch.version.cuda)"], env=env).stdout.strip()
    assert cuda == "None"  # the CPU-only build, no CUDA packages


def notebook_imports() -> dict[str, list[str]]:
    """The top-level import statements of each notebook (from its paired .py file)."""
    return {
        path.stem: [
            ast.unparse(node)
            for node in ast.parse(path.read_text()).body
            if isinstance(node, (ast.Import, ast.ImportFrom))
        ]
        for path in sorted((ROOT / "notebooks").glob("[0-9][0-9]_*.py"))
    }


def test_every_notebook_imports_in_the_binder_environment(binder):
    python, repo, env, base = binder
    imports = notebook_imports()
    assert len(imports) == 7 and all(imports.values())  # notebooks 00-06
    for notebook, lines in imports.items():
        result = subprocess.run(
            [str(python), "-c", "\n".join(lines)],
            cwd=repo / "notebooks", capture_output=True, text=True, env=env | {"MPLBACKEND": "Agg"},
        )  # fmt: skip
        assert result.returncode == 0, f"{notebook}: {result.stderr[-2000:]}"
    # and the course's own check of the environment, run outside the repository so that it checks
    # the installed package (what Binder's notebooks import), not the source tree
    where = run([str(python), "-c", "import dqn_helpers; print(dqn_helpers.__file__)"], cwd=base, env=env).stdout
    assert Path(where.strip()).is_relative_to(python.parent.parent), where
    doctor = run([str(python), "-m", "dqn_helpers", "doctor"], cwd=base, env=env)
    assert "PROBLEM" not in doctor.stdout and "Everything the course needs is in place." in doctor.stdout
    assert "pretrained agent (" in doctor.stdout and "atlas (81 runs) and zoo (62 runs) load" in doctor.stdout


def test_jupyterlab_starts_with_the_widget_extension_enabled(binder):
    python, repo, _, base = binder
    with jupyter_server(python, repo, base / "home") as server:
        status, html = server.get(f"lab/tree/{FIRST_NOTEBOOK}")  # where the Binder link lands
        assert status == 200
        config = page_config(html)
        extensions = {extension["name"] for extension in config["federated_extensions"]}
        assert WIDGET_MANAGER in extensions
        assert WIDGET_MANAGER not in config.get("disabledExtensions", [])
        status, body = server.get(f"api/contents/{FIRST_NOTEBOOK}?content=0")
        assert status == 200 and '"type": "notebook"' in body.replace('":"', '": "')
