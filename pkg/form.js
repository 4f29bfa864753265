// credit-check/form: attaches the credit check to an existing form (or wraps one in the
// <credit-check-form> custom element). Validates identifiers as the user types, checks the
// parties against a list snapshot, shows the verdict inline with its explanation and objection
// route, blocks submit when the scenario's policy says so, and hands the check record to the host
// page (events) and to the server (hidden inputs).
//
//   import { attachCheck } from 'credit-check/form';
//   const control = attachCheck(form, { checker: holder, scenario: 'SC-ZFCG-SUPPLIER' });
//
// Everything shown is built with createElement/textContent: list data, labels and typed input
// never go through innerHTML. No inline styles either (a strict CSP forbids them): the look comes
// from form.css, through classes, attributes and CSS custom properties.

// Fields are validated with the small module (identifiers only); checks go to the `checker`
// (a worker or a holder), which loads the full one. The names a verdict shows come from the
// checker's vocabulary (names.js loadVocabulary).
import { setupError } from './errors.js';
import { init, isReady, validate } from './validate.js';
import { chinaTime, formatCitation, formatEdition, issueNumber, listName, loadVocabulary, plainText, term } from './names.js';

const FIELD_NAMES = ['code', 'name', 'legalRepName', 'legalRepId', 'label'];
/** The fields that make a party worth checking (a label alone does not). */
const DATA_FIELDS = ['code', 'name', 'legalRepName', 'legalRepId'];
const DEFAULT_FIELDS = Object.freeze({
  code: '[data-cc=code]',
  name: '[data-cc=name]',
  legalRepName: '[data-cc=legal-rep-name]',
  legalRepId: '[data-cc=legal-rep-id]',
  label: '[data-cc=label]',
});
const DEFAULT_MEMBERS = '[data-cc-member]';
const MEMBER_ROLE = 'consortium_member';
const RECORD_INPUT = 'credit_check_record';
const SHA_INPUT = 'credit_check_sha256';
/** Outcomes that mean the check could not be done: the fail policy decides. */
const UNCHECKED = new Set(['unavailable', 'stale', 'notCovered', 'invalidInput', 'error']);
/** Outcomes worth asking again for the same values (a snapshot may have loaded since). */
const RETRY = new Set(['unavailable', 'error']);
const DECISIONS = ['block', 'review', 'pass', 'stale', 'notCovered', 'invalidInput', 'unavailable', 'error'];
/** Whole-check outcomes under which no party is shown as passed: the check does not count. */
const NO_PASS = new Set(['stale', 'notCovered']);
/** Effects of red-list incentives. */
const INCENTIVES = new Set(['priority', 'greenChannel', 'allowCommitment', 'reducedInspection']);
const AUDIENCES = ['party', 'officer'];

export const EVENTS = Object.freeze({
  validation: 'credit-check:validation',
  verdict: 'credit-check:verdict',
  blocked: 'credit-check:blocked',
});

// ---------------------------------------------------------------------------------------------
// Messages
// ---------------------------------------------------------------------------------------------

/**
 * Texts per language; `audience` holds what differs between the party's own page (`party`: the
 * supplier or applicant reads "您的…", what to do, where to object) and the officer's
 * (`officer`: what to decide and record). Names of lists, laws and documents come from names.js.
 */
