# What CI runs is what you run. `make run` and `make test` are the two set-up commands.
CARGO ?= cargo
export CARGO_TERM_COLOR ?= auto

.PHONY: run test test-sqlite test-postgres test-hardening lint fmt bench bench-cluster bench-checkout bench-booth bench-fair bench-search bench-import seed release fuzz-api metrics

## The storefront with demo data on an embedded SQLite database in ./data.
run:
	$(CARGO) build --bin ocop
	$(CARGO) run -q --bin ocop -- seed --demo
	$(CARGO) run -q --bin ocop -- serve

## The whole suite on SQLite, then again on PostgreSQL + Redis when
## OCOP_TEST_DATABASE_URL and OCOP_TEST_REDIS_URL are set, then the reliability battery.
test: test-sqlite test-postgres test-hardening

test-sqlite:
	env -u OCOP_TEST_DATABASE_URL -u OCOP_TEST_REDIS_URL $(CARGO) test --workspace

test-postgres:
	@if [ -n "$$OCOP_TEST_DATABASE_URL" ]; then \
		echo "== again on $$OCOP_TEST_DATABASE_URL + $${OCOP_TEST_REDIS_URL:-no Redis} =="; \
		$(CARGO) test -p ocop-tests; \
	else \
		echo "OCOP_TEST_DATABASE_URL not set: PostgreSQL + Redis run skipped"; \
	fi

## The reliability battery (issue 14), once: SIGKILL during checkout (PostgreSQL), Redis
## hung and down, a login brute force, overselling at scale (SQLite and PostgreSQL). Each
## test prints its figures as `hardening | test | what = value`; PostgreSQL-only parts skip
## with a message when OCOP_TEST_DATABASE_URL is unset. One test at a time, so the
## latencies measured are not another test's load.
test-hardening:
	@# The test build links target/debug/ocop with the suites' features (a plain
	@# `cargo build --bin ocop` unifies features differently and rebuilds every crate).
	$(CARGO) test -q --workspace --no-run
	$(CARGO) test -p ocop-tests --test hardening -- --nocapture --test-threads=1

lint:
	$(CARGO) fmt --all --check
	$(CARGO) clippy --workspace --all-targets -- -D warnings
	@# --all-targets leaves out targets with test = false (the hardening battery).
	$(CARGO) clippy -p ocop-tests --test hardening -- -D warnings
	@# Domain crates never learn HTTP.
	@for c in ocop-core ocop-accounts ocop-catalog ocop-orders ocop-fairs ocop-figures ocop-payments ocop-pos ocop-search ocop-wholesale ocop-reviews ocop-follows ocop-messages ocop-promotions ocop-academy ocop-demo; do \
		if $(CARGO) tree -p $$c -e normal -i axum >/dev/null 2>&1; then echo "$$c depends on axum"; exit 1; fi; \
	done
	@# Transactions that write open with ocop_core::db::begin_write (SQLite: a plain begin()
	@# that reads first fails with "database is locked" when a worker commits in between).
	@if grep -rn --include=*.rs '\.begin()' crates | grep -v 'crates/core/src/db.rs'; then \
		echo "use ocop_core::db::begin_write instead of begin()"; exit 1; fi

fmt:
	$(CARGO) fmt --all

seed:
	$(CARGO) run -q --bin ocop -- seed --demo

## API fuzzing: schemathesis (pinned in the script, installed with pip if missing) against
## /api/v1/openapi.json of a debug gateway on a fresh demo database, as a guest and as the
## demo shopper; prints responses, 5xx and answers contradicting the document (both must be 0).
## FUZZ_EXAMPLES (per operation) and FUZZ_MAX_TIME (seconds per run) bound it.
fuzz-api:
	scripts/fuzz-api.sh

release:
	$(CARGO) build --release --bin ocop

## Requests per second and memory of a release gateway (needs wrk: apt-get install wrk).
bench: release
	scripts/bench.sh

## Three release gateways on one PostgreSQL + Redis (a fresh database ocop_bench_cluster,
## the demo catalogue): throughput on one instance and on all, how fast a change made on
## one reaches another's search, 50 buyers over the instances for a stock of 10, and the
## mail sent once across them. PG and REDIS name the servers; needs wrk and psql.
bench-cluster: release
	scripts/bench-cluster.sh

## Checkouts per second and their latency on PostgreSQL (a fresh database, 32 buyers at once).
bench-checkout:
	scripts/bench-checkout.sh

## Booth sales per second on PostgreSQL (32 seller phones, every tenth sale sent twice).
bench-booth:
	BENCH=booth scripts/bench-checkout.sh

## A fair's report on a fair of 300 booths and 100,000 online orders (+ 150,000 booth sales),
## on a fresh PostgreSQL database and on SQLite: median and p95 of the report and the
## admins' dashboard, with the row counts.
bench-fair:
	scripts/bench-fair.sh

## `ocop import products` on a catalogue of near-identical names (many shops, the same goods,
## pack sizes, gift boxes) of 10,000 / 50,000 / 100,000 rows, each into a fresh SQLite file
## and a fresh PostgreSQL database (ocop_bench_import_*): rows, seconds, rows/s, peak RSS.
## SIZES and PG change what runs (PG= skips PostgreSQL); needs python3 and psql.
bench-import: release
	scripts/bench-import.sh

## Search quality and speed on a generated 100,000-listing catalogue, beside PostgreSQL
## full-text (unaccent + ts_rank) and SQLite FTS5 on the same catalogue and queries
## (needs python3 and psql; OCOP_BENCH_PG names the PostgreSQL database); then the same
## catalogue in a SQLite database: `ocop reindex` from it and /api/v1/search under wrk
## (32 connections) with the gateway's memory (needs wrk).
SEARCH_SET ?= /tmp/ocop-search-100k
bench-search: release
	python3 scripts/gen-search-catalogue.py 100000 $(SEARCH_SET)
	python3 scripts/bench-search.py $(SEARCH_SET) --ocop $${CARGO_TARGET_DIR:-target}/release/ocop
	scripts/bench-search-http.sh $(SEARCH_SET) $${CARGO_TARGET_DIR:-target}/release/ocop

## House metrics (issue 19): lines per crate, files over 400 lines, functions over 80 lines,
## routes modules naming one another, module circles.
metrics:
	python3 scripts/house-metrics.py .
