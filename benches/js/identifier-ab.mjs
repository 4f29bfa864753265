// Identifier throughput of two builds of the package's main entry, interleaved in one process
// (not a test): statusAll, statusLines, validateAll and validate per code on the bench inputs
// (benches/.data/inputs.txt, written by scripts/bench.sh), median of RUNS runs each, and B/A.
// Used to compare the checker module's builds (e.g. opt-level 3 against "s": docs/wasm-size.md);
// ENTRY=validate-node.js compares the identifier modules (`credit-check/validate`) instead.
//   node --expose-gc benches/js/identifier-ab.mjs PKG_A PKG_B [RUNS]
import { readFileSync } from 'node:fs';
import { pathToFileURL } from 'node:url';

const [A, B, runsArg] = process.argv.slice(2);
if (!A || !B) {
  console.error('usage: node --expose-gc benches/js/identifier-ab.mjs PKG_A PKG_B [RUNS]');
  process.exit(2);
}
const RUNS = Number(runsArg ?? 5);
const inputs = readFileSync(new URL('../.data/inputs.txt', import.meta.url), 'utf8').split('\n');
if (inputs.at(-1) === '') inputs.pop();
const text = inputs.join('\n') + '\n';
const builds = [];
for (const [name, dir] of [['A', A], ['B', B]]) {
  const cc = await import(pathToFileURL(`${dir}/${process.env.ENTRY ?? 'node.js'}`).href);
  await cc.init();
  builds.push({ name, cc });
}
const USCC = { kind: 'uscc' };
const modes = [
  ['statusAll uscc', (cc) => cc.statusAll(inputs, USCC)],
  ['statusAll auto', (cc) => cc.statusAll(inputs)],
  ['statusLines uscc', (cc) => cc.statusLines(text, USCC)],
  ['validateAll uscc', (cc) => cc.validateAll(inputs, USCC)],
  ['validate per code', (cc) => inputs.reduce((n, x) => n + (cc.validate(x, USCC).ok ? 1 : 0), 0)],
];
const median = (xs) => [...xs].sort((a, b) => a - b)[xs.length >> 1];
const rate = (ms) => Math.round((inputs.length / ms) * 1000);
const fmt = (r) => r.toLocaleString('en-US').padStart(11);
console.log(`${inputs.length.toLocaleString('en-US')} inputs, median of ${RUNS} runs, entry ${process.env.ENTRY ?? 'node.js'}; A ${A}, B ${B}`);
for (const [mode, fn] of modes) {
  const times = { A: [], B: [] };
  for (const b of builds) fn(b.cc); // warm-up
  for (let r = 0; r < RUNS; r++) {
    for (const b of builds) {
      globalThis.gc?.();
      const t0 = performance.now();
      fn(b.cc);
      times[b.name].push(performance.now() - t0);
    }
  }
  const [ra, rb] = [rate(median(times.A)), rate(median(times.B))];
  console.log(`${mode.padEnd(18)} A ${fmt(ra)}/s  B ${fmt(rb)}/s  B/A ${(rb / ra).toFixed(2)}`);
}
