// Main-thread blocking while a snapshot loads: in a Web Worker (CheckerWorker) vs on the main
// thread (loadSnapshot). See worker-load.html for the query string. While each load runs, the page
// records long tasks (PerformanceObserver 'longtask': main-thread tasks over 50 ms) and the gaps
// between animation frames; total blocking time is the sum over long tasks of (duration − 50 ms).
import { CheckerWorker } from '/pkg/worker-client.js';
import { init, loadSnapshot } from '/pkg/index.js';

const params = new URLSearchParams(location.search);
const out = document.getElementById('out');
const ticker = document.getElementById('ticker');

function timeParam(v) {
  if (v == null || v === '') return undefined;
  return /^\d+$/.test(v) ? Number(v) : Date.parse(v);
}

/** Starts recording; `stop()` resolves to the figures for the window since `start`. */
function startRecording() {
  const t0 = performance.now();
  const tasks = [];
  let observer = null;
  if (PerformanceObserver.supportedEntryTypes?.includes('longtask')) {
    observer = new PerformanceObserver((list) => {
      for (const e of list.getEntries()) tasks.push({ start: e.startTime, duration: e.duration });
    });
    observer.observe({ type: 'longtask' });
  }
  let last = t0;
  let maxGap = 0;
  let frames = 0;
  let running = true;
  const tick = () => {
    const now = performance.now();
    maxGap = Math.max(maxGap, now - last);
    last = now;
    frames++;
    ticker.textContent = String(frames);
    if (running) requestAnimationFrame(tick);
  };
  requestAnimationFrame(tick);
  return {
    t0,
    async stop(t1) {
      // Two more frames, so that a gap ending after the load is counted, then a pause for the
      // observer to deliver the last entries.
      await new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r)));
      await new Promise((r) => setTimeout(r, 100));
      running = false;
      if (observer) {
        for (const e of observer.takeRecords()) tasks.push({ start: e.startTime, duration: e.duration });
        observer.disconnect();
      }
      const inWindow = tasks.filter((t) => t.start + t.duration >= t0 && t.start <= t1);
      const durations = inWindow.map((t) => Math.round(t.duration));
      return {
        totalMs: Math.round(t1 - t0),
        longTasks: inWindow.length,
        maxLongTaskMs: durations.length ? Math.max(...durations) : 0,
        totalBlockingMs: Math.round(inWindow.reduce((s, t) => s + Math.max(0, t.duration - 50), 0)),
        maxFrameGapMs: Math.round(maxGap),
        frames,
        longTaskDurations: durations,
        longTaskSupported: observer != null,
      };
    },
  };
}

/** A code to ask: the one given, or the first record's USCC / organisation code / registration number. */
async function pickCode(record) {
  if (params.get('code')) return params.get('code');
  for (let row = 0; row < 50; row++) {
    const r = await record(row);
    const code = r?.uscc ?? r?.orgCode ?? r?.registrationNumber;
    if (code) return code;
  }
  return '91110108551385082Q';
}

const memoryStore = () => {
  const m = new Map();
  return { get: (k) => m.get(k), set: (k, v) => void m.set(k, v) };
};

async function runWorker(source, keys, now, shared) {
  const rec = startRecording();
  const progress = [];
  const checker = new CheckerWorker({ store: memoryStore() });
  try {
    const status = await checker.load(source, { keys, now, onProgress: (p) => progress.push(p) });
    const code = shared.code ?? (shared.code = await pickCode((row) => checker.record(row)));
    const lookup = await checker.lookup(code);
    const t1 = performance.now();
    const figures = await rec.stop(t1);
    return { ...figures, status, code, lookup, progressEvents: progress.length, lastProgress: progress.at(-1) ?? null };
  } finally {
    checker.terminate(); // frees the worker's memory before the main-thread run
  }
}

async function runMain(source, keys, now, shared) {
  const rec = startRecording();
  await init();
  const progress = [];
  const snapshot = await loadSnapshot(source, { keys, now, store: memoryStore(), onProgress: (p) => progress.push(p) });
  try {
    const ti = performance.now();
    snapshot.buildNameIndex(); // as the worker does, so that both end ready to screen
    const indexMs = Math.round(performance.now() - ti);
    const status = snapshot.status(now);
    const code = shared.code ?? (shared.code = await pickCode((row) => snapshot.record(row)));
    const lookup = snapshot.lookup(code);
    const t1 = performance.now();
    const figures = await rec.stop(t1);
    return { ...figures, indexMs, status, code, lookup, progressEvents: progress.length, lastProgress: progress.at(-1) ?? null };
  } finally {
    snapshot.close();
  }
}

async function main() {
  const snapshotUrl = params.get('snapshot');
  const keysUrl = params.get('keys');
  if (!snapshotUrl || !keysUrl) throw Object.assign(new Error('worker-load.html needs ?snapshot=URL&keys=URL'), { code: 'BAD_PARAMS' });
  const source = new URL(snapshotUrl, location.href).href;
  const keysResponse = await fetch(new URL(keysUrl, location.href));
  if (!keysResponse.ok) throw Object.assign(new Error(`keys: HTTP ${keysResponse.status}`), { code: 'FETCH_FAILED' });
  const keys = await keysResponse.text();
  const now = timeParam(params.get('now'));
  const modes = (params.get('modes') ?? 'worker,main').split(',').filter(Boolean);
  const result = { snapshot: source, modes, userAgent: navigator.userAgent };
  const shared = {};
  // Let the page settle (first paint, module loading) before measuring.
  await new Promise((r) => setTimeout(r, 300));
  for (const mode of modes) {
    out.textContent = `running ${mode}…`;
    if (mode === 'worker') result.worker = await runWorker(source, keys, now, shared);
    else if (mode === 'main') result.main = await runMain(source, keys, now, shared);
    else throw Object.assign(new Error(`unknown mode ${mode}`), { code: 'BAD_PARAMS' });
    await new Promise((r) => setTimeout(r, 300));
  }
  return result;
}

main().then(
  (result) => {
    window.__result = result;
    out.textContent = JSON.stringify(result, (k, v) => (k === 'lookup' || k === 'status' ? undefined : v), 2);
    document.documentElement.dataset.done = 'true';
  },
  (err) => {
    window.__result = { error: { code: err?.code ?? 'ERROR', message: String(err?.message ?? err), messageZh: err?.messageZh } };
    out.textContent = `error: ${err?.code ?? ''} ${err?.message ?? err}`;
    document.documentElement.dataset.done = 'error';
  },
);