const MESSAGES = {
  zh: {
    region: '信用核查结果',
    pending: '正在核查…',
    outdated: '表单已修改，显示的是修改前的核查结果；提交时将重新核查。',
    decision: vocab('decisions', 'zh'),
    role: vocab('roles', 'zh'),
    effect: vocab('effects', 'zh'),
    state: vocab('measureStates', 'zh'),
    colour: vocab('colours', 'zh'),
    validityState: vocab('validityStates', 'zh'),
    banState: vocab('banStates', 'zh'),
    recordStatusName: vocab('listingStatuses', 'zh'),
    penalty: '处罚结果',
    ban: '禁止期限',
    publicationEnd: '公示截止',
    recordStatus: '记录状态',
    relatedPersons: '相关人员',
    maskedNote: '（公布时已部分隐藏）',
    personRole: vocab('personRoles', 'zh'),
    direction: vocab('inspectionDirections', 'zh'),
    field: {
      code: '证照号码',
      name: '名称',
      legalRepName: '法定代表人姓名',
      legalRepId: '法定代表人身份证号码',
      personName: '姓名',
      personId: '身份证号码',
      party: '当事人',
      label: '标签',
    },
    kind: vocab('identifierKinds', 'zh'),
    party: (n) => `当事人${n}`,
    role_: '角色',
    codeLabel: '代码',
    nameLabel: '名称',
    hits: '名单记录',
    recordName: '名单主体',
    authority: '列入机关',
    decisionNumber: '决定文书号',
    listedAt: '列入日期',
    validity: '有效性',
    match: '匹配依据',
    measures: '适用措施',
    fromLists: '因名单',
    legalBasis: '依据',
    edition: '版本',
    objection: '异议途径',
    commitment: '告知承诺',
    commitmentAllowed: '可按审批替代型承诺（告知承诺/容缺受理）受理',
    commitmentNotAllowed: '不适用审批替代型承诺（告知承诺/容缺受理）',
    commitmentTypes: '可用承诺类型',
    supervision: '分级分类监管',
    creditClass: '信用等级',
    ratio: '抽查比例',
    direction_: '抽查方向',
    focus: '重点关注',
    yes: '是',
    no: '否',
    none: '无',
    isExample: '比例为示例数据，不是法定标准',
    consortium: '联合体',
    scenario: '核查事项',
    cutoff: '截止时点',
    checkedAt: '核查时间',
    snapshot: '名单',
    snapshotMeta: (s, lang) =>
      `${s.publisher}，${issueNumber(s.sequence, lang)}，${chinaTime(s.issuedAt, { lang })}发布，有效至${chinaTime(s.expiresAt, { lang })}`,
    staleStatus: (s, lang) => `名单快照已于${chinaTime(s.expiresAt, { lang })}过期，本次核查结果无效。`,
    uncoveredStatus: (names) => `名单快照缺少本事项使用的名单（${names}），本次核查结果不完整。`,
    download: '下载核查记录',
    inputProblems: '填写有误',
    inputWarnings: '填写提示',
    omitted: (n) => `另有${n}条可能匹配未列出`,
    sep: '：',
    listSep: '、',
    stepSep: '；',
    blockedDecision: (d) => `已阻止提交：核查结果为“${d}”，按本事项的规定不能提交。`,
    blockedUnchecked: (d) => `已阻止提交：信用核查未完成（${d}），完成核查后方可提交。`,
    position: (n) => `第${n}位`,
    valid: '有效',
    validWarn: '有效（有提示）',
    invalid: '无效',
    tech: '技术信息',
    techScenario: '场景代码',
    techLists: '名单代码',
    techMeasures: '措施代码',
    techError: '错误代码',
    techSnapshot: '名单快照',
    techCatalogue: '措施目录',
    techRecord: '核查记录 SHA-256',
    techMessage: '详细信息',
    techSnapshotMeta: (s) => `期号 ${s.sequence} · 密钥 ${s.keyId} · 摘要 ${s.payloadDigest}`,
    audience: {
      party: {
        heading: '您的信用核查结果',
        headingWith: (d) => `您的信用核查结果：${d}`,
        idle: '填写名称和证照号码后，系统会自动核查信用记录。',
        idleManual: '提交时会核查您的信用记录。',
        status: vocab('decisions', 'zh', (d) => d.explanation?.zh),
        passIncentive: '您在守信激励名单中，可享受下列便利。',
        policyBlock: '因此暂不能提交。',
        policyUncheckedBlock: '核查完成前暂不能提交。',
        policyUncheckedWarn: '您仍可提交，工作人员会人工核实您的信用记录。',
        nextSteps: '接下来怎么办',
        steps: vocab('decisions', 'zh', (d) => d.steps?.zh),
      },
      officer: {
        heading: '信用核查结论',
        headingWith: (d) => `信用核查结论：${d}`,
        idle: '填写证照号码后将自动核查信用记录。',
        idleManual: '提交时将核查信用记录。',
        counts: ({ total, block, review }) =>
          `共${total}个当事人${block ? `，其中${block}个不予通过` : ''}${review ? `${block ? '、' : '，其中'}${review}个需人工复核` : ''}${!block && !review ? '，均未发现影响本事项的名单记录' : ''}。`,
        invalidStatus: '有当事人的证照号码有误，请改正后重新核查。',
        unavailableStatus: (why) => `未能完成信用核查${why ? `：${why}` : '。'}`,
        errorStatus: (why) => `核查出错${why ? `：${why}` : '。'}`,
        policyBlock: '本事项不能提交。',
        policyUncheckedBlock: '核查完成前不能提交。',
        policyUncheckedWarn: '可以提交，但须人工核实信用记录。',
        nextSteps: '后续步骤',
      },
    },
  },
  en: {
    region: 'Credit check result',
    pending: 'Checking…',
    outdated: 'The form has changed: this is the result for the previous values; it is checked again on submit.',
    decision: vocab('decisions', 'en'),
    role: vocab('roles', 'en'),
    effect: vocab('effects', 'en'),
    state: vocab('measureStates', 'en'),
    colour: vocab('colours', 'en'),
    validityState: vocab('validityStates', 'en'),
    banState: vocab('banStates', 'en'),
    recordStatusName: vocab('listingStatuses', 'en'),
    penalty: 'Penalty',
    ban: 'Ban',
    publicationEnd: 'Published until',
    recordStatus: 'Status',
    relatedPersons: 'Related persons',
    maskedNote: ' (published masked)',
    personRole: vocab('personRoles', 'en'),
    direction: vocab('inspectionDirections', 'en'),
    field: {
      code: 'code',
      name: 'name',
      legalRepName: 'legal representative’s name',
      legalRepId: 'legal representative’s ID number',
      personName: 'name',
      personId: 'ID number',
      party: 'party',
      label: 'label',
    },
    kind: vocab('identifierKinds', 'en'),
    party: (n) => `Party ${n}`,
    role_: 'Role',
    codeLabel: 'Code',
    nameLabel: 'Name',
    hits: 'List records',
    recordName: 'Listed entity',
    authority: 'Listing authority',
    decisionNumber: 'Decision number',
    listedAt: 'Listed on',
    validity: 'Validity',
    match: 'Matched by',
    measures: 'Measures',
    fromLists: 'From the list',
    legalBasis: 'Legal basis',
    edition: 'Edition',
    objection: 'Where to object',
    commitment: 'Commitment',
    commitmentAllowed: 'May be accepted on an approval-substitute commitment',
    commitmentNotAllowed: 'Acceptance on an approval-substitute commitment is not available',
    commitmentTypes: 'Commitment types available',
    supervision: 'Graded supervision',
    creditClass: 'Credit class',
    ratio: 'Sampling ratio',
    direction_: 'Inspections',
    focus: 'Focus',
    yes: 'yes',
    no: 'no',
    none: 'none',
    isExample: 'the ratios are example data, not law',
    consortium: 'Consortium',
    scenario: 'Checked for',
    cutoff: 'Cut-off',
    checkedAt: 'Checked at',
    snapshot: 'Lists',
    snapshotMeta: (s, lang) =>
      `${s.publisher}, ${issueNumber(s.sequence, lang)}, published ${chinaTime(s.issuedAt, { lang })}, valid until ${chinaTime(s.expiresAt, { lang })}`,
    staleStatus: (s, lang) => `The list snapshot expired on ${chinaTime(s.expiresAt, { lang })}: this check does not count.`,
    uncoveredStatus: (names) => `The list snapshot lacks lists this check uses (${names}): the result is incomplete.`,
    download: 'Download check record',
    inputProblems: 'Input problems',
    inputWarnings: 'Input warnings',
    omitted: (n) => `${n} more possible matches not shown`,
    sep: ': ',
    listSep: ', ',
    stepSep: '; ',
    blockedDecision: (d) => `Submission blocked: the check result is “${d}”, which this scenario does not allow.`,
    blockedUnchecked: (d) => `Submission blocked: the credit check is not complete (${d}); submit once it is.`,
    position: (n) => `position ${n}`,
    valid: 'Valid',
    validWarn: 'Valid, with a warning',
    invalid: 'Invalid',
    tech: 'Technical details',
    techScenario: 'Scenario id',
    techLists: 'List ids',
    techMeasures: 'Measure ids',
    techError: 'Error code',
    techSnapshot: 'List snapshot',
    techCatalogue: 'Measure catalogue',
    techRecord: 'Check record SHA-256',
    techMessage: 'Details',
    techSnapshotMeta: (s) => `sequence ${s.sequence} · key ${s.keyId} · digest ${s.payloadDigest}`,
    audience: {
      party: {
        heading: 'Your credit check',
        headingWith: (d) => `Your credit check: ${d}`,
        idle: 'Your credit record is checked once you enter your name and code.',
        idleManual: 'Your credit record is checked when you submit.',
        status: vocab('decisions', 'en', (d) => d.explanation?.en),
        passIncentive: 'You are on a red list and get the benefits below.',
        policyBlock: 'You cannot submit for now.',
        policyUncheckedBlock: 'You can submit once the check is complete.',
        policyUncheckedWarn: 'You may still submit; staff will verify your credit record by hand.',
        nextSteps: 'What to do next',
        steps: vocab('decisions', 'en', (d) => d.steps?.en),
      },
      officer: {
        heading: 'Credit check',
        headingWith: (d) => `Credit check: ${d}`,
        idle: 'The credit record is checked once a code is entered.',
        idleManual: 'The credit record is checked on submit.',
        counts: ({ total, block, review }) =>
          `${total} ${total === 1 ? 'party' : 'parties'}${block ? `, ${block} rejected` : ''}${review ? `, ${review} to review` : ''}${!block && !review ? ', no list record affecting this matter' : ''}.`,
        invalidStatus: 'A party’s code is not valid: correct it and check again.',
        unavailableStatus: (why) => `The credit check could not be done${why ? `: ${why}` : '.'}`,
        errorStatus: (why) => `The check failed${why ? `: ${why}` : '.'}`,
        policyBlock: 'This matter cannot be submitted.',
        policyUncheckedBlock: 'It cannot be submitted until the check is complete.',
        policyUncheckedWarn: 'It may be submitted, but the credit record must be verified by hand.',
        nextSteps: 'Next steps',
      },
    },
  },
};

/**
 * A table of the core's vocabulary (`decisions`, `effects`, …) as `{ id: text }` in one language:
 * `pick` chooses the text (the name by default). Looked up when read, so it follows `init()`;
 * an id the vocabulary does not have (or a module not loaded yet) reads as undefined.
 */
function vocab(table, lang, pick = (entry) => entry[lang]) {
  return new Proxy({}, { get: (_, id) => (typeof id === 'string' ? pick(term(table, id) ?? {}) ?? undefined : undefined) });
}

/** The texts for a language and an audience. */
function textsFor(key, audience) {
  const base = MESSAGES[key];
  return { ...base, ...base.audience[audience] };
}

/** 'en', 'en-GB', … → English; everything else Chinese. */
function langKey(lang) {
  return /^en\b/i.test(String(lang ?? '')) ? 'en' : 'zh';
}

function htmlLang(key) {
  return key === 'en' ? 'en' : 'zh-CN';
}

/** A `{zh, en}` text in the form's language (the other one when it is missing). */
function bi(text, key) {
  if (text == null) return '';
  if (typeof text === 'string') return text;
  return String((key === 'en' ? text.en ?? text.zh : text.zh ?? text.en) ?? '');
}

// ---------------------------------------------------------------------------------------------
// DOM helpers (text only)
// ---------------------------------------------------------------------------------------------

let uid = 0;
const nextId = (what) => `cc-${what}-${++uid}`;

function el(doc, tag, className, text) {
  const node = doc.createElement(tag);
  if (className) node.className = className;
  if (text != null && text !== '') node.textContent = String(text);
  return node;
}

/** Adds `term: value` to a description list; skips empty values. */
function row(dl, term, value, className) {
  if (value == null || value === '') return null;
  const doc = dl.ownerDocument;
  const wrap = el(doc, 'div', `cc-dl__row${className ? ` ${className}` : ''}`);
  wrap.append(el(doc, 'dt', 'cc-dl__term', term), el(doc, 'dd', 'cc-dl__value', value));
  dl.append(wrap);
  return wrap;
}

function decisionClass(decision) {
  return `cc-decision--${DECISIONS.includes(decision) ? decision : 'error'}`;
}

function setDecisionClass(node, decision) {
  for (const d of DECISIONS) node.classList.remove(`cc-decision--${d}`);
  if (decision) node.classList.add(decisionClass(decision));
}

function valueOf(node) {
  if (!node) return '';
  const v = 'value' in node && typeof node.value === 'string' ? node.value : node.textContent;
  return String(v ?? '').trim();
}

function addToken(node, attr, token) {
  const tokens = (node.getAttribute(attr) ?? '').split(/\s+/).filter(Boolean);
  if (!tokens.includes(token)) node.setAttribute(attr, [...tokens, token].join(' '));
}

function removeToken(node, attr, token) {
  const tokens = (node.getAttribute(attr) ?? '').split(/\s+/).filter((t) => t && t !== token);
  if (tokens.length) node.setAttribute(attr, tokens.join(' '));
  else node.removeAttribute(attr);
}

