"""A throwaway Jupyter server for tests: JupyterLab or Notebook 7 on 127.0.0.1.

Everything the server would read or write outside ``root`` (configuration, data, runtime files,
user settings, workspaces, IPython profile) goes to a temporary folder, so a test neither depends on
nor changes the machine's own Jupyter set-up. User settings turn off the news and update checks
(this machine has no internet) and notebook windowing (every cell stays in the page, so a test can
find the outputs of cells that are scrolled out of view).
"""

from __future__ import annotations

import contextlib
import json
import os
import secrets
import socket
import subprocess
import time
import urllib.error
import urllib.request
from dataclasses import dataclass
from pathlib import Path

SETTINGS = {
    "@jupyterlab/apputils-extension/notification.jupyterlab-settings": {"fetchNews": "false", "checkForUpdates": False},
    "@jupyterlab/notebook-extension/tracker.jupyterlab-settings": {"windowingMode": "none"},
}


@dataclass
class JupyterServer:
    url: str  # http://127.0.0.1:PORT
    token: str
    log: Path

    def page(self, path: str) -> str:
        """The browser URL of ``path`` (such as ``lab/tree/03_q_network.ipynb``), with the token."""
        return f"{self.url}/{path}?token={self.token}"

    def get(self, path: str) -> tuple[int, str]:
        """GET ``path`` with the token: (status, body)."""
        request = urllib.request.Request(f"{self.url}/{path}", headers={"Authorization": f"token {self.token}"})
        try:
            with urllib.request.urlopen(request, timeout=10) as response:
                return response.status, response.read().decode()
        except urllib.error.HTTPError as error:
            return error.code, error.read().decode()


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def isolated_env(home: Path) -> dict[str, str]:
    """Environment variables that keep Jupyter's configuration, data and settings inside ``home``."""
    env = dict(os.environ)
    folders = {
        "JUPYTER_CONFIG_DIR": "config", "JUPYTER_DATA_DIR": "data", "JUPYTER_RUNTIME_DIR": "runtime",
        "JUPYTERLAB_SETTINGS_DIR": "lab-settings", "JUPYTERLAB_WORKSPACES_DIR": "lab-workspaces",
        "IPYTHONDIR": "ipython",
    }  # fmt: skip
    for variable, name in folders.items():
        (home / name).mkdir(parents=True, exist_ok=True)
        env[variable] = str(home / name)
    for name, values in SETTINGS.items():
        path = home / "lab-settings" / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(json.dumps(values))
    env.pop("MPLBACKEND", None)  # notebooks show figures inline
    return env


@contextlib.contextmanager
def jupyter_server(python: Path | str, root: Path, home: Path, app: str = "jupyterlab", timeout: float = 120):
    """Start ``python -m jupyterlab`` (or ``notebook``) serving ``root``; stop it afterwards."""
    port, token = free_port(), secrets.token_hex(16)
    log = home / f"{app}.log"
    home.mkdir(parents=True, exist_ok=True)
    command = [
        str(python), "-m", app, "--no-browser", "--ServerApp.ip=127.0.0.1", f"--ServerApp.port={port}",
        "--ServerApp.port_retries=0", f"--IdentityProvider.token={token}", f"--ServerApp.root_dir={root}",
    ]  # fmt: skip
    if os.geteuid() == 0:  # CI machines run as root; Jupyter refuses that unless told
        command.append("--allow-root")
    with open(log, "w") as log_file:
        process = subprocess.Popen(
            command, stdout=log_file, stderr=subprocess.STDOUT, env=isolated_env(home), cwd=root, start_new_session=True
        )
    server = JupyterServer(f"http://127.0.0.1:{port}", token, log)
    try:
        deadline = time.monotonic() + timeout
        while True:
            if process.poll() is not None:
                raise RuntimeError(f"{app} exited with status {process.returncode}:\n{log.read_text()[-3000:]}")
            with contextlib.suppress(OSError):
                if server.get("api/status")[0] == 200:
                    break
            if time.monotonic() > deadline:
                raise RuntimeError(f"{app} did not answer within {timeout:.0f} s:\n{log.read_text()[-3000:]}")
            time.sleep(0.5)
        yield server
    finally:
        process.terminate()
        try:
            process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


def page_config(html: str) -> dict:
    """The ``jupyter-config-data`` JSON a JupyterLab page carries (its extensions, among others)."""
    start = html.index('id="jupyter-config-data"')
    start = html.index(">", start) + 1
    return json.loads(html[start : html.index("</script>", start)])
