// 开标信用核查: every bidder checked on its own (one request each, so each has its own record),
// in SC-ZTB-BID or SC-ZFCG-SUPPLIER, through the page's one CheckerWorker. The result table
// gives each bidder's decision, the lists and measures, and where to object; the records can be
// downloaded together as JSON.

import {
  $,
  $$,
  bi,
  chinaNowLocal,
  cutoffFromLocal,
  decisionBadge,
  downloadLink,
  el,
  initPortal,
  listBadge,
} from '/portal.js';

/** The bidders the page starts with: personas with an expectation in SC-ZTB-BID. */
const DEFAULT_BIDDERS = ['clean-b', 'black-sxbzxr', 'list-ztb-qx', 'repaired-yesterday', 'name-only-black'];
const ORDER = ['block', 'review', 'invalidInput', 'stale', 'notCovered', 'unavailable', 'error', 'pass'];

const portal = initPortal();
const form = $('#bid-form');
const scenarioSelect = $('#bid-scenario');
const cutoff = $('#bid-cutoff');
const tbody = $('#bidders');
const results = $('#bid-results');
const resultRows = $('#bid-result-rows');
const summary = $('#bid-summary');
const download = $('#bid-download');
const run = $('#bid-run');

cutoff.value = chinaNowLocal();

// ---- the bidder rows --------------------------------------------------------------------------------

function renumber() {
  $$('tr.bidder', tbody).forEach((tr, i) => {
    const n = i + 1;
    tr.dataset.n = String(n);
    tr.querySelector('[data-role="n"]').textContent = String(n);
    for (const input of tr.querySelectorAll('[data-field]')) {
      const id = `bidder-${n}-${input.dataset.field}`;
      input.id = id;
      tr.querySelector(`label[data-for="${input.dataset.field}"]`).htmlFor = id;
    }
    tr.querySelector('.bidder__remove').setAttribute('aria-label', `删除第${n}家投标人 Remove bidder ${n}`);
  });
  const count = tbody.children.length;
  $('#bidder-count').textContent = count ? `${count} 家` : '';
}

function addBidder({ name = '', code = '', persona = null } = {}) {
  const tr = $('#bidder-template').content.firstElementChild.cloneNode(true);
  tr.querySelector('[data-field="name"]').value = name;
  tr.querySelector('[data-field="code"]').value = code;
  if (persona) tr.dataset.persona = persona;
  tr.querySelector('.bidder__remove').addEventListener('click', () => {
    const next = tr.nextElementSibling ?? tr.previousElementSibling;
    tr.remove();
    renumber();
    (next?.querySelector('[data-field]') ?? $('#add-bidder')).focus();
  });
  // A bidder edited by hand is no longer the persona it was filled from.
  tr.addEventListener('input', () => delete tr.dataset.persona);
  tbody.append(tr);
  renumber();
  return tr;
}

function personaBidder(id, p) {
  return { name: p.queryName ?? p.name, code: p.legacyCode ?? p.code ?? '', persona: id };
}

function bidders() {
  return $$('tr.bidder', tbody)
    .map((tr) => ({
      n: Number(tr.dataset.n),
      name: tr.querySelector('[data-field="name"]').value.trim(),
      code: tr.querySelector('[data-field="code"]').value.trim(),
      persona: tr.dataset.persona ?? null,
    }))
    .filter((b) => b.name || b.code);
}

$('#add-bidder').addEventListener('click', () => addBidder().querySelector('[data-field]').focus());

$('#bid-import').addEventListener('click', () => {
  const lines = $('#bid-paste')
    .value.split(/\r?\n/)
    .map((l) => l.trim())
    .filter(Boolean);
  if (!lines.length) return;
  tbody.replaceChildren();
  for (const line of lines) {
    const [name, code = ''] = line.split(/\s*[,，\t]\s*/);
    addBidder({ name, code });
  }
  tbody.querySelector('[data-field]')?.focus();
});

// ---- checking ------------------------------------------------------------------------------------------

