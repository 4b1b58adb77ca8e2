"""A built wheel, installed in a fresh venv, builds, validates and answers from any folder.

Offline: the wheel is built without build isolation (setuptools from the test extra) and
installed with --no-deps --no-index. The fresh venv sees this venv's installed dependencies
through a plain path line in a .pth file; such a line does not run that folder's own .pth
files, so the editable jingan_kg of this venv stays out and the wheel's copy is the one used.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import sysconfig
import venv
import zipfile
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
SOURCES = ROOT / "data" / "sources"
# What a wheel is built from; copied so the build's build/ and *.egg-info stay out of the work tree.
BUILD_INPUTS = ("pyproject.toml", "README.md", "src", "ontology", "data/curated", "queries")
PACKAGE_DATA = {
    "ontology": ".ttl",
    "curated": ".yaml",
    "queries": ".rq",
    "templates": ".html",
    "web/static/yasgui": ".js",
    "web/static/query": ".js",
}


def _run(cmd, cwd: Path, env: dict, timeout: float = 120) -> subprocess.CompletedProcess:
    return subprocess.run(
        [str(c) for c in cmd],
        cwd=cwd,
        env=env,
        capture_output=True,
        text=True,
        encoding="utf-8",
        timeout=timeout,
        stdin=subprocess.DEVNULL,
    )


def _ok(proc: subprocess.CompletedProcess) -> subprocess.CompletedProcess:
    assert proc.returncode == 0, f"exit {proc.returncode}\nstdout:\n{proc.stdout}\nstderr:\n{proc.stderr}"
    return proc


@pytest.fixture(scope="module")
def installed(tmp_path_factory):
    """(venv folder, environment to run its commands in) with only the wheel's jingan_kg."""
    from importlib.metadata import PackageNotFoundError, version

    try:
        backend = version("setuptools")
    except PackageNotFoundError:
        backend = "0"
    assert int(backend.split(".")[0]) >= 77, (
        f"building the wheel offline needs setuptools>=77 here (found {backend}): pip install -e '.[test]'"
    )
    base = tmp_path_factory.mktemp("packaging")
    env = {
        k: v for k, v in os.environ.items() if k not in {"PYTHONPATH", "PYTHONHOME", "PYTHONSTARTUP", "PYTHONSAFEPATH"}
    }
    env["PIP_DISABLE_PIP_VERSION_CHECK"] = "1"

    tree = base / "tree"
    for rel in BUILD_INPUTS:
        src, dst = ROOT / rel, tree / rel
        if src.is_dir():
            shutil.copytree(
                src, dst, symlinks=True, ignore=shutil.ignore_patterns("__pycache__", "*.egg-info", "*.pyc")
            )
        else:
            dst.parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(src, dst)
    for name in ("ontology", "curated", "queries"):
        assert (tree / "src" / "jingan_kg" / name).is_dir(), (
            f"src/jingan_kg/{name} should be a symlink to the top-level folder (a checkout without symlinks?)"
        )

    wheels = base / "wheels"
    _ok(
        _run(
            [
                sys.executable,
                "-m",
                "pip",
                "wheel",
                "--no-deps",
                "--no-build-isolation",
                "--no-index",
                "-q",
                "-w",
                wheels,
                tree,
            ],
            base,
            env,
        )
    )
    (wheel,) = wheels.glob("jingan_kg-*.whl")
    names = zipfile.ZipFile(wheel).namelist()
    for folder, suffix in PACKAGE_DATA.items():
        assert any(n.startswith(f"jingan_kg/{folder}/") and n.endswith(suffix) for n in names), (
            f"the wheel has no jingan_kg/{folder}/*{suffix}"
        )

    target = base / "venv"
    venv.create(target, with_pip=False)
    python = target / "bin" / "python"
    # Install before the .pth exists, so pip sees no other jingan-kg to replace.
    _ok(
        _run(
            [sys.executable, "-m", "pip", "--python", python, "install", "--no-deps", "--no-index", "-q", wheel],
            base,
            env,
        )
    )
    site = Path(
        _ok(_run([python, "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"], base, env)).stdout.strip()
    )
    ours = dict.fromkeys(sysconfig.get_paths()[k] for k in ("purelib", "platlib"))
    (site / "_test_dependencies.pth").write_text("".join(f"{p}\n" for p in ours), encoding="utf-8")

    env["PATH"] = os.pathsep.join([str(target / "bin"), env.get("PATH", "")])
    env["VIRTUAL_ENV"] = str(target)
    where = _ok(_run([python, "-c", "import jingan_kg; print(jingan_kg.__file__)"], base, env)).stdout.strip()
    assert Path(where).resolve().is_relative_to(target.resolve()), f"jingan_kg imported from {where}"
    return target, env


def test_installed_package_data(installed, tmp_path):
    target, env = installed
    code = (
        "from jingan_kg.config import resource\n"
        "for name in ('ontology', 'curated', 'queries', 'templates'):\n"
        "    print(name, resource(name), len(list(resource(name).iterdir())))\n"
    )
    lines = _ok(_run([target / "bin" / "python", "-c", code], tmp_path, env)).stdout.splitlines()
    for line in lines:
        name, path, count = line.split()
        assert Path(path).resolve().is_relative_to(target.resolve()) and int(count) > 0, line
        assert not Path(path).is_symlink(), f"{name} was installed as a symlink: {path}"


def test_build_validate_ask_from_elsewhere(installed, tmp_path):
    target, env = installed
    cli = target / "bin" / "jingan-kg"
    out = tmp_path / "exports"
    built = _ok(_run([cli, "build", "--sources", SOURCES, "--out", out], tmp_path, env))
    assert f"Built {out}/" in built.stdout and "measures" in built.stdout
    assert (out / "store").is_dir() and (out / "jingan-kg.ttl").is_file()
    assert "conforms" in _ok(_run([cli, "validate", "--out", out], tmp_path, env)).stdout
    answer = _ok(_run([cli, "who", "绿色金融", "--out", out], tmp_path, env)).stdout
    assert "静安区投资促进办公室" in answer and "gazette-2026-01.txt" in answer


def test_build_without_sources_says_where_it_looked(installed, tmp_path):
    target, env = installed
    proc = _run([target / "bin" / "jingan-kg", "build"], tmp_path, env)
    assert proc.returncode == 1, proc.stderr
    assert "Traceback" not in proc.stderr
    assert str(tmp_path / "data" / "sources") in proc.stderr
    assert "jingan-kg build --sources DIR" in proc.stderr
    assert not (tmp_path / "exports").exists()