function resolveElement(target, doc, what) {
  if (target == null) return null;
  if (typeof target === 'string') {
    const found = doc.querySelector(target);
    if (!found) {
      throw setupError(`credit-check/form: no element matches ${what} '${target}'`, `找不到与${what}“${target}”对应的页面元素`, { field: what, found: target });
    }
    return found;
  }
  if (target.nodeType === 1) return target;
  throw setupError(`credit-check/form: ${what} must be an element or a selector`, `${what}须为页面元素或选择器`, { field: what });
}

function asError(err) {
  const code = typeof err?.code === 'string' && err.code ? err.code : 'CHECK_FAILED';
  const message = String(err?.message ?? err ?? 'the check failed');
  const out = { code, message };
  if (typeof err?.messageZh === 'string') out.messageZh = err.messageZh;
  if (typeof err?.field === 'string') out.field = err.field;
  return out;
}

// ---------------------------------------------------------------------------------------------
// attachCheck
// ---------------------------------------------------------------------------------------------

/**
 * Attaches the credit check to `form` (an element or a selector). Returns the control:
 * `{ check(), result, setChecker(c), destroy(), form, panel }`.
 */
export function attachCheck(form, options = {}) {
  return new FormCheck(form, options);
}

class FormCheck {
  #form;
  #doc;
  #opts;
  #checker;
  #checkerGen = 0;
  #lang;
  #t;
  #destroyed = false;
  // Results
  #result = null;
  #resultKey = null;
  #seq = 0;
  #inflight = null;
  // Submit
  #waitingSubmit = false;
  #resubmitting = false;
  #forceSubmit = false;
  // DOM we own
  #outputHost = null;
  #panel;
  #heading;
  #status;
  #pending;
  #notice;
  #policy = null;
  #techOpen = false;
  #body;
  #hidden = {};
  #createdHidden = [];
  #fieldMsgs = new Map(); // input → { msg, setInvalid }
  #validateTimers = new Map();
  #listeners = [];
  // Layout changes wait while a pointer is down in the form (see #paint).
  #pointerDown = false;
  #deferred = null;

  constructor(form, options) {
    const doc = globalThis.document;
    if (typeof form === 'string') form = doc?.querySelector(form);
    if (!form || form.nodeType !== 1 || form.localName !== 'form') {
      throw setupError('credit-check/form: attachCheck needs a <form> element (or a selector of one)', 'attachCheck 需要一个 <form> 表单元素（或其选择器）', { field: 'form' });
    }
    if (!options || typeof options !== 'object') {
      throw setupError('credit-check/form: options must be an object', '选项须为对象', { field: 'options' });
    }
    if (!isChecker(options.checker)) {
      throw setupError(
        'credit-check/form: options.checker is required: anything with check(request) (Snapshot, SnapshotHolder, CheckerWorker)',
        '须提供 options.checker：任何有 check(request) 方法的对象（Snapshot、SnapshotHolder、CheckerWorker）',
        { field: 'checker' },
      );
    }
    if (!options.scenario || typeof options.scenario !== 'string') {
      throw setupError('credit-check/form: options.scenario is required, e.g. SC-ZFCG-SUPPLIER', '须提供 options.scenario（核查场景），例如 SC-ZFCG-SUPPLIER', { field: 'scenario' });
    }
    const failPolicy = options.failPolicy ?? 'block';
    if (failPolicy !== 'block' && failPolicy !== 'warn') {
      throw setupError(`credit-check/form: failPolicy is 'block' or 'warn', not '${failPolicy}'`, `failPolicy 须为 'block' 或 'warn'，而不是“${failPolicy}”`, {
        field: 'failPolicy',
        expected: 'block, warn',
        found: String(failPolicy),
      });
    }
    const audience = options.audience ?? 'officer';
    if (!AUDIENCES.includes(audience)) {
      throw setupError(`credit-check/form: audience is 'party' or 'officer', not '${audience}'`, `audience 须为 'party' 或 'officer'，而不是“${audience}”`, {
        field: 'audience',
        expected: AUDIENCES.join(', '),
        found: String(audience),
      });
    }
    this.#form = form;
    this.#doc = form.ownerDocument;
    this.#checker = options.checker;
    this.#opts = {
      scenario: options.scenario,
      fields: { ...DEFAULT_FIELDS, ...(options.fields ?? {}) },
      role: options.role ?? 'applicant',
      members: options.members === undefined ? DEFAULT_MEMBERS : options.members,
      cutoff: options.cutoff,
      facts: options.facts,
      blockOn: new Set(options.blockOn ?? ['block']),
      failPolicy,
      debounceMs: Number.isFinite(options.debounceMs) && options.debounceMs >= 0 ? options.debounceMs : 300,
      autoCheck: options.autoCheck !== false,
      headingLevel: Math.min(6, Math.max(1, Math.trunc(options.headingLevel ?? 3))),
      validateOptions: options.validateOptions,
      audience,
    };
    this.#lang = langKey(options.lang ?? 'zh-CN');
    this.#t = textsFor(this.#lang, audience);
    this.#buildPanel(options.output);
    this.#ensureHidden();
    this.#listen();
    this.#renderIdle();
    // Values already there (restored by the browser, or filled by the page): validate and check.
    for (const input of this.#codeInputs()) if (valueOf(input)) this.#validateField(input);
    this.#autoCheck();
  }

  // -- public ----------------------------------------------------------------------------------

  get form() {
    return this.#form;
  }

  get panel() {
    return this.#panel;
  }

  /** The last result applied, or null. */
  get result() {
    return this.#result;
  }

  get checker() {
    return this.#checker;
  }

