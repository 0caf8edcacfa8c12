#!/usr/bin/env python3
"""House metrics for issue 19: lines per crate, files over 400 lines, functions over 80 lines,
and `use` edges between modules under crates/gateway/src/routes (a module importing a sibling)."""
import os, re, sys

root = sys.argv[1] if len(sys.argv) > 1 else "."
rs = []
for base in ("crates", "tests", "migrations"):
    for d, _, fs in os.walk(os.path.join(root, base)):
        if "/target" in d:
            continue
        rs += [os.path.join(d, f) for f in fs if f.endswith(".rs")]

def lines(p):
    with open(p, encoding="utf-8") as fh:
        return fh.read().split("\n")

print("## lines per crate")
per = {}
for p in rs:
    rel = os.path.relpath(p, root).split(os.sep)
    key = "/".join(rel[:2]) if rel[0] == "crates" else rel[0]
    per[key] = per.get(key, 0) + len(lines(p)) - 1
for k in sorted(per, key=lambda k: -per[k]):
    print(f"{per[k]:7d} {k}")

big = sorted(((len(lines(p)) - 1, os.path.relpath(p, root)) for p in rs), reverse=True)
big = [b for b in big if b[0] > 400]
print(f"\n## files over 400 lines: {len(big)}")
for n, p in big:
    print(f"{n:7d} {p}")

fn_re = re.compile(r"^\s*(pub(\([^)]*\))?\s+)?(async\s+)?(const\s+)?(unsafe\s+)?fn\s+(\w+)")
long = []
for p in rs:
    ls = lines(p)
    i = 0
    while i < len(ls):
        m = fn_re.match(ls[i])
        if m:
            # find the opening brace, then match braces (strings/chars roughly skipped)
            depth, start, j, opened = 0, i, i, False
            while j < len(ls):
                s = re.sub(r'"(\\.|[^"\\])*"', '""', ls[j])
                s = re.sub(r"'(\\.|[^'\\])'", "''", s)
                s = s.split("//")[0]
                if not opened and ";" in s and "{" not in s:
                    break
                for c in s:
                    if c == "{":
                        depth += 1; opened = True
                    elif c == "}":
                        depth -= 1
                if opened and depth <= 0:
                    break
                j += 1
            n = j - start + 1
            if opened and n > 80:
                long.append((n, f"{os.path.relpath(p, root)}:{start+1} {m.group(6)}"))
            i = j + 1 if opened else i + 1
        else:
            i += 1
long.sort(reverse=True)
print(f"\n## functions over 80 lines: {len(long)}")
for n, w in long:
    print(f"{n:7d} {w}")

print("\n## routes modules importing other routes modules")
edges = 0
rdir = os.path.join(root, "crates/gateway/src/routes")
for d, _, fs in os.walk(rdir):
    for f in fs:
        if f.endswith(".rs"):
            p = os.path.join(d, f)
            for k, l in enumerate(lines(p)):
                if re.search(r"(crate::routes::(pages|api|webhooks|health)\b|super::super|\bsuper::(?!\*|\{Routes|Routes))", l) and "routes()" not in l:
                    edges += 1
                    print(f"  {os.path.relpath(p, root)}:{k+1}: {l.strip()}")
print(f"edges: {edges}")

# Module circles: within each crate, module A names module B (`crate::b`, `super::b`) and B,
# directly or through others, names A. A parent naming its own child (`mod x;`, `x::routes()`)
# is not counted: only `use` lines and paths in code are.
print("\n## module circles (per crate)")
crates_dir = os.path.join(root, "crates")
total = 0
for crate in sorted(os.listdir(crates_dir)):
    src = os.path.join(crates_dir, crate, "src")
    if not os.path.isdir(src):
        continue
    mods = {}
    for d, _, fs in os.walk(src):
        for f in fs:
            if not f.endswith(".rs"):
                continue
            rel = os.path.relpath(os.path.join(d, f), src)[:-3].split(os.sep)
            if rel[-1] in ("mod", "lib", "main"):
                rel = rel[:-1]
            mods[tuple(rel)] = os.path.join(d, f)
    def resolve(parts):
        for k in range(len(parts), 0, -1):
            if tuple(parts[:k]) in mods:
                return tuple(parts[:k])
        return None
    graph = {m: set() for m in mods}
    for m, p in mods.items():
        text = "\n".join(l.split("//")[0] for l in lines(p))
        text = re.sub(r"#\[cfg\(test\)\]\s*mod tests \{.*", "", text, flags=re.S)
        # `use crate::{a, b::c}` names crate::a and crate::b::c (one level of braces)
        text = re.sub(r"\b((?:crate|super)(?:::super)*)::\{([^{}]*)\}",
                      lambda g: " ".join(f"{g.group(1)}::{x.strip()}" for x in g.group(2).split(",") if x.strip()), text)
        for path in re.findall(r"\b((?:crate|super)(?:::\w+)+)", text):
            parts = path.split("::")
            if parts[0] == "crate":
                target = parts[1:]
            else:
                # `super::x` in a/b.rs, module (a, b), is (a, x); in a/mod.rs, module (a,), it is (x,)
                up = parts.count("super")
                target = list(m)[: max(len(m) - up, 0)] + parts[up:]
            t = resolve(target)
            if t is not None and t != m and not (t[: len(m)] == m):
                graph[m].add(t)
    # Tarjan's strongly connected components
    index, low, stack, on, sccs, counter = {}, {}, [], set(), [], [0]
    def strong(v):
        index[v] = low[v] = counter[0]; counter[0] += 1
        stack.append(v); on.add(v)
        for w in graph[v]:
            if w not in index:
                strong(w); low[v] = min(low[v], low[w])
            elif w in on:
                low[v] = min(low[v], index[w])
        if low[v] == index[v]:
            comp = []
            while True:
                w = stack.pop(); on.discard(w); comp.append(w)
                if w == v:
                    break
            if len(comp) > 1:
                sccs.append(comp)
    sys.setrecursionlimit(10000)
    for v in graph:
        if v not in index:
            strong(v)
    for comp in sccs:
        total += 1
        print(f"  {crate}: " + " <-> ".join("::".join(c) or "lib" for c in sorted(comp)))
print(f"circles: {total}")
