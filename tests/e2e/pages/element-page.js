// The <credit-check-form> test page (tests/e2e/form.test.mjs). ?early=1 sets the checker property
// before the element is defined (the upgrade path).
import { init, SnapshotHolder } from '/pkg/index.js';
import { defineCreditCheckElements } from '/pkg/form.js';

const q = new URLSearchParams(location.search);
const events = [];
window.__events = events;
for (const type of ['credit-check:validation', 'credit-check:verdict', 'credit-check:blocked']) {
  document.addEventListener(type, (e) => events.push({ type, decision: e.detail.decision ?? null, reason: e.detail.reason ?? null }));
}

try {
  await init();
  const [keys, bytes] = await Promise.all([
    fetch('/tests/data/fixture-keys.json').then((r) => r.text()),
    fetch('/tests/data/fixture.ccs').then((r) => r.arrayBuffer()),
  ]);
  const holder = new SnapshotHolder({ keys, store: { get() {}, set() {} } });
  await holder.update(bytes);
  const element = document.getElementById('cc');
  if (q.get('early') === '1') element.checker = holder; // before define: an own property, taken over on upgrade
  const first = defineCreditCheckElements();
  const second = defineCreditCheckElements();
  window.__defineIdempotent = first === second && customElements.get('credit-check-form') === first;
  if (q.get('early') !== '1') element.checker = holder;
  window.__element = element;
  document.documentElement.dataset.ready = 'true';
} catch (err) {
  document.documentElement.dataset.ready = 'failed';
  document.documentElement.dataset.error = String(err?.stack ?? err);
  throw err;
}
