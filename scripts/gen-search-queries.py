#!/usr/bin/env python3
"""A wide, repeatable mix of shoppers' searches for load tests: thousands of distinct
queries made from a search catalogue's goods (whole names, their first or last words,
without diacritics, half-typed, with a slip of the keyboard, with a place or a star count,
the judged queries as typed) and shop filters (group, province, stars, a sort, a later
page), then a stream of requests drawn from them by a Zipf law (the k-th most asked one
asked in proportion to 1/k^s), as search logs go: a few searches very often, most rarely.

    scripts/gen-search-queries.py SET_DIR OUT [--distinct 5000] [--requests 400000] [--s 1.0]

SET_DIR holds catalogue.csv and judgments.toml (scripts/gen-search-catalogue.py). OUT gets
one /api/v1/search path a line, in the order to send them. Seeded: the same arguments give
the same file. Prints how many distinct searches the stream holds and the share of the
most asked ones, so a cache's hit rate can be read against them.
"""
import argparse
import bisect
import csv
import itertools
import os
import random
import re
import tomllib
import unicodedata
import urllib.parse

GROUPS = ["thuc-pham", "do-uong", "thao-duoc", "vai-may-mac", "luu-niem-noi-that-trang-tri",
          "dich-vu-du-lich-nong-thon"]
SORTS = ["price_asc", "price_desc", "newest", "best_selling"]
PLACES = ["Quảng Ninh", "Hà Giang", "Tây Nguyên", "miền Tây", "Đà Lạt", "Hạ Long", "Bến Tre", "Huế",
          "Thái Nguyên", "Sơn La", "Lào Cai", "Nghệ An", "Phú Quốc", "Hà Nội"]


def fold(text):
    text = unicodedata.normalize("NFD", text.replace("đ", "d").replace("Đ", "D"))
    return "".join(c for c in text if not unicodedata.combining(c))


def words(name):
    # Sizes and packs ("500 g", "hộp 3 gói") are not what shoppers type.
    return [w for w in re.split(r"\s+", name) if w and not any(ch.isdigit() for ch in w)]


def slip(word, rng):
    """One keyboard slip: a letter dropped, doubled or two swapped."""
    if len(word) < 4:
        return word
    i = rng.randrange(1, len(word) - 1)
    kind = rng.randrange(3)
    if kind == 0:
        return word[:i] + word[i + 1:]
    if kind == 1:
        return word[:i] + word[i] + word[i:]
    return word[:i - 1] + word[i] + word[i - 1] + word[i + 1:]


def texts(name, rng):
    w = words(name)
    if not w:
        return []
    out = [" ".join(w), " ".join(w[:2]), " ".join(w[:3]), " ".join(w[-2:]), fold(" ".join(w[:3])).lower()]
    if len(w) >= 2:
        out.append(" ".join(w[:2]) + " " + rng.choice(PLACES))
        out.append(f"{w[0]} {w[1][:rng.randint(1, max(1, len(w[1]) - 1))]}")
        out.append(" ".join(w[:2]).lower().replace(w[1].lower(), slip(w[1].lower(), rng)))
    out.append(f"OCOP {rng.choice([3, 4, 5])} sao {w[0].lower()}")
    out.append(f"đặc sản {rng.choice(PLACES)}")
    return out


def filters(rng):
    extra = []
    if rng.random() < 0.12:
        extra.append(("category", rng.choice(GROUPS)))
    if rng.random() < 0.10:
        extra.append(("province", rng.choice(PLACES)))
    if rng.random() < 0.10:
        extra.append(("min_stars", str(rng.choice([3, 4, 5]))))
    if rng.random() < 0.12:
        extra.append(("sort", rng.choice(SORTS)))
    if rng.random() < 0.10:
        extra.append(("page", str(rng.choice([2, 3]))))
    return extra


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("set")
    ap.add_argument("out")
    ap.add_argument("--distinct", type=int, default=5000)
    ap.add_argument("--requests", type=int, default=400_000)
    ap.add_argument("--s", type=float, default=1.0, help="the Zipf exponent")
    ap.add_argument("--seed", type=int, default=2026)
    args = ap.parse_args()
    rng = random.Random(args.seed)

    with open(os.path.join(args.set, "catalogue.csv"), newline="") as f:
        names = sorted({row["name"] for row in csv.DictReader(f) if row["slug"] == row.get("canonical", row["slug"])})
    with open(os.path.join(args.set, "judgments.toml"), "rb") as f:
        judged = [q["q"] for q in tomllib.load(f)["query"]]

    candidates = [(q, ()) for q in judged]
    for name in names:
        candidates.extend((t, ()) for t in texts(name, rng))
    seen, searches = set(), []
    # Each text alone, then again with shop filters, until there are enough distinct ones.
    for round_ in itertools.count():
        rng.shuffle(candidates)
        for q, _ in candidates:
            extra = tuple(filters(rng)) if round_ > 0 else ()
            key = (q, extra)
            if key not in seen:
                seen.add(key)
                searches.append(key)
            if len(searches) == args.distinct:
                break
        if len(searches) == args.distinct or round_ > 50:
            break
    rng.shuffle(searches)  # which searches are popular is left to chance

    weights = [1 / (k ** args.s) for k in range(1, len(searches) + 1)]
    cumulative = list(itertools.accumulate(weights))
    total = cumulative[-1]
    drawn = [bisect.bisect_left(cumulative, rng.random() * total) for _ in range(args.requests)]
    with open(args.out, "w") as f:
        for i in drawn:
            q, extra = searches[i]
            f.write("/api/v1/search?" + urllib.parse.urlencode([("q", q), *extra]) + "\n")
    top = lambda n: sum(weights[:n]) / total
    print(f"{len(searches)} distinct searches, {args.requests} requests (Zipf s={args.s}): "
          f"the most asked one {top(1):.1%} of requests, the top 100 {top(100):.1%}, "
          f"distinct in the first 50,000 requests {len(set(drawn[:50_000]))}")


if __name__ == "__main__":
    main()
