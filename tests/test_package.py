"""The package as a whole (dqn_helpers/__init__.py and the layout): lazy names, layering, module sizes."""

import ast
import subprocess
import sys
from pathlib import Path

import pytest

import dqn_helpers

PACKAGE = Path(dqn_helpers.__file__).resolve().parent
MACHINERY = ("teaching", "playground", "tools")
MAX_LINES = 260  # "about 250": split a module by idea before it grows past this


def modules() -> list[Path]:
    return sorted(path for path in PACKAGE.rglob("*.py"))


def imported(path: Path) -> set[str]:
    """The dqn_helpers modules that ``path`` imports, anywhere in the file (also inside functions)."""
    names = set()
    for node in ast.walk(ast.parse(path.read_text())):
        if isinstance(node, ast.ImportFrom) and node.module and node.module.startswith("dqn_helpers"):
            names.update(
                f"{node.module}.{alias.name}" if node.module == "dqn_helpers" else node.module for alias in node.names
            )
        elif isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names if alias.name.startswith("dqn_helpers"))
    return names


def part(path: Path) -> str:
    """``"algorithm"`` for a top-level module, else the subpackage it belongs to."""
    relative = path.relative_to(PACKAGE)
    return relative.parts[0] if len(relative.parts) > 1 else "algorithm"


@pytest.mark.parametrize("path", modules(), ids=lambda path: str(path.relative_to(PACKAGE)))
def test_the_algorithm_never_imports_the_course_machinery(path):
    forbidden = {"algorithm": MACHINERY, "teaching": ("playground", "tools")}.get(part(path), ())
    if path.parent == PACKAGE and path.name in ("__init__.py", "__main__.py"):
        forbidden = ()  # the front door: lazy names (plots, show_source too) and `python -m` (the command line)
    wrong = sorted(name for name in imported(path) if any(name.startswith(f"dqn_helpers.{m}") for m in forbidden))
    assert not wrong, f"{path.relative_to(PACKAGE)} ({part(path)}) must not import {wrong}"


@pytest.mark.parametrize("path", modules(), ids=lambda path: str(path.relative_to(PACKAGE)))
def test_no_module_is_too_long_to_read(path):
    lines = len(path.read_text().splitlines())
    assert lines <= MAX_LINES, f"{path.relative_to(PACKAGE)} has {lines} lines; split it by idea"


def test_importing_the_package_loads_nothing_heavy_and_names_load_on_first_use():
    code = (
        "import sys, dqn_helpers\n"
        "heavy = [m for m in ('torch', 'gymnasium', 'matplotlib', 'ipywidgets') if m in sys.modules]\n"
        "assert not heavy, heavy\n"
        "from dqn_helpers import DQN, train\n"
        "assert DQN.__module__ == 'dqn_helpers.qnet' and train.__module__ == 'dqn_helpers.training'\n"
        "assert 'torch' in sys.modules\n"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert result.returncode == 0, result.stderr


def test_every_public_name_resolves_to_its_home_module():
    assert sorted(dqn_helpers.__all__) == sorted(set(dqn_helpers.__all__))
    for name in dqn_helpers.__all__:
        value = getattr(dqn_helpers, name)
        home = dqn_helpers._HOMES[name]
        assert value is getattr(__import__(f"dqn_helpers.{home}", fromlist=[name]), name)
    assert set(dqn_helpers.__all__) <= set(dir(dqn_helpers))


def test_an_unknown_name_is_a_clear_attribute_error():
    with pytest.raises(AttributeError, match=r"module 'dqn_helpers' has no attribute 'trian'"):
        dqn_helpers.trian  # noqa: B018


def test_the_wheel_holds_every_module_and_data_file(tmp_path):
    """What pip installs on Colab and Binder (not the editable checkout): every module, the question
    bank, the shipped runs and the translation catalog."""
    import zipfile

    root = PACKAGE.parent
    build = [sys.executable, "-m", "pip", "wheel", "--quiet", "--no-deps", "--no-build-isolation", "-w", str(tmp_path)]
    subprocess.run([*build, str(root)], check=True, capture_output=True, timeout=300)
    (wheel,) = tmp_path.glob("dqn_helpers-*.whl")
    packed = set(zipfile.ZipFile(wheel).namelist())
    wanted = {str(path.relative_to(root)) for path in modules()}
    wanted |= {str(path.relative_to(root)) for path in (PACKAGE / "data").glob("*.*")}
    wanted |= {str(path.relative_to(root)) for path in (PACKAGE / "locale").rglob("*.[mp]o")}
    assert (
        "dqn_helpers/teaching/bank/q00.py" in wanted and "dqn_helpers/locale/zh_CN/LC_MESSAGES/dqn_helpers.mo" in wanted
    )
    assert sorted(wanted - packed) == []
