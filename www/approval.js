// 行政许可 · 告知承诺/容缺受理: the applicant and its legal representative checked in
// SC-XZXK-COMMITMENT (or SC-XZXK-APPROVAL, the standard procedure) through credit-check/form.
// Beside the verdict panel, a summary of what the verdict means for the counter: whether the
// application may be accepted on a commitment (and which commitment types), and the green
// channel for red-listed applicants. `?scenario=SC-XZXK-APPROVAL` starts on the standard procedure.

import {
  $,
  $$,
  bi,
  chinaNowLocal,
  cutoffFromLocal,
  el,
  fillParty,
  initPortal,
  renderSubmitted,
} from '/portal.js';

const portal = initPortal();
const form = $('#appr-form');
const cutoff = $('#appr-cutoff');
const summary = $('#appr-commitment');
const submitted = $('#appr-submitted');
const radios = $$('input[name="scenario"]', form);

cutoff.value = chinaNowLocal();
const wanted = portal.params.get('scenario');
if (wanted && radios.some((r) => r.value === wanted)) for (const r of radios) r.checked = r.value === wanted;

let control = null;
let formApi = null;

const scenario = () => radios.find((r) => r.checked)?.value ?? 'SC-XZXK-COMMITMENT';

function attach() {
  control = formApi.attachCheck(form, {
    checker: portal.checker,
    scenario: scenario(),
    role: 'applicant',
    members: null,
    cutoff: () => cutoffFromLocal(cutoff.value),
    blockOn: ['block'],
    failPolicy: portal.failPolicy,
    lang: portal.lang,
    output: '#appr-verdict',
    debounceMs: 300,
    autoCheck: true,
  });
  window.__ccControl = control; // for the end-to-end tests (tests/e2e/portal.test.mjs)
  return control;
}

function reattach() {
  summary.hidden = true;
  control?.destroy();
  attach();
}

// ---- the counter's summary: commitment and green channel ----------------------------------------

function measureList(measures) {
  const ul = el('ul', 'chips');
  for (const m of measures) {
    const li = el('li');
    li.dataset.measure = m.id;
    li.append(bi(m.text.zh, m.text.en));
    ul.append(li);
  }
  return ul;
}

function renderSummary(result) {
  summary.replaceChildren();
  const v = result?.verdict;
  if (!v) {
    summary.hidden = true;
    return;
  }
  const applicant = v.parties.find((p) => p.role === 'applicant') ?? v.parties[0];
  const effects = new Set([...(v.effects ?? []), ...v.parties.flatMap((p) => p.effects ?? [])]);
  const allMeasures = v.parties.flatMap((p) => [...(p.measures ?? []), ...(p.hits ?? []).flatMap((h) => h.measures ?? [])]);
  const title = el('h3', 'commitment__title');
  title.append(bi('受理意见', 'At the counter'));
  summary.append(title);

  if (effects.has('greenChannel') && v.decision !== 'block') {
    const p = el('p', 'green-line');
    const badge = el('span', 'green-channel');
    badge.dataset.effect = 'greenChannel';
    badge.append(bi('绿色通道', 'Green channel'));
    p.append(badge, ' ', bi('守信激励对象，可优先办理、容缺受理。', 'A red-listed applicant: priority handling.'));
    summary.append(p);
    const seen = new Set();
    const gc = allMeasures.filter((m) => m.effect === 'greenChannel' && m.state === 'applied' && !seen.has(m.id) && seen.add(m.id));
    if (gc.length) summary.append(measureList(gc));
  }

  const c = applicant?.commitment;
  if (c) {
    summary.dataset.state = c.allowed ? 'allowed' : 'denied';
    const p = el('p', 'commitment__allowed');
    p.dataset.allowed = String(c.allowed);
    p.append(
      c.allowed
        ? bi('可按告知承诺/容缺受理办理（审批替代型承诺）', 'May be accepted on a commitment (approval-substitute)')
        : bi('不适用告知承诺/容缺受理，须提交全部材料按一般程序办理', 'Not eligible for approval by commitment: full documents, standard procedure'),
    );
    summary.append(p);
    if (c.why) summary.append(el('p', 'field__hint', portal.lang === 'en' ? c.why.en : c.why.zh));
    const types = el('p', 'commitment__types');
    types.append(bi('可用承诺类型：', 'Commitment types: '));
    const ul = el('ul', 'chips');
    for (const t of c.types ?? []) {
      const li = el('li');
      li.dataset.type = t.id;
      li.append(bi(t.name.zh, t.name.en));
      ul.append(li);
    }
    summary.append(types, ul);
    const missing = $$('input[name="missing"]:checked', form).length;
    if (missing && !c.allowed) {
      summary.append(el('p', 'commitment__missing', `有 ${missing} 项材料暂缺：本申请人不适用容缺受理，请补齐后再提交。`));
    } else if (missing) {
      summary.append(el('p', 'commitment__missing', `有 ${missing} 项材料暂缺：可容缺受理，申请人须书面承诺限期补齐。`));
    }
  } else {
    summary.dataset.state = v.decision === 'block' ? 'denied' : 'none';
  }
  summary.hidden = false;
}

form.addEventListener('credit-check:verdict', (e) => renderSummary(e.detail));
form.addEventListener('change', (e) => {
  if (e.target.name === 'missing' && control?.result) renderSummary(control.result);
});

// ---- submit -----------------------------------------------------------------------------------------

document.addEventListener('submit', (event) => {
  if (event.target !== form || event.defaultPrevented) return;
  event.preventDefault();
  const result = control?.result;
  const name = $('#appr-name').value.trim();
  const matter = $('#appr-matter').value;
  renderSubmitted(submitted, {
    title: `${matter}${name ? `：${name}` : ''}`,
    record: form.elements.credit_check_record?.value || null,
    sha256: form.elements.credit_check_sha256?.value || null,
    decision: result?.decision ?? 'unavailable',
    failPolicy: portal.failPolicy,
    lang: portal.lang,
  });
});

// ---- wiring -----------------------------------------------------------------------------------------------

async function main() {
  try {
    formApi = await import('/pkg/form.js');
  } catch (err) {
    const banner = $('#snapshot-error');
    banner.hidden = false;
    banner.replaceChildren(bi('表单核查组件加载失败', 'The form check component failed to load'), ` ${err?.message ?? err}`);
    return;
  }
  attach();
  for (const r of radios) {
    r.addEventListener('change', () => {
      reattach();
      portal.updateExpectations(scenario());
    });
  }
  cutoff.addEventListener('change', () => control.check());
  $('#appr-check').addEventListener('click', () => control.check());
  portal.onLangChange(reattach);

  const data = await portal.renderPersonas({
    scenario,
    actions: [
      {
        id: 'applicant',
        zh: '填入申请人',
        en: 'Fill in',
        run: (p) => {
          submitted.hidden = true;
          fillParty($('[data-party="applicant"]'), p); // checked on its change events
        },
      },
    ],
  });
  const demo = portal.demo && data?.personas?.[portal.demo];
  if (demo) fillParty($('[data-party="applicant"]'), demo);

}

main();
