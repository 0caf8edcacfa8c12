#!/usr/bin/env python3
"""The same judged queries on the same catalogue against three engines, quality and
latency side by side: Chợ OCOP's tantivy index (in process, through `ocop search bench`),
PostgreSQL full-text (unaccent + ts_rank, through psql) and SQLite FTS5 (unicode61
remove_diacritics 2, in process through Python's sqlite3).

    scripts/bench-search.py DIR [--ocop target/release/ocop] [--pg postgres://…] [--rounds 3]

DIR holds catalogue.csv and judgments.toml (scripts/gen-search-catalogue.py). Copies of one
good (the `canonical` column) are collapsed before scoring, as for the tantivy run.
"""
import argparse
import csv
import json
import math
import os
import re
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import time
import tomllib

K = 10


def score(ranked, grades):
    gain = lambda g: (1 << g) - 1
    disc = lambda i: 1 / math.log2(i + 2)
    top = [grades.get(s, 0) for s in ranked[:K]]
    dcg = sum(gain(g) * disc(i) for i, g in enumerate(top))
    ideal = sorted((g for g in grades.values() if g > 0), reverse=True)
    idcg = sum(gain(g) * disc(i) for i, g in enumerate(ideal[:K]))
    mrr = next((1 / (i + 1) for i, g in enumerate(top) if g > 0), 0.0)
    found = sum(1 for g in top if g > 0)
    return (dcg / idcg if idcg else 0.0, mrr, found / min(K, len(ideal)) if ideal else 0.0)


def collapse(slugs, canonical):
    seen, out = set(), []
    for s in slugs:
        c = canonical.get(s, s)
        if c not in seen:
            seen.add(c)
            out.append(c)
    return out[:K]


def words(q):
    return [w for w in re.split(r"\W+", q.lower()) if w]


def quality(name, results, queries, canonical):
    by_kind, all_scores = {}, []
    for q, ranked in zip(queries, results):
        s = score(collapse(ranked, canonical), q["grades"])
        by_kind.setdefault(q["kind"], []).append(s[0])
        all_scores.append(s)
    return {
        "engine": name,
        "ndcg": statistics.mean(s[0] for s in all_scores),
        "mrr": statistics.mean(s[1] for s in all_scores),
        "recall": statistics.mean(s[2] for s in all_scores),
        "ndcg_by_kind": {k: statistics.mean(v) for k, v in by_kind.items()},
    }


def pct(xs, p):
    xs = sorted(xs)
    return xs[min(len(xs) - 1, round((len(xs) - 1) * p))] if xs else 0.0


def sqlite_fts5(rows, queries, rounds):
    db = sqlite3.connect(":memory:")
    db.execute("CREATE VIRTUAL TABLE p USING fts5(slug UNINDEXED, name, meta, description, "
               "tokenize='unicode61 remove_diacritics 2')")
    t = time.perf_counter()
    db.executemany("INSERT INTO p VALUES (?,?,?,?)",
                   ((r["slug"], r["name"], f'{r["province"]} {r["shop_name"]} {r["category"]}', r["description"]) for r in rows))
    db.commit()
    build = time.perf_counter() - t
    results, times = [], []
    for round_ in range(rounds):
        for q in queries:
            ws = words(q["q"])
            match = " ".join('"' + w.replace('"', '""') + '"' for w in ws)
            t = time.perf_counter()
            found = [r[0] for r in db.execute(
                "SELECT slug FROM p WHERE p MATCH ? ORDER BY bm25(p, 0, 10.0, 2.0, 1.0) LIMIT 100", (match,))] if ws else []
            times.append((time.perf_counter() - t) * 1000)
            if round_ == 0:
                results.append(found)
    return results, times, len(rows) / build


def psql(url, sql):
    return subprocess.run(["psql", url, "-X", "-q", "-A", "-t", "-v", "ON_ERROR_STOP=1"], input=sql, text=True,
                          capture_output=True, check=True).stdout


