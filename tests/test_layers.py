"""The layer rule: eid/ and kiosk/ never import QtWidgets (directly or by star)."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
CORE_PACKAGES = ("eid", "kiosk")


def widget_imports(path: Path) -> list[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
    found = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found += [a.name for a in node.names if "QtWidgets" in a.name]
        elif isinstance(node, ast.ImportFrom):
            module = node.module or ""
            if "QtWidgets" in module or any("QtWidgets" in a.name for a in node.names):
                found.append(f"{module}:{node.lineno}")
    return found


@pytest.mark.parametrize("package", CORE_PACKAGES)
def test_core_package_does_not_import_qtwidgets(package: str) -> None:
    offenders = {
        str(path.relative_to(ROOT)): hits
        for path in sorted((ROOT / package).rglob("*.py"))
        if (hits := widget_imports(path))
    }
    assert offenders == {}


def test_detector_sees_a_widget_import(tmp_path: Path) -> None:
    sample = tmp_path / "sample.py"
    sample.write_text("from PySide6 import QtCore, QtWidgets\n", encoding="utf-8")
    assert widget_imports(sample) == ["PySide6:1"]
