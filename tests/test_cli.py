"""The command line, run as a user would run it."""

import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent


def run(*args: str, env_home: Path) -> subprocess.CompletedProcess:
    import os

    env = {**os.environ, "COMPOUND_LEDGER_HOME": str(env_home), "PYTHONIOENCODING": "utf-8"}
    return subprocess.run([sys.executable, str(ROOT / "main.py"), *args], capture_output=True,
                          text=True, encoding="utf-8", env=env, cwd=ROOT, timeout=300)


def test_demo_then_check(tmp_path):
    path = tmp_path / "demo.sqlite3"
    result = run("demo", "--db", str(path), env_home=tmp_path)
    assert result.returncode == 0, result.stderr
    assert "600 户" in result.stdout
    result = run("check", "--db", str(path), env_home=tmp_path)
    assert result.returncode == 0
    assert "检查通过" in result.stdout


def test_demo_refuses_an_existing_file(tmp_path):
    path = tmp_path / "exists.sqlite3"
    path.write_bytes(b"keep me")
    result = run("demo", "--db", str(path), env_home=tmp_path)
    assert result.returncode == 2
    assert "已存在" in result.stderr
    assert path.read_bytes() == b"keep me"


def test_check_on_a_file_that_is_not_a_ledger(tmp_path):
    path = tmp_path / "x.sqlite3"
    path.write_text("hello")
    result = run("check", "--db", str(path), env_home=tmp_path)
    assert result.returncode == 2
    assert "不是小区治理台账的数据文件" in result.stderr


def test_default_database_is_in_the_data_folder(tmp_path):
    result = run("demo", env_home=tmp_path)
    assert result.returncode == 0, result.stderr
    assert (tmp_path / "ledger.sqlite3").exists()


@pytest.mark.parametrize("args", [["bogus"], ["check", "--nope"]])
def test_bad_arguments_exit_2(tmp_path, args):
    assert run(*args, env_home=tmp_path).returncode == 2