def postgres(url, rows, queries, rounds):
    with tempfile.NamedTemporaryFile("w", suffix=".csv", delete=False, newline="") as f:
        w = csv.writer(f)
        for r in rows:
            w.writerow([r["slug"], r["name"], f'{r["province"]} {r["shop_name"]} {r["category"]}', r["description"]])
        path = f.name
    setup = f"""
CREATE EXTENSION IF NOT EXISTS unaccent;
DROP SCHEMA IF EXISTS bench_search CASCADE; CREATE SCHEMA bench_search;
CREATE TABLE bench_search.p (slug text, name text, meta text, description text, doc tsvector);
\\copy bench_search.p (slug, name, meta, description) FROM '{path}' WITH (FORMAT csv)
UPDATE bench_search.p SET doc = setweight(to_tsvector('simple', unaccent(name)), 'A')
  || setweight(to_tsvector('simple', unaccent(meta)), 'B') || setweight(to_tsvector('simple', unaccent(description)), 'C');
CREATE INDEX ON bench_search.p USING gin (doc);
ANALYZE bench_search.p;
"""
    t = time.perf_counter()
    psql(url, setup)
    build = time.perf_counter() - t
    os.unlink(path)
    script = ["\\timing on"]
    for _ in range(rounds):
        for i, q in enumerate(queries):
            lit = q["q"].replace("'", "''")
            script.append(f"\\echo @@{i}")
            script.append(f"SELECT slug FROM bench_search.p, plainto_tsquery('simple', unaccent('{lit}')) q "
                          f"WHERE doc @@ q ORDER BY ts_rank(doc, q) DESC LIMIT 100;")
    out = psql(url, "\n".join(script) + "\n")
    results, times, current = {}, [], None
    for line in out.splitlines():
        if line.startswith("@@"):
            current = int(line[2:])
            results.setdefault(current, [])
            fresh = len(results[current]) == 0
        elif line.startswith("Time: "):
            times.append(float(line.split()[1]))
        elif line and current is not None and fresh:
            results[current].append(line)
    psql(url, "DROP SCHEMA bench_search CASCADE;")
    return [results.get(i, []) for i in range(len(queries))], times, len(rows) / build


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("dir")
    ap.add_argument("--ocop", default="target/release/ocop")
    ap.add_argument("--pg", default=os.environ.get("OCOP_BENCH_PG", "postgres://postgres@127.0.0.1:5432/test"))
    ap.add_argument("--rounds", type=int, default=3)
    a = ap.parse_args()
    with open(os.path.join(a.dir, "catalogue.csv"), newline="") as f:
        rows = list(csv.DictReader(f))
    with open(os.path.join(a.dir, "judgments.toml"), "rb") as f:
        queries = tomllib.load(f)["query"]
    canonical = {r["slug"]: r.get("canonical") or r["slug"] for r in rows}
    table = []

    out = subprocess.run([a.ocop, "search", "bench", "--set", a.dir, "--rounds", str(a.rounds)],
                         capture_output=True, text=True, check=True).stdout
    line = next(l for l in out.splitlines() if l.startswith("JSON "))
    ours = json.loads(line[5:])
    b = ours["bench"]
    table.append({"engine": "tantivy (ocop)", "ndcg": ours["ndcg"], "mrr": ours["mrr"], "recall": ours["recall"],
                  "ndcg_by_kind": ours["ndcg_by_kind"], "median": b["query_median_ms"], "p99": b["query_p99_ms"],
                  "build": b["rebuild_per_second"]})

    res, times, build = sqlite_fts5(rows, queries, a.rounds)
    table.append({**quality("SQLite FTS5", res, queries, canonical), "median": pct(times, 0.5), "p99": pct(times, 0.99), "build": build})
    try:
        res, times, build = postgres(a.pg, rows, queries, a.rounds)
        table.append({**quality("PostgreSQL FTS", res, queries, canonical), "median": pct(times, 0.5), "p99": pct(times, 0.99), "build": build})
    except (subprocess.CalledProcessError, FileNotFoundError) as e:
        print(f"PostgreSQL skipped: {getattr(e, 'stderr', e)}", file=sys.stderr)

    print(f"{len(rows)} listings, {len(queries)} queries, copies collapsed, {a.rounds} rounds")
    print(f"{'engine':<16} {'nDCG@10':>8} {'MRR@10':>7} {'rec@10':>7} {'median ms':>10} {'p99 ms':>8} {'build/s':>9}")
    for r in table:
        print(f"{r['engine']:<16} {r['ndcg']:>8.3f} {r['mrr']:>7.3f} {r['recall']:>7.3f} {r['median']:>10.3f} {r['p99']:>8.3f} {r['build']:>9.0f}")
    kinds = sorted(table[0]["ndcg_by_kind"])
    print("\nnDCG@10 by kind")
    print(f"{'kind':<11}" + "".join(f" {r['engine'][:15]:>16}" for r in table))
    for k in kinds:
        print(f"{k:<11}" + "".join(f" {r['ndcg_by_kind'].get(k, 0):>16.3f}" for r in table))
    print(f"\n{out.strip().splitlines()[3]}  (tantivy, in process)")
    print(f"{out.strip().splitlines()[4]}  (tantivy process, catalogue rows included)")


if __name__ == "__main__":
    main()
