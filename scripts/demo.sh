#!/usr/bin/env bash
# Builds everything and serves the demo site: http://127.0.0.1:8080/ (PORT and HOST to change).
set -euo pipefail
ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$ROOT"
WITH_BROWSER=0 source scripts/setup.sh
bash scripts/build.sh
exec node scripts/serve.mjs
