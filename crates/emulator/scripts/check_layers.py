#!/usr/bin/env python3
"""Checks the emulator crate's module graph: imports only go down the layers
written in `src/lib.rs`, and no two files import each other, directly or in
a ring. Test code (`#[cfg(test)] mod tests` and `tests.rs`) is left out: it
may reach anywhere.

Run from anywhere: `python3 crates/emulator/scripts/check_layers.py`.
Exits 1 and names the offending imports when a rule is broken.
"""

import re
import sys
from pathlib import Path

SRC = Path(__file__).resolve().parent.parent / "src"

# Lowest first. A file may import its own layer and the layers below it.
LAYERS = ["vocab", "util", "model", "rest", "api", "server", "handle", "lib"]
# Layers that sit side by side import nothing of each other.
SIDE_BY_SIDE = [{"vocab", "util"}, {"model", "rest"}]
# External crates that mean HTTP; the model layer must not name them.
HTTP_CRATES = re.compile(r"\b(http|axum|axum_server|hyper)::")


def module_of(path: Path) -> tuple[str, ...]:
    parts = path.relative_to(SRC).with_suffix("").parts
    if parts[-1] in ("mod", "lib"):
        parts = parts[:-1]
    return tuple(parts)


def layer_of(module: tuple[str, ...]) -> str:
    return module[0] if module else "lib"


def strip_tests(text: str) -> str:
    cut = re.search(r"#\[cfg\(test\)\]\s*(pub\([a-z]+\)\s*)?mod tests\s*\{", text)
    return text[: cut.start()] if cut else text


def expand(prefix: str, body: str) -> list[str]:
    """`a::{b, c::{d, e}}` -> `a::b`, `a::c::d`, `a::c::e`."""
    body = body.strip()
    if not body.startswith("{"):
        return [f"{prefix}{body}"]
    out, depth, item = [], 0, ""
    for ch in body[1:-1] + ",":
        if ch == "," and depth == 0:
            if item.strip():
                head, brace, rest = item.strip().partition("{")
                out += expand(prefix + head, brace + rest) if brace else [prefix + item.strip()]
            item = ""
            continue
        depth += ch == "{"
        depth -= ch == "}"
        item += ch
    return out


def paths_in(text: str) -> list[str]:
    paths = []
    for m in re.finditer(r"\buse\s+((?:crate|super)::[^;]*);", text, re.S):
        use = re.sub(r"\s+", "", re.sub(r"\s+as\s+\w+", "", m.group(1)))
        head, brace, rest = use.partition("{")
        paths += expand(head, brace + rest) if brace else [use]
    # Paths written inline, outside `use`.
    paths += re.findall(r"(?<![\w:])((?:crate|super)(?:::\w+)+)", text)
    return paths


def resolve(path: str, here: tuple[str, ...], modules: set) -> tuple[str, ...]:
    """The module (file) a path names: its longest prefix that is a module."""
    segs = path.split("::")
    if segs[0] == "crate":
        target, segs = (), segs[1:]
    else:
        target = here
        while segs and segs[0] == "super":
            target, segs = target[:-1], segs[1:]
    for seg in segs:
        if (*target, seg) not in modules:
            break
        target = (*target, seg)
    return target


def main() -> int:
    files = sorted(SRC.rglob("*.rs"))
    modules = {module_of(f) for f in files}
    edges: dict[tuple, set] = {module_of(f): set() for f in files}
    problems = []
    for f in files:
        if f.name == "tests.rs":
            continue
        here = module_of(f)
        if layer_of(here) not in LAYERS:
            problems.append(f"{f.relative_to(SRC)}: not in a layer of LAYERS")
            continue
        text = strip_tests(f.read_text())
        if layer_of(here) == "model" and HTTP_CRATES.search(text):
            problems.append(f"{f.relative_to(SRC)}: the model names an HTTP crate")
        for path in paths_in(text):
            target = resolve(path, here, modules)
            if target == here or target == ():
                continue
            if here[: len(target)] == target:
                problems.append(f"{f.relative_to(SRC)}: imports its parent {'::'.join(target)}")
                continue
            edges[here].add(target)
            a, b = layer_of(here), layer_of(target)
            if a == "lib" or b not in LAYERS:
                continue
            if LAYERS.index(b) > LAYERS.index(a) or (
                a != b and any({a, b} <= group for group in SIDE_BY_SIDE)
            ):
                problems.append(f"{f.relative_to(SRC)}: {a} imports {'::'.join(target)} ({b})")
    # A cycle is a strongly connected component with more than one file.
    index, low, stack, on, sccs = {}, {}, [], set(), []

    def visit(v):
        index[v] = low[v] = len(index)
        stack.append(v)
        on.add(v)
        for w in edges.get(v, ()):
            if w not in index:
                visit(w)
                low[v] = min(low[v], low[w])
            elif w in on:
                low[v] = min(low[v], index[w])
        if low[v] == index[v]:
            comp = []
            while True:
                w = stack.pop()
                on.discard(w)
                comp.append(w)
                if w == v:
                    break
            if len(comp) > 1:
                sccs.append(comp)

    sys.setrecursionlimit(10_000)
    for v in edges:
        if v not in index:
            visit(v)
    for comp in sccs:
        problems.append("cycle: " + " -> ".join("::".join(m) or "lib" for m in sorted(comp)))
    n_edges = sum(len(t) for t in edges.values())
    print(f"layers, lowest first: {' < '.join(LAYERS)}")
    print(f"{len(files)} files, {n_edges} imports between modules")
    for p in problems:
        print("  " + p)
    print("no cycle, no upward import" if not problems else f"{len(problems)} problem(s)")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
