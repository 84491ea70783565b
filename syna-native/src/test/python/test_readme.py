import os
import pathlib
import subprocess
import sys

README = pathlib.Path(__file__).resolve().parents[4] / "README.md"


def block(name):
    lines = README.read_text(encoding="utf-8").splitlines()
    start = lines.index(f"<!-- readme-check: {name} -->")
    assert lines[start + 1].startswith("```")
    end = lines.index("```", start + 2)
    return "\n".join(lines[start + 2:end]) + "\n"


def test_python_quick_start_runs_as_written(tmp_path):
    code = block("python-quickstart")
    r = subprocess.run([sys.executable, "-c", code], cwd=tmp_path, capture_output=True, text=True, timeout=120,
                       env=dict(os.environ))
    assert r.returncode == 0, r.stderr
    assert r.stdout.split() == ["1001", "doc/1", "1"]