function hitsCell(verdict) {
  const td = el('td');
  const party = verdict?.parties?.[0];
  if (!party) {
    td.append(el('span', 'muted', '—'));
    return td;
  }
  if (party.hits?.length) {
    const lists = el('div');
    for (const h of party.hits) lists.append(listBadge(h.listType));
    td.append(lists);
  }
  const measures = [...(party.measures ?? []), ...(party.hits ?? []).flatMap((h) => h.measures ?? [])];
  const seen = new Set();
  const ul = el('ul', 'result-measures');
  for (const m of measures) {
    if (seen.has(m.id)) continue;
    seen.add(m.id);
    const li = el('li');
    li.dataset.measure = m.id;
    li.dataset.effect = m.effect;
    li.append(bi(m.text.zh, m.text.en), ' ', el('span', 'measure-id', m.id));
    ul.append(li);
  }
  if (ul.children.length) td.append(ul);
  if (!party.hits?.length && !ul.children.length) td.append(bi('未发现名单记录', 'No list entry'));
  return td;
}

function objectionCell(verdict) {
  const td = el('td');
  const ul = el('ul', 'result-objections');
  const seen = new Set();
  for (const h of verdict?.parties?.[0]?.hits ?? []) {
    const o = h.objection;
    if (!o) continue;
    const key = `${o.authority}|${o.decisionNumber}`;
    if (seen.has(key)) continue;
    seen.add(key);
    const li = el('li');
    li.append(el('strong', 'authority', o.authority), ' ', el('span', 'decision-no', o.decisionNumber));
    li.title = portal.lang === 'en' ? o.route?.en ?? '' : o.route?.zh ?? '';
    ul.append(li);
  }
  if (ul.children.length) td.append(ul);
  else td.append(el('span', 'muted', '—'));
  return td;
}

function renderRow(bidder, outcome) {
  const tr = el('tr');
  tr.dataset.decision = outcome.decision;
  tr.dataset.n = String(bidder.n);
  if (bidder.persona) tr.dataset.persona = bidder.persona;
  tr.append(el('td', 'col-n', bidder.n));
  const who = el('td');
  who.append(el('span', 'bidder-name', bidder.name || '—'), el('span', 'bidder-code', bidder.code || '—'));
  tr.append(who);
  const d = el('td');
  d.append(decisionBadge(outcome.decision));
  if (outcome.sha256) {
    const sha = el('code', 'result-sha', `SHA-256 ${outcome.sha256.slice(0, 16)}…`);
    sha.title = outcome.sha256;
    d.append(sha);
  } else if (outcome.error || outcome.messageZh) {
    d.append(el('span', 'result-sha', outcome.error?.code ?? outcome.reason ?? ''));
  }
  tr.append(d, hitsCell(outcome.verdict), objectionCell(outcome.verdict));
  return tr;
}

function renderSummary(outcomes, elapsed) {
  summary.replaceChildren();
  const counts = new Map();
  for (const o of outcomes) counts.set(o.decision, (counts.get(o.decision) ?? 0) + 1);
  for (const d of ORDER) {
    const n = counts.get(d);
    if (!n) continue;
    const item = el('span', 'bid-summary__item');
    item.dataset.decision = d;
    item.dataset.count = String(n);
    item.append(decisionBadge(d), ` × ${n}`);
    summary.append(item);
  }
  const time = el('span', 'bid-summary__time');
  time.dataset.ms = String(Math.round(elapsed));
  time.dataset.count = String(outcomes.length);
  time.append(bi(`核查 ${outcomes.length} 家用时 ${Math.round(elapsed)} ms`, `${outcomes.length} bidders checked in ${Math.round(elapsed)} ms`));
  summary.append(time);
  const blocked = counts.get('block') ?? 0;
  const unchecked = outcomes.filter((o) => !['block', 'review', 'pass'].includes(o.decision)).length;
  const note = el('p', 'field__hint');
  note.append(
    bi(
      `${blocked} 家不予通过，不得进入评审；${counts.get('review') ?? 0} 家需评标委员会人工复核${unchecked ? `；${unchecked} 家未能完成核查，须人工查询` : ''}。`,
      `${blocked} rejected; ${counts.get('review') ?? 0} to review${unchecked ? `; ${unchecked} not checked` : ''}.`,
    ),
  );
  summary.append(note);
}

