// The page side of www/bench/national.html: compiles the wasm once and runs each check in a
// fresh dedicated Worker (national-worker.js), as a portal would. See national.html.
import { compileWasm } from '/pkg/index.js';

const out = document.getElementById('out');
const wasm = compileWasm();
let worker = null;

function call(msg) {
  return new Promise((resolve, reject) => {
    worker.onmessage = (e) => {
      if (e.data.ok) resolve(e.data.result);
      else reject(Object.assign(new Error(e.data.error.message), e.data.error));
    };
    worker.onerror = (e) => reject(Object.assign(new Error(e.message || 'worker error'), { code: 'WORKER_ERROR' }));
    worker.postMessage(msg);
  });
}

function close() {
  worker?.terminate();
  worker = null;
}

async function start() {
  close();
  worker = new Worker(new URL('./national-worker.js', import.meta.url), { type: 'module', name: 'national-bench' });
  return call({ op: 'init', wasm: await wasm });
}

async function run(msg) {
  if (!worker) await start();
  const result = await call(msg);
  out.textContent = JSON.stringify({ ...result, files: result.files?.length }, null, 2);
  return result;
}

window.bench = { start, run, close };
wasm.then(
  () => {
    out.textContent = 'ready';
    document.documentElement.dataset.ready = 'true';
  },
  (err) => {
    out.textContent = `error: ${err?.message ?? err}`;
    document.documentElement.dataset.ready = 'error';
  },
);
