// 政府采购供应商注册: the supplier (and consortium members) checked in SC-ZFCG-SUPPLIER through
// credit-check/form, worded for the supplier (audience 'party': "您的…", what to do, where to
// object); a submission the check allows shows the confirmation instead of leaving the page.

import {
  $,
  $$,
  bi,
  chinaNowLocal,
  cutoffFromLocal,
  fillParty,
  initPortal,
  renderSubmitted,
  tr,
} from '/portal.js';

const SCENARIO = 'SC-ZFCG-SUPPLIER';
const portal = initPortal();
const form = $('#reg-form');
const cutoff = $('#reg-cutoff');
const jv = $('#reg-jv');
const members = $('#members');
const memberList = $('#member-list');
const submitted = $('#reg-submitted');

cutoff.value = chinaNowLocal();

let control = null;
let formApi = null;

function attach() {
  // The parties' labels go into the record in the page's language.
  $('[data-party="applicant"] [data-cc="label"]').value = tr('供应商（牵头人）', 'Supplier (lead)');
  renumber();
  control = formApi.attachCheck(form, {
    checker: portal.checker,
    scenario: SCENARIO,
    role: 'applicant',
    members: '[data-cc-member]',
    cutoff: () => cutoffFromLocal(cutoff.value),
    blockOn: ['block'],
    failPolicy: portal.failPolicy,
    lang: portal.lang,
    audience: 'party',
    output: '#reg-verdict',
    debounceMs: 300,
    autoCheck: true,
  });
  window.__ccControl = control; // for the end-to-end tests (tests/e2e/portal.test.mjs)
  return control;
}

// ---- consortium members ------------------------------------------------------------------------

function renumber() {
  $$('.member', memberList).forEach((li, i) => {
    const n = i + 1;
    li.querySelector('[data-role="n"]').textContent = String(n);
    li.querySelector('[data-cc="label"]').value = tr(`联合体成员${n}`, `Member ${n}`);
    for (const input of li.querySelectorAll('[data-field]')) {
      const id = `member-${n}-${input.dataset.field}`;
      input.id = id;
      const label = li.querySelector(`label[data-for="${input.dataset.field}"]`);
      if (label) label.htmlFor = id;
    }
    // The button's name is its text and which member it removes.
    li.querySelector('[data-role="which-zh"]').textContent = `（联合体成员${n}）`;
    li.querySelector('[data-role="which-en"]').textContent = ` (member ${n})`;
  });
}

function addMember(persona) {
  const li = $('#member-template').content.firstElementChild.cloneNode(true);
  li.querySelector('.member__remove').addEventListener('click', () => {
    const next = li.nextElementSibling ?? li.previousElementSibling;
    li.remove();
    renumber();
    recheck();
    (next?.querySelector('input[data-field]') ?? $('#add-member')).focus();
  });
  memberList.append(li);
  renumber();
  if (persona) fillParty(li, persona);
  return li;
}

/** Member rows take part only while the consortium box is ticked. */
function setConsortium(on) {
  jv.checked = on;
  jv.setAttribute('aria-expanded', String(on));
  members.hidden = !on;
  for (const li of $$('.member', memberList)) {
    if (on) li.setAttribute('data-cc-member', '');
    else li.removeAttribute('data-cc-member');
  }
  if (on && !memberList.children.length) addMember();
}

function recheck() {
  control?.check();
}

jv.addEventListener('change', () => {
  setConsortium(jv.checked);
  if (jv.checked) memberList.querySelector('input[data-field]')?.focus();
  recheck();
});

$('#add-member').addEventListener('click', () => {
  const li = addMember();
  if (!jv.checked) setConsortium(true);
  li.querySelector('input[data-field]').focus();
});

cutoff.addEventListener('change', recheck);
$('#reg-check').addEventListener('click', recheck);

// ---- submit ---------------------------------------------------------------------------------------

// credit-check/form listens in the capture phase and stops a submission it blocks (or holds while
// it checks, submitting again once allowed): one that reaches the document is allowed.
document.addEventListener('submit', (event) => {
  if (event.target !== form || event.defaultPrevented) return;
  event.preventDefault();
  const result = control?.result;
  const sha256 = form.elements.credit_check_sha256?.value || null;
  const record = form.elements.credit_check_record?.value || null;
  const name = $('#reg-name').value.trim();
  renderSubmitted(submitted, {
    title: name ? tr(`政府采购供应商注册：${name}`, `Supplier registration: ${name}`) : tr('政府采购供应商注册', 'Supplier registration'),
    record,
    sha256,
    decision: result?.decision ?? 'unavailable',
    failPolicy: portal.failPolicy,
  });
  submitted.dataset.sha256 = sha256 ?? '';
});

// ---- demo helper ------------------------------------------------------------------------------------

// Filling dispatches change events: the form checks the filled party by itself.
function fillApplicant(persona) {
  submitted.hidden = true;
  fillParty($('[data-party="applicant"]'), persona);
}

function fillMember(persona) {
  if (!jv.checked) setConsortium(true);
  const empty = $$('.member', memberList).find((li) => !li.querySelector('[data-cc="code"]').value && !li.querySelector('[data-cc="name"]').value);
  const li = empty ?? addMember();
  submitted.hidden = true;
  fillParty(li, persona);
}

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
  portal.onLangChange(() => {
    control.destroy();
    attach(); // checks again with the values there, in the new language
  });

  const data = await portal.renderPersonas({
    scenario: () => SCENARIO,
    actions: [
      { id: 'applicant', zh: '填入供应商', en: 'Fill in', run: fillApplicant },
      { id: 'member', zh: '作为联合体成员', en: 'As a member', run: fillMember },
    ],
  });
  const demo = portal.demo && data?.personas?.[portal.demo];
  if (demo) fillParty($('[data-party="applicant"]'), demo); // checked on its change events

}

main();
