// The browser/bundler entry (../index.js) run under Node: it cannot fetch its own file: URL here,
// so it is given the module as a Response (the streaming path a browser takes) or as bytes.
// node --test runs each file in its own process, so this module state is fresh.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { execFileSync } from 'node:child_process';
import { init, isReady, validate, statusAll, detect, version } from '../index.js';

const WASM = new URL('../wasm/credit_check_bg.wasm', import.meta.url);
const XIAOMI = '91110108551385082Q';

test('before init: NOT_INITIALIZED', () => {
  assert.equal(isReady(), false);
  assert.throws(() => validate(XIAOMI), (e) => e instanceof Error && e.code === 'NOT_INITIALIZED');
  assert.throws(() => version(), (e) => e.code === 'NOT_INITIALIZED');
});

test('init() without a source fetches wasm/credit_check_bg.wasm, which Node cannot: it rejects and may be retried', async () => {
  await assert.rejects(init(), Error);
  assert.equal(isReady(), false);
});

test('init(Response) — the streaming path browsers take — then validate', async () => {
  const bytes = await readFile(WASM);
  await init(new Response(bytes, { headers: { 'content-type': 'application/wasm' } }));
  assert.equal(isReady(), true);
  const v = validate(' ９１１１０１０８５５１３８５０８２ｑ');
  assert.equal(v.ok, true);
  assert.equal(v.kind, 'uscc');
  assert.equal(v.normalized, XIAOMI);
  assert.equal(v.parts.division.name, '北京市海淀区');
  assert.equal(v.parts.authority.name, '工商');
  assert.deepEqual(Array.from(statusAll([XIAOMI, '91110108551385083A', null])), [0, 2, 2]);
  assert.deepEqual(detect('55138508-2'), ['orgCode']);
  // A later init with another source is a no-op.
  await init(new Uint8Array([0, 1, 2]));
  assert.equal(validate(XIAOMI).ok, true);
});

test('the browser entry also loads from raw bytes (fresh process)', () => {
  const entry = new URL('../index.js', import.meta.url).href;
  const out = execFileSync(
    process.execPath,
    [
      '--input-type=module',
      '-e',
      `import { readFile } from 'node:fs/promises';
       const m = await import(${JSON.stringify(entry)});
       await m.init(await readFile(new URL(${JSON.stringify(WASM.href)})));
       console.log(JSON.stringify(m.validate('55138508-2')));`,
    ],
    { encoding: 'utf8', timeout: 30_000 },
  );
  const v = JSON.parse(out);
  assert.equal(v.ok, true);
  assert.equal(v.kind, 'orgCode');
  assert.deepEqual(v.parts, { formatted: '55138508-2', checkCharacter: '2' });
});
