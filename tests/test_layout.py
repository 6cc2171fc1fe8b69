"""The package's rooms import only downwards: a lower room never imports a higher one.

Rooms, lowest first (a module at pipeline/ top level is the top room):
the records and paths, patterns, text and lang, values, grammar, registry, ner, corpora,
evaluation and review, claims, and the stages and commands at the top."""

import ast
from pathlib import Path

from pipeline.paths import PACKAGE_DIR

LEVELS = {
    "document": 0,
    "paths": 0,
    "patterns": 1,
    "text": 2,
    "lang": 2,
    "values": 3,
    "grammar": 4,
    "registry": 5,
    "ner": 6,
    "corpora": 7,
    "evaluation": 8,
    "review": 8,
    "claims": 9,
    "output": 10,
}
TOP = 11


def _module(path: Path) -> str:
    parts = path.relative_to(PACKAGE_DIR.parent).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def _room(module: str) -> str:
    """The room of a module: its sub-package, or "" for the top (stages, run, cli, ...)."""
    parts = module.split(".")
    return parts[1] if len(parts) > 1 and parts[1] in LEVELS else ""


def _level(module: str) -> int:
    return LEVELS.get(_room(module), TOP)


def _is_module(name: str) -> bool:
    path = PACKAGE_DIR.parent.joinpath(*name.split("."))
    return path.with_suffix(".py").is_file() or (path / "__init__.py").is_file()


def imports(path: Path) -> set[str]:
    """The pipeline modules a file imports, anywhere in it (function-level imports too)."""
    module = _module(path)
    package = module if path.name == "__init__.py" else module.rsplit(".", 1)[0]
    found = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.ImportFrom):
            if node.level:
                base = package.split(".")[: len(package.split(".")) - node.level + 1]
                target = ".".join(base + ([node.module] if node.module else []))
            else:
                target = node.module or ""
            if target.startswith("pipeline"):  # "from . import dates" imports the module pipeline.values.dates
                found |= {f"{target}.{a.name}" if _is_module(f"{target}.{a.name}") else target for a in node.names}
        elif isinstance(node, ast.Import):
            found |= {a.name for a in node.names if a.name.startswith("pipeline")}
    return found


def test_every_room_is_listed():
    rooms = {p.name for p in PACKAGE_DIR.iterdir() if p.is_dir() and (p / "__init__.py").exists()}
    assert rooms <= set(LEVELS), f"add {sorted(rooms - set(LEVELS))} to LEVELS"


def test_no_room_imports_a_higher_one():
    upward = []
    for path in sorted(PACKAGE_DIR.rglob("*.py")):
        module = _module(path)
        for target in imports(path):
            if _room(target) != _room(module) and _level(target) >= _level(module):
                upward.append(f"{module} imports {target}")
    assert not upward, "\n".join(upward)


def test_every_room_says_what_it_is_for():
    for init in PACKAGE_DIR.rglob("__init__.py"):
        doc = ast.get_docstring(ast.parse(init.read_text(encoding="utf-8")))
        assert doc, f"{init} has no docstring"


def test_no_import_cycles():
    """No module reaches itself through the imports of the modules it imports (a package's
    `__init__` counts as importing what it imports, not its submodules)."""
    graph = {_module(path): imports(path) for path in sorted(PACKAGE_DIR.rglob("*.py"))}
    cycles, done = [], set()

    def visit(module: str, trail: list[str]) -> None:
        if module in trail:
            cycles.append(" -> ".join([*trail[trail.index(module) :], module]))
            return
        if module in done:
            return
        for target in sorted(graph.get(module, ())):
            visit(target, [*trail, module])
        done.add(module)

    for module in graph:
        visit(module, [])
    assert not cycles, "\n".join(sorted(set(cycles)))