async function checkAll() {
  const list = bidders();
  if (!list.length) {
    tbody.querySelector('[data-field]')?.focus();
    return;
  }
  const scenario = scenarioSelect.value;
  const cut = cutoffFromLocal(cutoff.value);
  run.disabled = true;
  run.setAttribute('aria-busy', 'true');
  const t0 = performance.now();
  const outcomes = await Promise.all(
    list.map(async (b) => {
      const party = { role: 'applicant', label: `投标人${b.n}` };
      if (b.name) party.name = b.name;
      if (b.code) party.code = b.code;
      const request = { scenario, parties: [party] };
      if (cut) request.cutoff = cut;
      try {
        return await portal.checker.check(request);
      } catch (err) {
        return { decision: 'error', verdict: null, record: null, sha256: null, error: { code: err?.code ?? 'ERROR', message: String(err?.message ?? err) } };
      }
    }),
  );
  const elapsed = performance.now() - t0;
  portal.markFirstVerdict();
  run.disabled = false;
  run.removeAttribute('aria-busy');

  resultRows.replaceChildren(...list.map((b, i) => renderRow(b, outcomes[i])));
  renderSummary(outcomes, elapsed);
  download.replaceChildren();
  const payload = list.map((b, i) => ({
    bidder: { n: b.n, name: b.name, code: b.code },
    decision: outcomes[i].decision,
    record: outcomes[i].record ?? null,
    sha256: outcomes[i].sha256 ?? null,
  }));
  download.append(
    downloadLink(`${JSON.stringify(payload, null, 2)}\n`, `bid-opening-records-${new Date().toISOString().slice(0, 10)}.json`, bi('下载全部核查记录（JSON）', 'Download all records (JSON)')),
  );
  results.hidden = false;
  results.dataset.done = 'true';
  window.__bidResult = { scenario, elapsedMs: elapsed, decisions: outcomes.map((o) => o.decision), personas: list.map((b) => b.persona) };
  $('#bid-results-title').focus();
}

form.addEventListener('submit', (event) => {
  event.preventDefault();
  if (!run.disabled) checkAll();
});

scenarioSelect.addEventListener('change', () => portal.updateExpectations(scenarioSelect.value));

// ---- demo personas ------------------------------------------------------------------------------------------

async function main() {
  const data = await portal.renderPersonas({
    scenario: () => scenarioSelect.value,
    actions: [
      {
        id: 'bidder',
        zh: '加入投标人',
        en: 'Add as bidder',
        run: (p, id) => {
          const empty = $$('tr.bidder', tbody).find((tr) => !$$('[data-field]', tr).some((i) => i.value));
          const b = personaBidder(id, p);
          const tr = empty ?? addBidder(b);
          if (empty) {
            tr.querySelector('[data-field="name"]').value = b.name;
            tr.querySelector('[data-field="code"]').value = b.code;
            tr.dataset.persona = id;
          }
          tr.querySelector('[data-field]').focus();
        },
      },
    ],
  });
  if (!tbody.children.length) {
    const personas = data?.personas ?? {};
    const ids = DEFAULT_BIDDERS.filter((id) => personas[id]);
    for (const id of Object.keys(personas)) {
      if (ids.length >= 5) break;
      if (!ids.includes(id) && personas[id].expect?.['SC-ZTB-BID']) ids.push(id);
    }
    for (const id of ids) addBidder(personaBidder(id, personas[id]));
    if (!ids.length) addBidder();
    if (portal.demo && personas[portal.demo] && !ids.includes(portal.demo)) addBidder(personaBidder(portal.demo, personas[portal.demo]));
  }
  $('#bid-paste').value = bidders()
    .map((b) => `${b.name},${b.code}`)
    .join('\n');
}

main();
