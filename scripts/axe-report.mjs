#!/usr/bin/env node
// Prints the axe-core counts per page and state that tests/e2e/a11y.test.mjs measured
// (tests/e2e/artifacts/axe-summary.json) and fails when the file is missing, when a page has no
// state measured, or when any state has a critical or serious violation.
//
//   node scripts/axe-report.mjs            # after node --test tests/e2e/a11y.test.mjs
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const FILE = path.join(ROOT, 'tests/e2e/artifacts/axe-summary.json');
const PAGES = ['index', 'register', 'bid-opening', 'approval', 'inspector'];

let summary;
try {
  summary = JSON.parse(readFileSync(FILE, 'utf8'));
} catch (err) {
  console.error(`axe-report: ${FILE} missing or unreadable (${err.message}); run node --test tests/e2e/a11y.test.mjs`);
  process.exit(1);
}
const rows = summary.results ?? [];
const head = ['page', 'state', 'width', 'lang', 'critical', 'serious', 'moderate', 'minor'];
const body = rows.map((r) => [r.page, r.state, r.viewport, r.lang, r.counts.critical, r.counts.serious, r.counts.moderate, r.counts.minor].map(String));
const widths = head.map((h, i) => Math.max(h.length, ...body.map((b) => [...b[i]].length)));
const line = (cells) => `| ${cells.map((c, i) => c + ' '.repeat(widths[i] - [...c].length)).join(' | ')} |`;
console.log(`axe-core ${summary.axe}, ${rows.length} page states (${summary.measuredAt})`);
console.log(line(head));
console.log(line(widths.map((w) => '-'.repeat(w))));
for (const b of body) console.log(line(b));

const bad = rows.filter((r) => r.counts.critical + r.counts.serious > 0);
const missing = PAGES.filter((p) => !rows.some((r) => r.page === p));
const total = (k) => rows.reduce((n, r) => n + r.counts[k], 0);
console.log(`total: critical ${total('critical')}, serious ${total('serious')}, moderate ${total('moderate')}, minor ${total('minor')}`);
if (missing.length) console.error(`axe-report: no state measured on ${missing.join(', ')}`);
if (bad.length) console.error(`axe-report: critical or serious violations in ${bad.map((r) => `${r.page} / ${r.state}`).join('; ')}`);
process.exit(bad.length || missing.length || rows.length === 0 ? 1 : 0);
