// 开标信用核查: every bidder checked on its own (one request each, so each has its own record),
// in SC-ZTB-BID or SC-ZFCG-SUPPLIER, through the page's one CheckerWorker. The result table, for
// the officer, gives each bidder's decision, the lists and measures with their legal basis, and
// where to object; the records can be downloaded together as JSON. Measure ids, record digests
// and the time the checks took are in the collapsed 技术信息 under the table.

import { $, $$, bi, chinaNowLocal, cutoffFromLocal, decisionBadge, downloadLink, el, initPortal, isEn, listBadge } from '/portal.js';
import { formatCitation, plainText } from '/pkg/names.js';

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
    // The button's name is its text and which bidder it removes.
    tr.querySelector('[data-role="which-zh"]').textContent = `第${n}家投标人`;
    tr.querySelector('[data-role="which-en"]').textContent = ` bidder ${n}`;
  });
  const count = tbody.children.length;
  $('#bidder-count').replaceChildren(count ? bi(`${count}家`, `${count}`) : '');
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

/** A table cell, with the column's name shown before it when the table is stacked (phones). */
function cell(zh, en, className) {
  const td = el('td', className);
  const label = el('span', 'cell-label');
  label.setAttribute('aria-hidden', 'true');
  label.append(bi(zh, en));
  td.append(label);
  return td;
}

function hitsCell(verdict) {
  const td = cell('名单记录与适用措施', 'List records and measures');
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
    if (seen.has(m.id) || m.state === 'notApplied') continue;
    seen.add(m.id);
    const li = el('li');
    li.dataset.measure = m.id;
    li.dataset.effect = m.effect;
    li.append(bi(plainText(m.text.zh, 'zh-CN'), plainText(m.text.en, 'en')));
    if (m.legalBasis) {
      const basis = el('span', 'measure-basis');
      basis.append(bi(`依据${formatCitation(m.legalBasis, 'zh-CN')}`, `Basis: ${formatCitation(m.legalBasis, 'en')}`));
      li.append(basis);
    }
    ul.append(li);
  }
  if (ul.children.length) td.append(ul);
  if (!party.hits?.length && !ul.children.length) td.append(bi('未发现名单记录', 'No list entry'));
  return td;
}

function objectionCell(verdict) {
  const td = cell('异议途径', 'Where to object');
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
  const n = cell('序号', 'No.', 'col-n');
  n.append(String(bidder.n));
  tr.append(n);
  const who = cell('投标人', 'Bidder');
  who.append(el('span', 'bidder-name', bidder.name || '—'), el('span', 'bidder-code', bidder.code || '—'));
  tr.append(who);
  const d = cell('核查结论', 'Decision');
  d.append(decisionBadge(outcome.decision));
  tr.append(d, hitsCell(outcome.verdict), objectionCell(outcome.verdict));
  return tr;
}

function renderSummary(outcomes) {
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
  const blocked = counts.get('block') ?? 0;
  const unchecked = outcomes.filter((o) => !['block', 'review', 'pass'].includes(o.decision)).length;
  const note = el('p', 'field__hint');
  const review = counts.get('review') ?? 0;
  const zh = [
    blocked ? `${blocked}家不予通过，不得进入评审` : '',
    review ? `${review}家需评标委员会人工复核` : '',
    unchecked ? `${unchecked}家未能完成核查，须人工查询` : '',
  ].filter(Boolean);
  const en = [
    blocked ? `${blocked} rejected: not to be evaluated` : '',
    review ? `${review} for the evaluation committee to review` : '',
    unchecked ? `${unchecked} not checked: search the lists by hand` : '',
  ].filter(Boolean);
  if (zh.length) {
    note.append(bi(`${zh.join('；')}。`, `${en.join('; ')}.`));
    summary.append(note);
  }
}

/** Measure ids, record digests, reasons and the time taken: for support staff, collapsed. */
function renderTech(list, outcomes, elapsed) {
  const dl = $('#bid-tech-list');
  dl.replaceChildren();
  const row = (zh, en, value, key) => {
    const div = el('div', 'kv__row');
    const dt = el('dt');
    dt.append(bi(zh, en));
    const dd = el('dd');
    if (key) dd.dataset.key = key;
    dd.append(value);
    div.append(dt, dd);
    dl.append(div);
    return dd;
  };
  const time = row('核查用时', 'Time taken', `${outcomes.length} × check: ${Math.round(elapsed)} ms`, 'elapsed');
  time.dataset.ms = String(Math.round(elapsed));
  time.dataset.count = String(outcomes.length);
  list.forEach((b, i) => {
    const o = outcomes[i];
    const ids = new Set();
    for (const p of o.verdict?.parties ?? []) {
      for (const h of p.hits ?? []) {
        ids.add(h.listType);
        for (const m of h.measures ?? []) ids.add(m.id);
      }
      for (const m of p.measures ?? []) ids.add(m.id);
    }
    const parts = [o.sha256 ? `SHA-256 ${o.sha256}` : '', o.error?.code ?? o.reason ?? '', [...ids].join(' ')].filter(Boolean);
    const code = el('code', 'result-sha', parts.join(' · '));
    if (o.sha256) code.dataset.sha256 = o.sha256;
    row(`投标人${b.n}`, `Bidder ${b.n}`, code);
  });
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
      const party = { role: 'applicant', label: isEn() ? `Bidder ${b.n}` : `投标人${b.n}` };
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
  renderSummary(outcomes);
  renderTech(list, outcomes, elapsed);
  download.replaceChildren();
  const payload = list.map((b, i) => ({
    bidder: { n: b.n, name: b.name, code: b.code },
    decision: outcomes[i].decision,
    record: outcomes[i].record ?? null,
    sha256: outcomes[i].sha256 ?? null,
  }));
  download.append(
    downloadLink(`${JSON.stringify(payload, null, 2)}\n`, `bid-opening-records-${chinaNowLocal().slice(0, 10)}.json`, bi('下载全部核查记录（JSON）', 'Download all records (JSON)')),
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
