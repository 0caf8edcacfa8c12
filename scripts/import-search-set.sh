#!/usr/bin/env bash
# Fills the database OCOP_DATABASE_URL / OCOP_DATA_DIR names (migrated, no products yet) with
# a generated search catalogue the way an operator would: the catalogue as an import CSV
# (scripts/search-set-to-import.py), an admin to record it under, then
# `ocop import products --approve --create-shops`, timed.
#   scripts/import-search-set.sh SET_DIR OCOP_BINARY
set -euo pipefail
cd "$(dirname "$0")/.."
SET=${1:?usage: import-search-set.sh SET_DIR OCOP_BINARY}
BIN=${2:?usage: import-search-set.sh SET_DIR OCOP_BINARY}
CSV=$(mktemp --suffix=.csv)
trap 'rm -f "$CSV"' EXIT
python3 scripts/search-set-to-import.py "$SET" "$CSV"
"$BIN" user create --email bench-import@choocop.vn --password 'bench-import-1' --role admin >/dev/null
started=$(date +%s.%N)
"$BIN" import products "$CSV" --approve --create-shops 2>&1 | tail -1
echo "import: $(($(wc -l < "$CSV") - 1)) rows in $(awk -v s="$started" -v e="$(date +%s.%N)" 'BEGIN { printf "%.1f", e - s }') s"
