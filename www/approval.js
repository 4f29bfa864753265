// 行政许可 · 告知承诺/容缺受理: the applicant and its legal representative checked in
// SC-XZXK-COMMITMENT (or SC-XZXK-APPROVAL, the standard procedure) through credit-check/form.
// Beside the verdict panel, a summary of what the verdict means for the counter: whether the
// application may be accepted on a commitment (and which commitment types), and the green
// channel for red-listed applicants. `?scenario=SC-XZXK-APPROVAL` starts on the standard procedure.

import { $, $$, bi, chinaNowLocal, cutoffFromLocal, el, fillParty, initPortal, renderSubmitted, termBi, tr } from '/portal.js';

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
  $('[data-party="applicant"] [data-cc="label"]').value = tr('申请人', 'Applicant'); // into the record, in the page's language
  control = formApi.attachCheck(form, {
    checker: portal.checker,
    scenario: scenario(),
    role: 'applicant',
    members: null,
    cutoff: () => cutoffFromLocal(cutoff.value),
    // 国办发〔2020〕42号: the officer confirms there was no false commitment before; unconfirmed
    // stays unknown (the check then does not grant acceptance on commitment).
    facts: () => ($('#appr-no-false-commitment').checked ? { prior_false_commitment: false } : {}),
    blockOn: ['block'],
    failPolicy: portal.failPolicy,
    lang: portal.lang,
    audience: 'officer', // the officer at the counter decides how to accept the application
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

/**
 * The counter's decision in one or two lines: what the panel beside it does not say — whether to
 * accept now, what the missing documents mean, the green channel. The panel has the why.
 * Nothing while the check does not count (stale, incomplete, unavailable): the panel says so.
 */
function renderSummary(result) {
  summary.replaceChildren();
  const v = result?.verdict;
  if (!v || !['block', 'review', 'pass'].includes(result.decision)) {
    summary.hidden = true;
    delete summary.dataset.state;
    return;
  }
  const applicant = v.parties.find((p) => p.role === 'applicant') ?? v.parties[0];
  const effects = new Set([...(v.effects ?? []), ...v.parties.flatMap((p) => p.effects ?? [])]);
  const title = el('h3', 'commitment__title');
  title.append(bi('受理意见', 'At the counter'));
  summary.append(title);

  if (effects.has('greenChannel') && v.decision !== 'block') {
    const p = el('p', 'green-line');
    const badge = el('span', 'green-channel');
    badge.dataset.effect = 'greenChannel';
    badge.append(termBi('effects', 'greenChannel'));
    p.append(badge, ' ', bi('守信激励对象，优先办理。', 'A red-listed applicant: handled first.'));
    summary.append(p);
  }

  const missing = $$('input[name="missing"]:checked', form).length;
  const c = applicant?.commitment;
  if (c) {
    summary.dataset.state = c.allowed ? 'allowed' : 'denied';
    const p = el('p', 'commitment__allowed');
    p.dataset.allowed = String(c.allowed);
    p.append(
      c.allowed
        ? bi('可以先行受理。', 'The application may be accepted now.')
        : bi('不得先行受理，按一般程序办理。', 'It may not be accepted now: standard procedure.'),
    );
    summary.append(p);
    if (missing) {
      const m = el('p', 'commitment__missing');
      m.append(
        c.allowed
          ? bi(`暂缺${missing}项材料：请申请人书面承诺限期补齐。`, `${missing} document(s) to follow: the applicant commits in writing to supply them in time.`)
          : bi(`暂缺${missing}项材料：补齐后再受理。`, `${missing} document(s) missing: accept once they are supplied.`),
      );
      summary.append(m);
    }
  } else {
    summary.dataset.state = v.decision === 'block' ? 'denied' : 'none';
  }
  summary.hidden = summary.childElementCount <= 1;
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
  const matter = $('#appr-matter').selectedOptions[0]?.textContent ?? ''; // in the page's language
  renderSubmitted(submitted, {
    title: `${matter}${name ? tr(`：${name}`, `: ${name}`) : ''}`,
    record: form.elements.credit_check_record?.value || null,
    sha256: form.elements.credit_check_sha256?.value || null,
    decision: result?.decision ?? 'unavailable',
    failPolicy: portal.failPolicy,
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
  $('#appr-no-false-commitment').addEventListener('change', () => control.check());
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
