// Writes the benchmark inputs: N lines of mixed USCC inputs (inputs.txt) and, line for line,
// what each was made as (labels.txt). Seeded, so the same seed and N give the same bytes.
//
//   node benches/js/gen_inputs.mjs OUT_DIR [N] [SEED]
//
// Mix: ~60% valid codes (correct positions 17 and 18, current divisions, authority/category
// pairs from the standard's table), ~15% variants of valid codes (full-width, lowercase,
// spaced or hyphenated, padded), ~25% invalid (wrong position 18, wrong length, illegal
// characters, the letter O for a zero).
import { existsSync, mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { ALPHABET, COUNTIES, PREFECTURES, PROVINCES, PAIRS, complete16, fullWidth, rulesCases } from './uscc.mjs';

export const GENERATOR_VERSION = 1;

// mulberry32: small, fast, and the same in every engine.
function rng(seed) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export function generate(n, seed) {
  const r = rng(seed);
  const int = (k) => Math.floor(r() * k);
  const pick = (xs) => xs[int(xs.length)];
  const pairTotal = PAIRS.reduce((s, [, w]) => s + w, 0);
  const pair = () => {
    let x = r() * pairTotal;
    for (const [p, w] of PAIRS) if ((x -= w) < 0) return p;
    return PAIRS[0][0];
  };
  const DIGITS = '0123456789';
  const division = (p) => {
    const x = r();
    if (p[0] === '1' && x < 0.1) return 100000; // central organs
    if (x < 0.05) return pick(PROVINCES);
    if (x < 0.15) return pick(PREFECTURES);
    return pick(COUNTIES);
  };
  const body = () => {
    // Organisation codes: old all-digit ones, and the post-2015 "MA" series.
    let s = r() < 0.55 ? '' : 'MA';
    const letters = s ? 0.3 : 0.03;
    while (s.length < 8) s += r() < letters ? ALPHABET[10 + int(21)] : DIGITS[int(10)];
    return s;
  };
  const valid = () => {
    const p = pair();
    return complete16(p + String(division(p)) + body());
  };

  const variant = (code) => {
    for (;;) {
      let s = code;
      const lower = r() < 0.4;
      const space = r() < 0.45;
      const wide = r() < 0.5;
      const pad = r() < 0.2;
      if (lower) s = s.toLowerCase();
      if (space) {
        const k = int(3);
        if (k === 0) s = `${s.slice(0, 4)} ${s.slice(4, 8)} ${s.slice(8, 12)} ${s.slice(12, 16)} ${s.slice(16)}`;
        else if (k === 1) s = `${s.slice(0, 8)}-${s.slice(8)}`;
        else s = `${s.slice(0, 2)} ${s.slice(2, 8)} ${s.slice(8, 17)} ${s.slice(17)}`;
      }
      if (wide) {
        if (r() < 0.7) s = fullWidth(s);
        else {
          // a few characters typed with the IME still in full-width mode
          const cs = [...s];
          for (let k = 0; k < 3; k++) {
            const i = int(cs.length);
            cs[i] = fullWidth(cs[i]);
          }
          s = cs.join('');
        }
      }
      if (pad) s = pick([' ', '\u3000', '\t', '  ']) + s + pick(['', ' ', '\u3000']);
      if (s !== code) return s;
    }
  };

  const ILLEGAL = ['I', 'Z', 'S', 'V', '*', '#', '.', '_', '/', '?', '中', '号', 'ⅰ', 'Ｉ'];
  const invalid = (code) => {
    const x = r();
    if (x < 0.32) {
      // wrong position 18
      let c;
      do c = ALPHABET[int(31)];
      while (c === code[17]);
      return ['bad-check', code.slice(0, 17) + c];
    }
    if (x < 0.56) {
      // wrong length: a character dropped, doubled, or the last two cut off
      const y = r();
      const i = int(18);
      if (y < 0.5) return ['bad-length', code.slice(0, i) + code.slice(i + 1)];
      if (y < 0.85) return ['bad-length', code.slice(0, i) + code[i] + code.slice(i)];
      return ['bad-length', code.slice(0, 16)];
    }
    if (x < 0.8) {
      // illegal character: a letter the alphabet leaves out, punctuation, a Han character,
      // or a letter among the division digits (positions 3-8)
      const cs = [...code];
      if (r() < 0.2) cs[2 + int(6)] = ALPHABET[10 + int(21)];
      else cs[int(18)] = pick(ILLEGAL);
      return ['illegal-char', cs.join('')];
    }
    // the letter O typed for a zero
    const zeros = [];
    for (let i = 0; i < 18; i++) if (code[i] === '0') zeros.push(i);
    if (zeros.length === 0) return invalid(code);
    const i = pick(zeros);
    return ['letter-O', `${code.slice(0, i)}O${code.slice(i + 1)}`];
  };

  const inputs = new Array(n);
  const labels = new Array(n);
  for (let k = 0; k < n; k++) {
    const x = r();
    const code = valid();
    if (x < 0.6) {
      inputs[k] = code;
      labels[k] = 'valid';
    } else if (x < 0.75) {
      inputs[k] = variant(code);
      labels[k] = 'variant';
    } else {
      [labels[k], inputs[k]] = invalid(code);
    }
  }
  return { inputs, labels };
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const [out, nArg, seedArg] = process.argv.slice(2);
  if (!out) {
    console.error('usage: node gen_inputs.mjs OUT_DIR [N] [SEED]');
    process.exit(2);
  }
  const n = Number(nArg ?? 1_000_000);
  const seed = Number(seedArg ?? 20150101);
  mkdirSync(out, { recursive: true });
  // The rules cases are small: always rewritten.
  writeFileSync(join(out, 'rules.json'), `${JSON.stringify(rulesCases(), null, 1)}\n`);
  // The inputs are made once per generator version, N and seed.
  const meta = `generator=${GENERATOR_VERSION} n=${n} seed=${seed}\n`;
  const metaPath = join(out, 'inputs.meta');
  const have = existsSync(metaPath) && existsSync(join(out, 'inputs.txt')) && existsSync(join(out, 'labels.txt'))
    ? readFileSync(metaPath, 'utf8') : '';
  if (have === meta) {
    console.log(`inputs: ${join(out, 'inputs.txt')} (${meta.trim()}) already there`);
  } else {
    const t0 = performance.now();
    const { inputs, labels } = generate(n, seed);
    // Written beside, then renamed, meta last: an interrupted run never leaves a half file behind.
    rmSync(metaPath, { force: true });
    writeFileSync(join(out, 'inputs.txt.tmp'), `${inputs.join('\n')}\n`);
    writeFileSync(join(out, 'labels.txt.tmp'), `${labels.join('\n')}\n`);
    renameSync(join(out, 'labels.txt.tmp'), join(out, 'labels.txt'));
    renameSync(join(out, 'inputs.txt.tmp'), join(out, 'inputs.txt'));
    writeFileSync(metaPath, meta);
    const secs = ((performance.now() - t0) / 1000).toFixed(1);
    console.log(`inputs: wrote ${n} to ${join(out, 'inputs.txt')} (seed ${seed}) in ${secs} s`);
  }
}