  /** Runs the check now with the current values. Null if destroyed or overtaken by a later check. */
  check() {
    if (this.#destroyed) return Promise.resolve(null);
    return this.#run(this.#collect());
  }

  /** Replaces the checker (e.g. a loaded snapshot, a worker); the next submit checks again. */
  setChecker(checker) {
    if (!isChecker(checker)) {
      throw setupError('credit-check/form: a checker has check(request)', '核查器须有 check(request) 方法', { field: 'checker' });
    }
    if (this.#destroyed) return;
    this.#checker = checker;
    this.#checkerGen++;
    this.#autoCheck();
  }

  /** Removes the listeners, the panel, the field messages and the hidden inputs it created. */
  destroy() {
    if (this.#destroyed) return;
    this.#destroyed = true;
    this.#seq++;
    this.#inflight = null;
    this.#deferred = null;
    for (const t of this.#validateTimers.values()) clearTimeout(t);
    this.#validateTimers.clear();
    for (const [target, type, fn, capture] of this.#listeners) target.removeEventListener(type, fn, capture);
    this.#listeners = [];
    for (const [input, entry] of this.#fieldMsgs) {
      entry.msg.remove();
      removeToken(input, 'aria-describedby', entry.msg.id);
      if (entry.invalidSet) input.removeAttribute('aria-invalid');
    }
    this.#fieldMsgs.clear();
    this.#panel.remove();
    for (const input of this.#createdHidden) input.remove();
    this.#createdHidden = [];
  }

  // -- collecting the request ------------------------------------------------------------------

  #memberRoots() {
    const sel = this.#opts.members;
    if (!sel) return [];
    return [...this.#form.querySelectorAll(sel)];
  }

  /** The first match of `selector` in `root`, outside member rows when `root` is the form. */
  #find(root, selector, outsideMembers) {
    if (!selector) return null;
    const candidates = root.querySelectorAll(selector);
    for (const c of candidates) {
      if (outsideMembers && this.#opts.members && c.closest(this.#opts.members)) continue;
      return c;
    }
    return null;
  }

  #partyFrom(root, role, outsideMembers) {
    const party = { role };
    for (const f of FIELD_NAMES) {
      const v = valueOf(this.#find(root, this.#opts.fields[f], outsideMembers));
      if (v) party[f] = v;
    }
    if (!party.label && root !== this.#form) {
      const label = root.getAttribute('data-cc-label');
      if (label) party.label = label;
    }
    return party;
  }

  #collect() {
    const o = this.#opts;
    const parties = [this.#partyFrom(this.#form, o.role, true)];
    for (const m of this.#memberRoots()) {
      const p = this.#partyFrom(m, MEMBER_ROLE, false);
      if (DATA_FIELDS.some((f) => p[f])) parties.push(p); // an empty row is not a party
    }
    const request = { scenario: o.scenario, parties };
    let cutoff = typeof o.cutoff === 'function' ? o.cutoff() : o.cutoff;
    if (cutoff instanceof Date) cutoff = cutoff.toISOString();
    if (cutoff != null && cutoff !== '') request.cutoff = String(cutoff);
    const facts = typeof o.facts === 'function' ? o.facts() : o.facts;
    if (facts && typeof facts === 'object' && Object.keys(facts).length) request.facts = { ...facts };
    const hasData = parties.some((p) => DATA_FIELDS.some((f) => p[f]));
    return { request, key: `${this.#checkerGen}\u0000${JSON.stringify(request)}`, hasData };
  }

  // -- checking --------------------------------------------------------------------------------

  #run({ request, key }) {
    const seq = ++this.#seq;
    const checker = this.#checker;
    this.#paint('pending', () => this.#setPending(true));
    const promise = Promise.resolve()
      .then(() => checker.check(request))
      .then(
        (r) => normalize(r, request),
        (err) => ({ decision: 'error', verdict: null, record: null, sha256: null, request, error: asError(err) }),
      )
      // The names shown come from the core's vocabulary: the module is loaded on this thread
      // too (a worker may have done the check). If it cannot load, ids are shown as they are.
      .then((result) => loadVocabulary(checker).then(() => result))
      .then((result) => {
        if (this.#destroyed || seq !== this.#seq) return null;
        this.#inflight = null;
        this.#result = result;
        this.#resultKey = key;
        this.#hidden.record.value = result.record ?? '';
        this.#hidden.sha256.value = result.sha256 ?? '';
        this.#paint('pending', () => this.#setPending(false));
        this.#paint('panel', () => this.#render(result));
        this.#dispatch(EVENTS.verdict, result, false);
        return result;
      });
    this.#inflight = { key, promise };
    return promise;
  }

  #autoCheck() {
    if (!this.#opts.autoCheck || this.#destroyed) return;
    const collected = this.#collect();
    if (!collected.hasData) {
      if (this.#result || this.#inflight) this.#reset();
      return;
    }
    if (this.#inflight?.key === collected.key) return;
    if (this.#resultKey === collected.key && this.#result && !RETRY.has(this.#result.decision)) {
      this.#markOutdated(false);
      return;
    }
    this.#run(collected);
  }

  /** Back to "nothing checked" (the form was emptied). */
  #reset() {
    this.#seq++;
    this.#inflight = null;
    this.#result = null;
    this.#resultKey = null;
    this.#hidden.record.value = '';
    this.#hidden.sha256.value = '';
    this.#paint('pending', () => this.#setPending(false));
    this.#paint('panel', () => this.#renderIdle());
  }

  /** The outcome's effect on submit: null to let it through, else why not. */
  #gate(result) {
    if (!result) return { reason: 'failPolicy' };
    if (this.#opts.blockOn.has(result.decision)) return { reason: 'decision' };
    if (UNCHECKED.has(result.decision) && this.#opts.failPolicy === 'block') return { reason: 'failPolicy' };
    return null;
  }

  // -- submit ----------------------------------------------------------------------------------

  #onSubmit = (event) => {
    if (this.#destroyed || this.#forceSubmit) return;
    this.#flush(); // what a click deferred is shown before anything is decided
    const { key } = this.#collect();
    const fresh =
      this.#resubmitting ||
      (this.#result && this.#resultKey === key && !RETRY.has(this.#result.decision) && this.#inflight?.key !== key);
    if (fresh) {
      // The evidence posted is the record of exactly these values (an edit undone since emptied it).
      this.#hidden.record.value = this.#result.record ?? '';
      this.#hidden.sha256.value = this.#result.sha256 ?? '';
      const block = this.#gate(this.#result);
      if (!block) return; // let it through (the notice for 'warn' is already shown)
      if (!this.#announceBlocked(this.#result, block)) return; // the host let it through
      event.preventDefault();
      event.stopImmediatePropagation();
      return;
    }
    // Not checked for these values yet: hold the submission, check, then submit again.
    event.preventDefault();
    event.stopImmediatePropagation();
    if (this.#waitingSubmit) return;
    this.#waitingSubmit = true;
    const submitter = event.submitter;
    const collected = this.#collect();
    (async () => {
      let result = this.#inflight?.key === collected.key ? await this.#inflight.promise : await this.#run(collected);
      // Overtaken by a later check (the user typed meanwhile): wait for the latest.
      while (result === null && !this.#destroyed && this.#inflight) result = await this.#inflight.promise;
      // A synchronous checker answers within the submit event's own dispatch, when the browser
      // ignores requestSubmit(): go on from a task of its own.
      await new Promise((resolve) => setTimeout(resolve, 0));
      this.#waitingSubmit = false;
      if (this.#destroyed || !result) return;
      this.#flush();
      const block = this.#gate(result);
      if (!block) {
        this.#resubmit(submitter, false);
      } else if (!this.#announceBlocked(result, block)) {
        this.#resubmit(submitter, true);
      }
    })().catch(() => {
      this.#waitingSubmit = false;
    });
  };

  #resubmit(submitter, force) {
    const form = this.#form;
    if (force) this.#forceSubmit = true;
    else this.#resubmitting = true;
    try {
      const ok = submitter && submitter.form === form && submitter.isConnected;
      if (ok) form.requestSubmit(submitter);
      else form.requestSubmit();
    } finally {
      this.#forceSubmit = false;
      this.#resubmitting = false;
    }
  }

  /** Dispatches `credit-check:blocked`; unless the host cancels it, shows why and focuses the panel. */
  #announceBlocked(result, block) {
    const t = this.#t;
    const label = t.decision[result.decision] ?? result.decision;
    const message = {
      zh: (block.reason === 'decision' ? MESSAGES.zh.blockedDecision : MESSAGES.zh.blockedUnchecked)(MESSAGES.zh.decision[result.decision] ?? result.decision),
      en: (block.reason === 'decision' ? MESSAGES.en.blockedDecision : MESSAGES.en.blockedUnchecked)(MESSAGES.en.decision[result.decision] ?? result.decision),
    };
    const go = this.#dispatch(EVENTS.blocked, { decision: result.decision, reason: block.reason, message, result }, true);
    if (!go) return false;
    this.#notice.textContent = bi(message, this.#lang);
    this.#notice.hidden = false;
    this.#notice.classList.add('cc-panel__notice--blocked');
    // The notice says it now: the policy line under it would say it twice.
    if (this.#policy) this.#policy.hidden = true;
    this.#heading.textContent = t.headingWith(label);
    this.#panel.classList.add('cc-panel--blocked');
    this.#heading.focus();
    if (typeof this.#heading.scrollIntoView === 'function') this.#heading.scrollIntoView({ block: 'nearest' });
    return true;
  }

  #dispatch(type, detail, cancelable) {
    return this.#form.dispatchEvent(new CustomEvent(type, { detail, bubbles: true, composed: true, cancelable }));
  }

  // -- listening -------------------------------------------------------------------------------

  #on(target, type, fn, capture = false) {
    target.addEventListener(type, fn, capture);
    this.#listeners.push([target, type, fn, capture]);
  }

  #listen() {
    this.#on(this.#form, 'submit', this.#onSubmit, true);
    this.#on(this.#form, 'input', (e) => this.#onInput(e));
    this.#on(this.#form, 'change', (e) => this.#onChange(e));
    this.#on(this.#form, 'focusout', (e) => this.#onChange(e));
    this.#on(this.#form, 'pointerdown', () => {
      this.#pointerDown = true;
    }, true);
    const view = this.#doc.defaultView;
    if (view) {
      const release = () => {
        if (!this.#pointerDown) return;
        this.#pointerDown = false;
        // After the click this pointerup belongs to (dispatched in the same task).
        setTimeout(() => this.#flush(), 0);
      };
      this.#on(view, 'pointerup', release, true);
      this.#on(view, 'pointercancel', release, true);
    }
  }

  /**
   * Applies a change to the page now, or — while a pointer is down in the form — once it is
   * released. A click on Submit blurs the field first; the inline message or the verdict shown
   * then would move the button away before the mouse button comes up, and the click would be
   * lost. The state (result, hidden inputs, events) is never deferred, only the painting; `slot`
   * keeps the latest change per place.
   */
  #paint(slot, fn) {
    if (!this.#pointerDown) {
      fn();
      return;
    }
    const deferred = (this.#deferred ??= new Map());
    deferred.delete(slot); // the latest change goes last: the order they are applied in
    deferred.set(slot, fn);
  }

  #flush() {
    const pending = this.#deferred;
    this.#deferred = null;
    if (!pending || this.#destroyed) return;
    for (const fn of pending.values()) fn();
  }

  /** Which party field `node` is: `{ field, member }` (member: row index or null), or null. */
  #fieldOf(node) {
    if (!node || node.nodeType !== 1 || this.#panel.contains(node)) return null;
    const membersSel = this.#opts.members;
    const memberRoot = membersSel ? node.closest(membersSel) : null;
    for (const f of FIELD_NAMES) {
      const sel = this.#opts.fields[f];
      if (!sel || !node.matches(sel)) continue;
      if (memberRoot && this.#form.contains(memberRoot)) {
        return { field: f, member: this.#memberRoots().indexOf(memberRoot), root: memberRoot };
      }
      return this.#find(this.#form, sel, true) === node ? { field: f, member: null, root: this.#form } : null;
    }
    return null;
  }

  #codeInputs() {
    const out = [];
    const main = this.#find(this.#form, this.#opts.fields.code, true);
    if (main) out.push(main);
    for (const m of this.#memberRoots()) {
      const c = this.#find(m, this.#opts.fields.code, false);
      if (c) out.push(c);
    }
    return out;
  }

  #onInput(event) {
    const which = this.#fieldOf(event.target);
    if (!which) return;
    const input = event.target;
    // The values changed: the record held for the old ones must not be posted with the new.
    const { key } = this.#collect();
    if (this.#result && key !== this.#resultKey) this.#markOutdated(true);
    if (which.field !== 'code') return;
    clearTimeout(this.#validateTimers.get(input));
    this.#validateTimers.set(
      input,
      setTimeout(() => {
        this.#validateTimers.delete(input);
        this.#validateField(input, which, true);
      }, this.#opts.debounceMs),
    );
  }

  #onChange(event) {
    const which = this.#fieldOf(event.target);
    if (!which) return;
    if (which.field === 'code') {
      const input = event.target;
      const pending = this.#validateTimers.has(input);
      if (pending) {
        clearTimeout(this.#validateTimers.get(input));
        this.#validateTimers.delete(input);
      }
      // A blur with nothing typed since the last validation has nothing new to say.
      if (pending || event.type === 'change') this.#validateField(input, which, false);
    }
    this.#autoCheck();
  }

  // -- field validation ------------------------------------------------------------------------

  #validateField(input, which = this.#fieldOf(input), thenCheck = false) {
    if (!isReady()) {
      init().then(
        () => {
          if (!this.#destroyed && input.isConnected) this.#validateField(input, which, thenCheck);
        },
        () => {}, // the module could not load: no inline message; the check itself still runs
      );
      return;
    }
    if (this.#destroyed) return;
    const value = valueOf(input);
    let result = null;
    if (value) {
      try {
        result = validate(value, this.#opts.validateOptions);
      } catch {
        result = null;
      }
    }
    this.#paint(input, () => this.#showFieldMessage(input, result));
    this.#dispatch(EVENTS.validation, { field: which?.field ?? 'code', member: which?.member ?? null, value, result, element: input }, false);
    if (thenCheck && result?.ok) this.#autoCheck();
  }

  #fieldEntry(input) {
    let entry = this.#fieldMsgs.get(input);
    if (!entry || !entry.msg.isConnected) {
      const msg = el(this.#doc, 'div', 'cc-field-msg');
      msg.id = nextId('field-msg');
      msg.lang = htmlLang(this.#lang);
      msg.hidden = true;
      input.insertAdjacentElement('afterend', msg);
      entry = { msg, invalidSet: false };
      this.#fieldMsgs.set(input, entry);
    }
    return entry;
  }

  #showFieldMessage(input, v) {
    const t = this.#t;
    const entry = this.#fieldEntry(input);
    const { msg } = entry;
    msg.replaceChildren();
    msg.classList.remove('cc-field-msg--error', 'cc-field-msg--ok', 'cc-field-msg--warn');
    if (!v) {
      msg.hidden = true;
      removeToken(input, 'aria-describedby', msg.id);
      if (entry.invalidSet) input.removeAttribute('aria-invalid');
      entry.invalidSet = false;
      return;
    }
    msg.hidden = false;
    addToken(input, 'aria-describedby', msg.id);
    const en = this.#lang === 'en';
    if (!v.ok) {
      const p = v.errors[0];
      msg.classList.add('cc-field-msg--error');
      msg.dataset.state = 'error';
      msg.append(el(this.#doc, 'span', 'cc-field-msg__label', t.invalid + t.sep));
      msg.append(el(this.#doc, 'span', 'cc-field-msg__text', p ? (en ? p.messageEn : p.message) : ''));
      // The position once: most messages already say where ("第15位…").
      const text = p ? (en ? p.messageEn : p.message) : '';
      if (p?.position != null && !text.includes(t.position(p.position))) {
        msg.append(' ', el(this.#doc, 'span', 'cc-field-msg__pos', `(${t.position(p.position)})`));
      }
      if (p?.code) msg.dataset.code = p.code;
      input.setAttribute('aria-invalid', 'true');
      entry.invalidSet = true;
      return;
    }
    const warn = v.warnings[0];
    msg.classList.add(warn ? 'cc-field-msg--warn' : 'cc-field-msg--ok');
    msg.dataset.state = warn ? 'warn' : 'ok';
    delete msg.dataset.code;
    if (entry.invalidSet) input.removeAttribute('aria-invalid');
    entry.invalidSet = false;
    msg.append(el(this.#doc, 'span', 'cc-field-msg__label', (warn ? t.validWarn : t.valid) + t.sep));
    const bits = [];
    if (v.kind) bits.push(t.kind[v.kind] ?? v.kind);
    const parts = v.parts;
    // An ID number is shown masked, never echoed in full.
    bits.push(v.kind === 'residentId' && parts?.masked ? parts.masked : v.normalized);
    const division = parts?.division ?? parts?.address ?? null;
    if (division?.name) bits.push(division.name);
    if (parts?.category) bits.push(en ? parts.category.nameEn : parts.category.name);
    msg.append(el(this.#doc, 'span', 'cc-field-msg__text', bits.filter(Boolean).join(' · ')));
    if (warn) msg.append(el(this.#doc, 'span', 'cc-field-msg__warning', ` ${en ? warn.messageEn : warn.message}`));
  }

  // -- panel -----------------------------------------------------------------------------------

  #buildPanel(output) {
    const doc = this.#doc;
    const t = this.#t;
    const panel = el(doc, 'section', 'cc-panel');
    panel.setAttribute('role', 'region');
    panel.setAttribute('aria-label', t.region);
    panel.lang = htmlLang(this.#lang);
    const heading = el(doc, `h${this.#opts.headingLevel}`, 'cc-panel__heading', t.heading);
    heading.id = nextId('heading');
    heading.tabIndex = -1;
    const status = el(doc, 'p', 'cc-panel__status');
    status.id = nextId('status');
    status.setAttribute('role', 'status');
    status.setAttribute('aria-live', 'polite');
    status.setAttribute('aria-atomic', 'true');
    const pending = el(doc, 'p', 'cc-panel__pending', t.pending);
    pending.hidden = true;
    pending.setAttribute('aria-hidden', 'true');
    const notice = el(doc, 'p', 'cc-panel__notice');
    notice.id = nextId('notice');
    notice.hidden = true;
    heading.setAttribute('aria-describedby', `${status.id} ${notice.id}`);
    const body = el(doc, 'div', 'cc-panel__body');
    panel.append(heading, status, pending, notice, body);
    this.#panel = panel;
    this.#heading = heading;
    this.#status = status;
    this.#pending = pending;
    this.#notice = notice;
    this.#body = body;

    const host = resolveElement(output, doc, 'output');
    if (host) {
      host.append(panel);
      return;
    }
    const submit = [...this.#form.querySelectorAll('button, input[type=submit], input[type=image]')].find(
      (b) => (b.localName === 'button' ? b.type === 'submit' : true) && !(this.#opts.members && b.closest(this.#opts.members)),
    );
    if (!submit) {
      this.#form.append(panel);
      return;
    }
    // Before the button's outermost wrapper inside the form (a button row is often a flex box
    // the panel should not be squeezed into); the button itself when it is a child of the form.
    let anchor = submit;
    while (anchor.parentElement && anchor.parentElement !== this.#form && this.#form.contains(anchor.parentElement)) {
      anchor = anchor.parentElement;
    }
    anchor.before(panel);
  }

  #ensureHidden() {
    for (const [slot, name] of [
      ['record', RECORD_INPUT],
      ['sha256', SHA_INPUT],
    ]) {
      let input = [...this.#form.elements].find((x) => x.name === name);
      if (!input) {
        input = el(this.#doc, 'input');
        input.type = 'hidden';
        input.name = name;
        this.#form.append(input);
        this.#createdHidden.push(input);
      }
      input.value = '';
      this.#hidden[slot] = input;
    }
  }

  #setPending(on) {
    this.#pending.hidden = !on;
    this.#panel.classList.toggle('cc-panel--pending', on);
    if (on) this.#panel.setAttribute('aria-busy', 'true');
    else this.#panel.removeAttribute('aria-busy');
  }

  /** The state (hidden inputs, data-outdated) changes now; what it shows, through #paint. */
  #markOutdated(changed) {
    if (changed) {
      this.#hidden.record.value = '';
      this.#hidden.sha256.value = '';
      this.#panel.dataset.outdated = 'true';
      this.#paint('notice', () => {
        this.#panel.classList.add('cc-panel--outdated');
        this.#notice.classList.remove('cc-panel__notice--blocked');
        this.#notice.textContent = this.#t.outdated;
        this.#notice.hidden = false;
      });
    } else if (this.#result && this.#panel.dataset.outdated) {
      // Back to the values that were checked.
      this.#hidden.record.value = this.#result.record ?? '';
      this.#hidden.sha256.value = this.#result.sha256 ?? '';
      delete this.#panel.dataset.outdated;
      this.#paint('notice', () => {
        this.#panel.classList.remove('cc-panel--outdated');
        this.#notice.hidden = true;
        this.#notice.textContent = '';
        if (this.#policy) this.#policy.hidden = false;
      });
    }
  }

  #clearNotice() {
    this.#panel.classList.remove('cc-panel--outdated', 'cc-panel--blocked');
    delete this.#panel.dataset.outdated;
    this.#notice.classList.remove('cc-panel__notice--blocked');
    this.#notice.textContent = '';
    this.#notice.hidden = true;
  }

  #renderIdle() {
    const t = this.#t;
    this.#clearNotice();
    setDecisionClass(this.#panel, null);
    this.#panel.classList.add('cc-panel--idle');
    this.#panel.dataset.decision = 'idle';
    this.#heading.textContent = t.heading;
    this.#status.textContent = this.#opts.autoCheck ? t.idle : t.idleManual;
    this.#body.replaceChildren();
  }

  /** The one-sentence summary the live region announces. */
  #statusText(result) {
    const t = this.#t;
    const key = this.#lang;
    const lang = htmlLang(key);
    const v = result.verdict;
    const d = result.decision;
    if (this.#opts.audience === 'party') {
      let text = t.status[d] ?? t.decision[d] ?? d;
      if (d === 'pass' && v?.effects?.some((e) => INCENTIVES.has(e))) text += t.passIncentive;
      return text;
    }
    if (d === 'stale' && v) return t.staleStatus(v.snapshot, lang);
    if (d === 'notCovered' && v) return t.uncoveredStatus(this.#uncoveredNames(v));
    if (d === 'invalidInput') return t.invalidStatus;
    if (d === 'unavailable') return t.unavailableStatus(key === 'en' ? result.message : result.messageZh ?? result.message);
    if (d === 'error') return t.errorStatus(key === 'en' ? result.error?.message : result.error?.messageZh ?? result.error?.message);
    if (!v) return t.decision[d] ?? d;
    const parties = v.parties ?? [];
    return t.counts({
      total: parties.length,
      block: parties.filter((p) => p.decision === 'block').length,
      review: parties.filter((p) => p.decision === 'review').length,
    });
  }

  #uncoveredNames(v) {
    const lang = htmlLang(this.#lang);
    return (v.snapshot?.uncovered ?? []).map((id) => listName(id, lang)).join(this.#t.listSep);
  }

  #render(result) {
    const t = this.#t;
    const key = this.#lang;
    const doc = this.#doc;
    const decision = result.decision;
    const label = t.decision[decision] ?? decision;
    this.#clearNotice();
    this.#panel.classList.remove('cc-panel--idle');
    setDecisionClass(this.#panel, decision);
    this.#panel.dataset.decision = decision;
    this.#heading.textContent = t.headingWith(label);
    this.#status.textContent = this.#statusText(result);

    const body = [];
    // What submit will do: one line (a blocked submit shows it in the notice instead).
    const gate = this.#gate(result);
    let policy = null;
    if (gate?.reason === 'decision') policy = el(doc, 'p', 'cc-panel__policy cc-panel__policy--block', t.policyBlock);
    else if (UNCHECKED.has(decision)) {
      const cls = gate ? 'cc-panel__policy cc-panel__policy--block' : 'cc-panel__policy cc-panel__policy--warn';
      policy = el(doc, 'p', cls, gate ? t.policyUncheckedBlock : t.policyUncheckedWarn);
    }
    if (policy) body.push(policy);
    this.#policy = policy;

    const v = result.verdict;
    if (v) {
      if (v.consortium) {
        const c = el(doc, 'p', 'cc-panel__consortium');
        c.append(el(doc, 'strong', 'cc-panel__consortium-label', t.consortium + t.sep), plainText(bi(v.consortium.why, key), htmlLang(key)));
        if (v.consortium.blockedBy?.length) c.classList.add('cc-panel__consortium--blocked');
        body.push(c);
      }
      const parties = el(doc, 'div', 'cc-parties');
      for (const p of v.parties ?? []) parties.append(this.#renderParty(p, result.request?.parties?.[p.index] ?? {}, v));
      body.push(parties);
    }
    const steps = this.#steps(result);
    if (steps.length) body.push(this.#renderSteps(steps));
    if (v) body.push(this.#renderMeta(result));
    if (result.record && result.sha256) body.push(this.#renderRecord(result.record, result.sha256));
    body.push(this.#renderTech(result));
    this.#body.replaceChildren(...body);
  }

  /** The decision a party is shown with: never "pass" when the check as a whole does not count. */
  #shownDecision(p, v) {
    return p.decision === 'pass' && NO_PASS.has(v.decision) ? v.decision : p.decision;
  }

  #renderParty(p, input, v) {
    const t = this.#t;
    const key = this.#lang;
    const doc = this.#doc;
    const shown = this.#shownDecision(p, v);
    const art = el(doc, 'article', `cc-party ${decisionClass(shown)}`);
    art.dataset.decision = shown;
    art.dataset.index = String(p.index);
    const titleTag = `h${Math.min(6, this.#opts.headingLevel + 1)}`;
    const title = el(doc, titleTag, 'cc-party__title');
    const who = p.label || input.label || input.name || input.code || t.party(p.index + 1);
    title.append(el(doc, 'span', 'cc-party__name', who), ' ', el(doc, 'span', `cc-badge ${decisionClass(shown)}`, t.decision[shown] ?? shown));
    art.append(title);
    const ids = el(doc, 'dl', 'cc-dl cc-party__ids');
    row(ids, t.role_, t.role[p.role] ?? p.role);
    if (input.name && input.name !== who) row(ids, t.nameLabel, input.name);
    if (input.code && input.code !== who) row(ids, t.codeLabel, input.code);
    art.append(ids);

    for (const [title2, list, cls] of [
      [t.inputProblems, p.inputProblems, 'cc-party__problems'],
      [t.inputWarnings, p.inputWarnings, 'cc-party__warnings'],
    ]) {
      if (!list?.length) continue;
      const box = el(doc, 'div', cls);
      box.append(el(doc, 'p', 'cc-section-title', title2));
      const ul = el(doc, 'ul', 'cc-list');
      for (const { field, problems } of list) {
        for (const pr of problems ?? []) {
          const li = el(doc, 'li', null, `${t.field[field] ?? field}${t.sep}${key === 'en' ? pr.messageEn ?? pr.message : pr.message}`);
          li.dataset.code = pr.code;
          ul.append(li);
        }
      }
      box.append(ul);
      art.append(box);
    }

    if (p.hits?.length) {
      const box = el(doc, 'div', 'cc-hits');
      box.append(el(doc, 'p', 'cc-section-title', t.hits));
      const ul = el(doc, 'ul', 'cc-list cc-hits__list');
      for (const h of p.hits) ul.append(this.#renderHit(h));
      box.append(ul);
      if (p.omitted > 0) box.append(el(doc, 'p', 'cc-hits__omitted', t.omitted(p.omitted)));
      art.append(box);
    }
    const measures = mergeMeasures(p);
    if (measures.length) art.append(this.#renderMeasures(measures, t.measures));
    if (p.commitment) {
      const c = p.commitment;
      const box = el(doc, 'div', `cc-commitment cc-commitment--${c.allowed ? 'allowed' : 'denied'}`);
      box.append(el(doc, 'p', 'cc-section-title', t.commitment));
      box.append(el(doc, 'p', 'cc-commitment__allowed', c.allowed ? t.commitmentAllowed : t.commitmentNotAllowed));
      const dl = el(doc, 'dl', 'cc-dl');
      row(dl, t.commitmentTypes, (c.types ?? []).map((x) => bi(x.name, key)).join(t.listSep) || t.none);
      box.append(dl);
      if (c.why) box.append(el(doc, 'p', 'cc-why', plainText(bi(c.why, key), htmlLang(key))));
      art.append(box);
    }
    if (p.supervision) {
      const s = p.supervision;
      const box = el(doc, 'div', 'cc-supervision');
      box.append(el(doc, 'p', 'cc-section-title', t.supervision));
      const dl = el(doc, 'dl', 'cc-dl');
      row(dl, t.creditClass, s.creditClass ?? '—');
      row(dl, t.ratio, s.ratio ?? '—');
      row(dl, t.direction_, s.direction ? t.direction[s.direction] ?? s.direction : '');
      row(dl, t.focus, s.focus ? t.yes : t.no, s.focus ? 'cc-supervision__focus' : null);
      box.append(dl);
      if (s.isExample) box.append(el(doc, 'p', 'cc-note', t.isExample));
      if (s.why) box.append(el(doc, 'p', 'cc-why', plainText(bi(s.why, key), htmlLang(key))));
      art.append(box);
    }
    return art;
  }

  #renderHit(h) {
    const t = this.#t;
    const key = this.#lang;
    const lang = htmlLang(key);
    const doc = this.#doc;
    const li = el(doc, 'li', `cc-hit cc-hit--${h.colour}`);
    li.dataset.listType = h.listType;
    const head = el(doc, 'p', 'cc-hit__list');
    head.append(
      el(doc, 'span', `cc-tag cc-tag--${h.colour}`, t.colour[h.colour] ?? h.colour),
      ' ',
      el(doc, 'span', 'cc-hit__list-name', listName(h.listType, lang)),
    );
    li.append(head);
    const r = h.record ?? {};
    const dl = el(doc, 'dl', 'cc-dl cc-hit__record');
    row(dl, t.recordName, r.name, 'cc-hit__name');
    row(dl, t.authority, r.listingAuthority, 'cc-hit__authority');
    row(dl, t.decisionNumber, r.decisionNumber, 'cc-hit__decision-number');
    row(dl, t.listedAt, r.listedAt ? chinaTime(r.listedAt, { lang }) : '');
    // Record model v2: the sanction and its own end apart from the publication end.
    if (r.penalty) row(dl, t.penalty, r.penalty, 'cc-hit__penalty');
    if (h.ban && h.ban.state !== 'notApplicable') {
      const state = t.banState[h.ban.state] ?? h.ban.state;
      const reason = key === 'en' ? h.ban.reasonEn : h.ban.reason;
      row(dl, t.ban, `${state}${reason ? `${t.sep}${plainText(reason, lang)}` : ''}`, 'cc-hit__ban');
    }
    if (r.term?.maxEnd) row(dl, t.publicationEnd, chinaTime(r.term.maxEnd, { lang }), 'cc-hit__publication-end');
    if (r.status && r.status !== 'active') row(dl, t.recordStatus, t.recordStatusName[r.status] ?? r.status, 'cc-hit__status');
    if (r.relatedPersons?.length) {
      const people = r.relatedPersons.map((p) => {
        const role = key === 'en' ? t.personRole[p.role] ?? p.role : p.roleZh;
        const id = p.idNumber ? ` ${p.idNumber}${p.idMasked ? t.maskedNote : ''}` : '';
        return `${role}${key === 'en' ? ': ' : '：'}${p.name}${id}`;
      });
      row(dl, t.relatedPersons, people.join(key === 'en' ? '; ' : '；'), 'cc-hit__persons');
    }
    if (h.validity) {
      const state = t.validityState[h.validity.state] ?? h.validity.state;
      const reason = key === 'en' ? h.validity.reasonEn ?? h.validity.reason : h.validity.reason;
      row(dl, t.validity, `${state}${reason ? `${t.sep}${plainText(reason, lang)}` : ''}`, 'cc-hit__validity');
    }
    if (h.match) row(dl, t.match, bi(h.match.note, key), 'cc-hit__match');
    li.append(dl);
    if (h.objection) {
      const box = el(doc, 'div', 'cc-objection');
      box.append(el(doc, 'p', 'cc-section-title', t.objection));
      box.append(el(doc, 'p', 'cc-objection__route', bi(h.objection.route, key)));
      li.append(box);
    }
    return li;
  }

  /** The measures of a party, each once, with the lists that bring it and why. */
  #renderMeasures(items, title) {
    const t = this.#t;
    const key = this.#lang;
    const lang = htmlLang(key);
    const doc = this.#doc;
    const box = el(doc, 'div', 'cc-measures');
    box.append(el(doc, 'p', 'cc-section-title', title));
    const ul = el(doc, 'ul', 'cc-list cc-measures__list');
    // A reason shared by several measures is said once, after the list; its own under each other.
    const whyOf = ({ m }) => (m.why ? plainText(bi(m.why, key), lang) : '');
    const count = new Map();
    for (const item of items) count.set(whyOf(item), (count.get(whyOf(item)) ?? 0) + 1);
    for (const { m, lists } of items) {
      const li = el(doc, 'li', `cc-measure cc-measure--${m.state} cc-effect--${m.effect}`);
      li.dataset.measure = m.id;
      li.dataset.state = m.state;
      const head = el(doc, 'p', 'cc-measure__head');
      head.append(
        el(doc, 'span', `cc-tag cc-effect-tag cc-effect--${m.effect}`, t.effect[m.effect] ?? m.effect),
        ' ',
        el(doc, 'span', `cc-tag cc-state-tag cc-state--${m.state}`, t.state[m.state] ?? m.state),
      );
      li.append(head, el(doc, 'p', 'cc-measure__text', plainText(bi(m.text, key), lang)));
      const dl = el(doc, 'dl', 'cc-dl cc-measure__meta');
      if (lists.length) row(dl, t.fromLists, lists.map((id) => listName(id, lang)).join(t.listSep), 'cc-measure__lists');
      const basis = m.legalBasis ? formatCitation(m.legalBasis, lang) : '';
      row(dl, t.legalBasis, basis, 'cc-measure__basis');
      const edition = formatEdition(m.edition, m.legalBasis, lang);
      if (edition && edition !== basis) row(dl, t.edition, edition, 'cc-measure__edition');
      li.append(dl);
      const why = whyOf({ m });
      if (why && count.get(why) === 1) li.append(el(doc, 'p', 'cc-why', why));
      ul.append(li);
    }
    box.append(ul);
    for (const [why, n] of count) if (why && n > 1) box.append(el(doc, 'p', 'cc-why', why));
    return box;
  }

  /** What to do next: one list, each step once. */
  #steps(result) {
    const t = this.#t;
    const key = this.#lang;
    const lang = htmlLang(key);
    const v = result.verdict;
    const out = [];
    const add = (text) => {
      const s = plainText(String(text ?? '').trim(), lang);
      if (s && !out.includes(s)) out.push(s);
    };
    if (this.#opts.audience === 'party') {
      for (const s of t.steps[result.decision] ?? []) add(s);
      return out;
    }
    if (v) {
      const many = (v.parties ?? []).length > 1;
      for (const p of v.parties ?? []) {
        const who = p.label || result.request?.parties?.[p.index]?.label || result.request?.parties?.[p.index]?.name || t.party(p.index + 1);
        for (const s of p.nextSteps ?? []) add(many ? `${who}${t.sep}${bi(s, key)}` : bi(s, key));
      }
      const uncovered = v.snapshot?.uncovered ?? [];
      for (const s of v.nextSteps ?? []) {
        const zh = bi(s, 'zh');
        const en = bi(s, 'en');
        // The staleness and the missing lists are said once, in the summary above.
        if (v.snapshot?.stale && (zh.includes(v.snapshot.expiresAt) || en.includes(v.snapshot.expiresAt))) continue;
        if (uncovered.length && uncovered.every((id) => en.includes(id))) continue;
        add(bi(s, key));
      }
    }
    return out;
  }

  #renderSteps(steps) {
    const doc = this.#doc;
    const box = el(doc, 'div', 'cc-steps cc-panel__next');
    box.append(el(doc, 'p', 'cc-section-title', this.#t.nextSteps));
    const ul = el(doc, 'ul', 'cc-list');
    for (const s of steps) ul.append(el(doc, 'li', null, s));
    box.append(ul);
    return box;
  }

  /** What was checked, as of when, against which lists. */
  #renderMeta(result) {
    const t = this.#t;
    const key = this.#lang;
    const lang = htmlLang(key);
    const v = result.verdict;
    const meta = el(this.#doc, 'dl', 'cc-dl cc-panel__meta');
    row(meta, t.scenario, bi(v.scenarioName, key), 'cc-panel__scenario');
    const asked = result.input?.cutoff ?? result.request?.cutoff;
    row(meta, t.cutoff, chinaTime(asked && asked.length > 10 ? asked : v.cutoffDate, { lang }), 'cc-panel__cutoff');
    if (result.input?.checkedAt) row(meta, t.checkedAt, chinaTime(result.input.checkedAt, { lang }), 'cc-panel__checked-at');
    if (v.snapshot) row(meta, t.snapshot, t.snapshotMeta(v.snapshot, lang), 'cc-snapshot__meta');
    return meta;
  }

  #renderRecord(record, sha256) {
    const t = this.#t;
    const doc = this.#doc;
    const box = el(doc, 'div', 'cc-record');
    const button = el(doc, 'button', 'cc-button cc-record__download', t.download);
    button.type = 'button';
    button.addEventListener('click', () => {
      const blob = new Blob([record], { type: 'application/json' });
      const url = URL.createObjectURL(blob);
      const a = el(doc, 'a');
      a.href = url;
      a.download = `credit-check-record-${sha256.slice(0, 16)}.json`;
      a.hidden = true;
      doc.body.append(a);
      a.click();
      a.remove();
      setTimeout(() => URL.revokeObjectURL(url), 30_000);
    });
    box.append(button);
    return box;
  }

  /** The codes support staff ask for, collapsed: never the primary text. */
  #renderTech(result) {
    const t = this.#t;
    const doc = this.#doc;
    const details = el(doc, 'details', 'cc-tech');
    details.append(el(doc, 'summary', 'cc-tech__summary', t.tech));
    // Open stays open when the panel is drawn again (a re-check on blur).
    details.open = this.#body.querySelector(':scope > .cc-tech')?.open ?? this.#techOpen;
    details.addEventListener('toggle', () => {
      this.#techOpen = details.open;
    });
    const dl = el(doc, 'dl', 'cc-dl cc-tech__list');
    const v = result.verdict;
    if (v) {
      row(dl, t.techScenario, v.scenario);
      const lists = new Set();
      const measures = new Set();
      for (const p of v.parties ?? []) {
        for (const h of p.hits ?? []) {
          lists.add(h.listType);
          for (const m of h.measures ?? []) measures.add(m.id);
        }
        for (const m of p.measures ?? []) measures.add(m.id);
      }
      for (const id of v.snapshot?.uncovered ?? []) lists.add(id);
      if (lists.size) row(dl, t.techLists, [...lists].join(' '));
      if (measures.size) row(dl, t.techMeasures, [...measures].join(' '));
      if (v.snapshot) row(dl, t.techSnapshot, t.techSnapshotMeta(v.snapshot));
      if (v.catalogue) row(dl, t.techCatalogue, `${v.catalogue.version} · ${v.catalogue.digest}`);
    }
    const code = result.error?.code ?? (result.decision === 'unavailable' ? result.reason : null);
    if (code) row(dl, t.techError, code, 'cc-panel__error-code');
    if (result.decision === 'unavailable' || result.decision === 'error') {
      const msg = result.error?.message ?? result.message;
      if (msg) row(dl, t.techMessage, msg);
    }
    if (result.sha256) {
      const wrap = row(dl, t.techRecord, ' ');
      const value = wrap.querySelector('.cc-dl__value');
      value.replaceChildren(el(doc, 'code', 'cc-record__hash', result.sha256));
    }
    details.append(dl);
    return details;
  }
}

/**
 * A party's measures, each once: a measure brought by two lists (a red-list incentive by 纳税信用A级
 * and by a local red list) is one measure from two lists. Hit measures first, then the party's own.
 */
function mergeMeasures(p) {
  const out = new Map();
  const add = (m, listType) => {
    const k = `${m.id}\u0000${m.state}`;
    const item = out.get(k) ?? { m, lists: [] };
    if (listType && !item.lists.includes(listType)) item.lists.push(listType);
    out.set(k, item);
  };
  for (const h of p.hits ?? []) for (const m of h.measures ?? []) add(m, h.listType);
  for (const m of p.measures ?? []) add(m, null);
  return [...out.values()];
}

function isChecker(c) {
  return c != null && typeof c.check === 'function';
}

/** A checker's answer as the form reports it: `{ decision, verdict, record, sha256, request, … }`. */
function normalize(r, request) {
  if (!r || typeof r !== 'object' || typeof r.decision !== 'string') {
    return {
      decision: 'error',
      verdict: null,
      record: null,
      sha256: null,
      request,
      error: { code: 'BAD_RESULT', message: 'the checker returned no verdict', messageZh: '核查组件未返回核查结论' },
    };
  }
  if (r.decision === 'unavailable') {
    return {
      decision: 'unavailable',
      verdict: null,
      record: null,
      sha256: null,
      request,
      reason: r.reason ?? 'UNAVAILABLE',
      message: r.message ?? 'nothing was checked',
      messageZh: r.messageZh ?? '未进行核查',
    };
  }
  const verdict = r.verdict ?? null;
  if (!verdict) {
    return {
      decision: 'error',
      verdict: null,
      record: null,
      sha256: null,
      request,
      error: { code: 'BAD_RESULT', message: `the checker answered '${r.decision}' without a verdict`, messageZh: '核查组件未返回核查结论' },
    };
  }
  return {
    decision: r.decision,
    verdict,
    record: typeof r.record === 'string' ? r.record : null,
    sha256: typeof r.sha256 === 'string' ? r.sha256 : null,
    request,
    input: r.input ?? null,
  };
}

// ---------------------------------------------------------------------------------------------
// <credit-check-form>
// ---------------------------------------------------------------------------------------------

const ELEMENT_ATTRIBUTES = ['scenario', 'role', 'members', 'fail-policy', 'lang', 'audience', 'debounce-ms', 'block-on', 'cutoff', 'output', 'auto-check'];

/**
 * Registers `<credit-check-form>` (idempotent; a no-op where there are no custom elements).
 * Returns the element class, or undefined.
 */
export function defineCreditCheckElements(registry = globalThis.customElements) {
  if (!registry || typeof HTMLElement === 'undefined') return undefined;
  const existing = registry.get('credit-check-form');
  if (existing) return existing;

  class CreditCheckFormElement extends HTMLElement {
    static get observedAttributes() {
      return ELEMENT_ATTRIBUTES;
    }
    #checker = null;
    #control = null;
    #extra = {};
    #observer = null;

    /** The checker (Snapshot, SnapshotHolder, CheckerWorker, …); setting it attaches the check. */
    get checker() {
      return this.#checker;
    }
    set checker(value) {
      this.#checker = value ?? null;
      if (!value) this.#detach();
      else if (this.#control) this.#control.setChecker(value);
      else this.#attach();
    }
    /** Further `attachCheck` options (facts, cutoff as a function, fields, …); re-attaches. */
    get options() {
      return this.#extra;
    }
    set options(value) {
      this.#extra = { ...(value ?? {}) };
      this.#reattach();
    }
    /** The control returned by `attachCheck`, or null before a checker is set. */
    get control() {
      return this.#control;
    }
    get result() {
      return this.#control?.result ?? null;
    }
    check() {
      return this.#control ? this.#control.check() : Promise.resolve(null);
    }

    connectedCallback() {
      // A property set on the element before it was upgraded shadows the accessor: take it over.
      for (const prop of ['checker', 'options']) {
        if (Object.prototype.hasOwnProperty.call(this, prop)) {
          const value = this[prop];
          delete this[prop];
          this[prop] = value;
        }
      }
      this.#attach();
    }
    disconnectedCallback() {
      this.#detach();
    }
    attributeChangedCallback(name, oldValue, newValue) {
      if (oldValue !== newValue && this.#control) this.#reattach();
    }

    #form() {
      return this.querySelector(':scope > form') ?? this.querySelector('form');
    }

    #optionsFromAttributes() {
      const a = (n) => this.getAttribute(n);
      const o = { ...this.#extra, checker: this.#checker, scenario: a('scenario') ?? this.#extra.scenario };
      if (a('role') != null) o.role = a('role');
      if (a('audience') != null) o.audience = a('audience');
      if (a('members') != null) o.members = a('members');
      if (a('fail-policy') != null) o.failPolicy = a('fail-policy');
      o.lang = a('lang') || this.#extra.lang || 'zh-CN';
      if (a('debounce-ms') != null && a('debounce-ms') !== '' && Number.isFinite(Number(a('debounce-ms')))) o.debounceMs = Number(a('debounce-ms'));
      if (a('block-on') != null) o.blockOn = a('block-on').split(/[\s,]+/).filter(Boolean);
      if (a('cutoff')) o.cutoff = a('cutoff');
      if (a('output')) o.output = a('output');
      if (a('auto-check') != null) o.autoCheck = a('auto-check') !== 'false';
      return o;
    }

    #attach() {
      if (this.#control || !this.#checker || !this.isConnected) return;
      const form = this.#form();
      if (!form) {
        // The form is not parsed (or not added) yet: attach when it appears.
        if (!this.#observer) {
          this.#observer = new MutationObserver(() => {
            if (this.#form()) {
              this.#observer.disconnect();
              this.#observer = null;
              this.#attach();
            }
          });
          this.#observer.observe(this, { childList: true, subtree: true });
        }
        return;
      }
      this.#control = attachCheck(form, this.#optionsFromAttributes());
      this.dataset.attached = 'true';
    }

    #detach() {
      this.#observer?.disconnect();
      this.#observer = null;
      this.#control?.destroy();
      this.#control = null;
      delete this.dataset.attached;
    }

    #reattach() {
      if (!this.#control) return;
      this.#detach();
      this.#attach();
    }
  }

  registry.define('credit-check-form', CreditCheckFormElement);
  return CreditCheckFormElement;
}
