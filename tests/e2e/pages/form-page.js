// The test page of credit-check/form (tests/e2e/form.test.mjs). The query string picks the setup:
//   checker=holder|unavailable|throw|xss|worker   lang=zh-CN|en   failPolicy=block|warn
//   audience=party|officer
//   scenario=…   debounce=ms   members=N (rows to start with)   allowBlocked=1 (the host cancels
//   credit-check:blocked)   autoCheck=0
// Everything the form emits is kept in window.__events (JSON-safe summaries).
import { init, SnapshotHolder } from '/pkg/index.js';
import { CheckerWorker } from '/pkg/worker-client.js';
import { attachCheck } from '/pkg/form.js';

const q = new URLSearchParams(location.search);
const XSS = '<img src=x onerror=alert(1)>';
const events = [];
window.__events = events;

function summary(type, d) {
  if (type === 'credit-check:validation') return { field: d.field, member: d.member, value: d.value, ok: d.result?.ok ?? null, tag: d.element?.localName };
  if (type === 'credit-check:blocked') return { decision: d.decision, reason: d.reason, message: d.message };
  return { decision: d.decision, record: d.record, sha256: d.sha256, request: d.request, error: d.error ?? null, hasVerdict: !!d.verdict };
}

for (const type of ['credit-check:validation', 'credit-check:verdict', 'credit-check:blocked']) {
  // On the document: the events bubble out of the form.
  document.addEventListener(type, (e) => {
    events.push({ type, detail: summary(type, e.detail), cancelable: e.cancelable, composed: e.composed });
    if (type === 'credit-check:blocked' && q.get('allowBlocked') === '1') e.preventDefault();
  });
}

let memberCount = 0;
function addMember() {
  const i = memberCount++;
  const box = document.createElement('div');
  box.className = 'member';
  box.setAttribute('data-cc-member', '');
  for (const [field, text, attr] of [
    ['code', '成员统一社会信用代码', 'code'],
    ['name', '成员名称', 'name'],
    ['label', '成员编号', 'label'],
  ]) {
    const wrap = document.createElement('div');
    wrap.className = 'field';
    const label = document.createElement('label');
    label.htmlFor = `m${i}-${field}`;
    label.textContent = text;
    const input = document.createElement('input');
    input.id = `m${i}-${field}`;
    input.name = `member${i}_${field}`;
    input.autocomplete = 'off';
    input.dataset.cc = attr;
    wrap.append(label, input);
    box.append(wrap);
  }
  document.getElementById('members').append(box);
  return box;
}
document.getElementById('add-member').addEventListener('click', addMember);
for (let i = 0; i < Number(q.get('members') ?? 0); i++) addMember();

async function loadedHolder() {
  const [keys, bytes] = await Promise.all([
    fetch('/tests/data/fixture-keys.json').then((r) => r.text()),
    fetch('/tests/data/fixture.ccs').then((r) => r.arrayBuffer()),
  ]);
  const holder = new SnapshotHolder({ keys, store: { get() {}, set() {} } });
  await holder.update(bytes);
  return { holder, keys };
}

try {
  await init();
  const kind = q.get('checker') ?? 'holder';
  let checker;
  let later = null;
  if (kind === 'unavailable') {
    checker = new SnapshotHolder(); // nothing loaded: check() says 'unavailable'
  } else if (kind === 'throw') {
    checker = {
      check() {
        throw Object.assign(new Error('the checker crashed'), { code: 'WORKER_ERROR', messageZh: '工作线程加载失败或已崩溃' });
      },
    };
  } else if (kind === 'xss') {
    const { holder } = await loadedHolder();
    // A list whose data carries markup: the record name and the objection route.
    checker = {
      check(request) {
        const r = holder.check(request);
        const verdict = structuredClone(r.verdict);
        for (const p of verdict.parties) {
          for (const h of p.hits) {
            h.record.name = XSS;
            h.record.listingAuthority = `${XSS}法院`;
            h.objection.route = { zh: `向${XSS}提出异议`, en: `object at ${XSS}` };
          }
        }
        return { ...r, verdict };
      },
    };
  } else if (kind === 'worker') {
    // Attached with nothing loaded; the worker takes over when its snapshot is in (setChecker).
    checker = new SnapshotHolder();
    later = async (control) => {
      const keys = await fetch('/tests/data/fixture-keys.json').then((r) => r.text());
      const worker = new CheckerWorker();
      await worker.load('/tests/data/fixture.ccs', { keys, store: { get() {}, set() {} } });
      control.setChecker(worker);
    };
  } else {
    checker = (await loadedHolder()).holder;
  }
  const options = {
    checker,
    scenario: q.get('scenario') ?? 'SC-ZFCG-SUPPLIER',
    lang: q.get('lang') ?? undefined,
    audience: q.get('audience') ?? undefined,
    failPolicy: q.get('failPolicy') ?? undefined,
    debounceMs: q.has('debounce') ? Number(q.get('debounce')) : undefined,
    autoCheck: q.get('autoCheck') !== '0',
  };
  for (const k of Object.keys(options)) if (options[k] === undefined) delete options[k];
  const control = attachCheck(document.getElementById('bid'), options);
  window.__control = control;
  if (later) await later(control);
  document.documentElement.dataset.ready = 'true';
} catch (err) {
  document.documentElement.dataset.ready = 'failed';
  document.documentElement.dataset.error = String(err?.stack ?? err);
  throw err;
}
