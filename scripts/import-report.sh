#!/usr/bin/env bash
# Per published format: rows read, records made, rows reported, and the decisions the end-to-end
# tests produce (import → build → check at cut-off 2026-06-01), from tests/import_formats.rs.
#
#   bash scripts/import-report.sh
set -euo pipefail
cd "$(dirname "$0")/.."
OUT=$(cargo test --test import_formats -- --nocapture --test-threads 1 2>&1) || {
    echo "$OUT" | tail -40 >&2
    exit 1
}
echo "| format | rows read | records made | rows reported | decisions (e2e) |"
echo "|---|---:|---:|---:|---|"
echo "$OUT" | grep -o 'IMPORT-FIGURE|.*' | sort | while IFS='|' read -r _ format read made reported decisions; do
    echo "| $format | $read | $made | $reported | $decisions |"
done
