"""Dependencies point one way (DESIGN.md, "Layers"): members.models and search.folding at the bottom,
site_pages above them, the member features above both. The test reads the source, not the running
imports, so a loop hidden by an import inside a function fails too."""

import ast
import pathlib

import pytest

ROOT = pathlib.Path(__file__).resolve().parents[2]
APPS = ("cms", "members", "search", "site_pages")
# Django's documented place to connect signal receivers: AppConfig.ready().
FUNCTION_IMPORTS_ALLOWED = {"members/apps.py", "site_pages/apps.py"}


def modules(*folders):
    for folder in folders:
        for path in sorted((ROOT / folder).rglob("*.py")):
            if "migrations" not in path.parts:
                yield path.relative_to(ROOT).as_posix(), ast.parse(path.read_text())


def imported_modules(tree):
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            yield from (alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.level == 0:
            yield node.module


def imports_inside_functions(tree):
    for node in ast.walk(tree):
        if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
            for inner in ast.walk(node):
                if isinstance(inner, ast.Import | ast.ImportFrom):
                    yield inner.lineno


def from_app(name, app):
    return name == app or name.startswith(f"{app}.")


class TestLayers:
    def test_site_pages_imports_only_members_models_from_members(self):
        wrong = [
            f"{path}: {name}"
            for path, tree in modules("site_pages")
            for name in imported_modules(tree)
            if from_app(name, "members") and not from_app(name, "members.models")
        ]
        assert not wrong

    @pytest.mark.parametrize("bottom", ["members/models", "search/folding.py"])
    def test_the_bottom_layer_imports_none_of_the_layers_above(self, bottom):
        folder = ROOT / bottom
        trees = modules(bottom) if folder.is_dir() else [(bottom, ast.parse(folder.read_text()))]
        wrong = [
            f"{path}: {name}"
            for path, tree in trees
            for name in imported_modules(tree)
            if any(from_app(name, app) for app in ("site_pages", "search", "cms"))
            or (from_app(name, "members") and not from_app(name, "members.models"))
        ]
        assert not wrong

    def test_no_import_inside_a_function(self):
        wrong = [
            f"{path}:{line}"
            for path, tree in modules(*APPS)
            if path not in FUNCTION_IMPORTS_ALLOWED
            for line in imports_inside_functions(tree)
        ]
        assert not wrong
