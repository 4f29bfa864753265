#!/usr/bin/env bash
# Builds everything, makes the demo data (a signed snapshot of synthetic and hand-written records,
# the demo key and the personas: scripts/demo-data.sh) and serves the demo site:
# http://127.0.0.1:8080/ (PORT and HOST to change).
set -euo pipefail
ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$ROOT"
WITH_BROWSER=0 source scripts/setup.sh
bash scripts/build.sh
bash scripts/demo-data.sh

# The pages there are now (PORT=0 picks a free port: take it from the "serving" line below).
PORT_SHOWN=${PORT:-8080}
[ "$PORT_SHOWN" != 0 ] || PORT_SHOWN='<port>'
BASE="http://${HOST:-127.0.0.1}:$PORT_SHOWN"
case ${HOST:-} in *:*) BASE="http://[${HOST}]:$PORT_SHOWN" ;; esac
echo "demo pages:"
for page in www/*.html www/*/*.html; do
  [ -f "$page" ] || continue
  echo "  $BASE/${page#www/}"
done
echo "  $BASE/register.html?snapshot=tampered   (a tampered snapshot: refused, DIGEST_MISMATCH; the form follows its fail policy)"
echo "  $BASE/register.html?snapshot=stale      (an expired snapshot: every check says stale)"
echo "  $BASE/demo-data/personas.json        (the demo personas and their expected decisions)"
exec node scripts/serve.mjs
