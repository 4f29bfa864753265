// The identifier checker page: validates the field as the user types, with the credit-check
// package from /pkg/. Everything shown is built with createElement/textContent: no data ever
// reaches innerHTML. A URL fragment like `#code=…&profile=strict&kind=uscc` pre-fills the form
// (the fragment never reaches the server).

import { onLangChange, startLang, tr } from '/lang.js';

const $ = (id) => document.getElementById(id);

const els = {
  form: $('form'),
  code: $('code'),
  kind: $('kind'),
  status: $('code-status'),
  result: $('result'),
  verdict: $('verdict'),
  verdictZh: $('verdict-zh'),
  verdictEn: $('verdict-en'),
  details: $('details'),
  kindOut: $('kind-out'),
  normalized: $('normalized'),
  legend: $('legend'),
  normalizations: $('normalizations'),
  partsSection: $('parts-section'),
  parts: $('parts'),
  problemsSection: $('problems-section'),
  problems: $('problems'),
  moreProblems: $('more-problems'),
  problemsTech: $('problems-tech'),
  problemsCodes: $('problems-codes'),
  loadError: $('load-error'),
  loadErrorDetail: $('load-error-detail'),
  version: $('version'),
};

const NORMALIZATIONS = {
  trim: ['去除首尾空白', 'trimmed'],
  fullWidth: ['全角转半角', 'full-width to ASCII'],
  uppercase: ['小写转大写', 'lowercase to uppercase'],
  separators: ['去除空格和连字符', 'spaces and hyphens removed'],
};

const VERDICTS = {
  ok: ['有效', 'Valid'],
  warn: ['有效但有提示', 'Valid, with warnings'],
  bad: ['无效', 'Invalid'],
  idle: ['请输入证照号码', 'Enter an identifier to check it'],
  loading: ['正在加载校验组件…', 'Loading the validation module…'],
  failed: ['校验组件不可用', 'The validation module is unavailable'],
};

const DIVISION_STATUS = {
  current: ['现行', 'current'],
  retired: ['已撤销', 'retired'],
  unknown: ['未收录', 'unknown'],
};

const TAXPAYER_FORMS = {
  divisionOrgCode: ['行政区划码＋组织机构代码（15位）', 'division + organisation code (15)'],
  uscc: ['统一社会信用代码（18位）', 'unified social credit code (18)'],
  residentId: ['居民身份证号码（18位）', 'resident ID number (18)'],
  residentIdSuffix: ['居民身份证号码＋顺序码（20位）', 'resident ID number + suffix (20)'],
};

// Segments of each kind's compact form, 1-based inclusive, for colouring the code cells.
const SEGMENTS = {
  uscc: [
    ['authority', 1, 1, '登记管理部门', 'authority'],
    ['category', 2, 2, '机构类别', 'category'],
    ['division', 3, 8, '行政区划', 'division'],
    ['org', 9, 17, '组织机构代码', 'organisation code'],
    ['check', 18, 18, '校验码', 'check'],
  ],
  orgCode: [
    ['org', 1, 8, '本体代码', 'body'],
    ['check', 9, 9, '校验码', 'check'],
  ],
  registrationNumber: [
    ['division', 1, 6, '行政区划', 'division'],
    ['org', 7, 14, '顺序码', 'sequence'],
    ['check', 15, 15, '校验码', 'check'],
  ],
  residentId18: [
    ['division', 1, 6, '住址编码', 'address'],
    ['masked', 7, 14, '出生日期（已隐藏）', 'birth date (hidden)'],
    ['org', 15, 17, '顺序码', 'sequence'],
    ['check', 18, 18, '校验码', 'check'],
  ],
  residentId15: [
    ['division', 1, 6, '住址编码', 'address'],
    ['masked', 7, 12, '出生日期（已隐藏）', 'birth date (hidden)'],
    ['org', 13, 15, '顺序码', 'sequence'],
  ],
};

const PROBLEMS_SHOWN = 6;

let api = null; // the credit-check module once loaded
let firstVerdictMarked = false;

function el(tag, className, text) {
  const node = document.createElement(tag);
  if (className) node.className = className;
  if (text != null) node.textContent = String(text);
  return node;
}

/** A text in both languages: style.css shows the page's one (lang.js switches it). */
function bilingual(zh, en, className) {
  const span = el('span', className);
  span.append(el('span', 'zh', zh));
  if (en) {
    span.append(' ');
    const e = el('span', 'en', en);
    e.lang = 'en';
    span.append(e);
  }
  return span;
}

function profile() {
  return els.form.elements.profile.value === 'strict' ? 'strict' : 'lenient';
}

function setVerdict(state, detailEn) {
  const [zh, en] = VERDICTS[state];
  els.verdict.className = `verdict verdict--${state}`;
  els.verdictZh.textContent = zh;
  els.verdictEn.textContent = detailEn ?? en;
  els.result.dataset.state = state;
  els.status.dataset.state = state;
}

/** Whether the ID-number digits at 7–14 (or 7–12) must be hidden for this result. */
function idShape(r) {
  if (r.kind === 'residentId') return true;
  return r.kind === 'taxpayerId' && (r.parts?.form === 'residentId' || r.parts?.form === 'residentIdSuffix');
}

/** The characters to show: the normalised form, with an ID number's birth date masked. */
function displayChars(r) {
  const chars = Array.from(r.normalized ?? '');
  if (!idShape(r)) return chars;
  const compact = chars.filter((c) => c !== '-');
  const [from, to] = compact.length === 15 ? [7, 12] : [7, 14];
  let pos = 0;
  return chars.map((c) => {
    if (c === '-') return c;
    pos += 1;
    return pos >= from && pos <= to ? '*' : c;
  });
}

function segmentsFor(r, length) {
  if (!r.parts) return null;
  if (r.kind === 'residentId') return length === 15 ? SEGMENTS.residentId15 : SEGMENTS.residentId18;
  if (r.kind === 'taxpayerId') {
    const form = r.parts.form;
    if (form === 'uscc') return SEGMENTS.uscc;
    if (form === 'residentId' || form === 'residentIdSuffix') return SEGMENTS.residentId18;
    if (form === 'divisionOrgCode') {
      return [
        ['division', 1, 6, '行政区划', 'division'],
        ['org', 7, 15, '组织机构代码', 'organisation code'],
      ];
    }
    return null;
  }
  return SEGMENTS[r.kind] ?? null;
}

/** Positions each problem points at: one character, or a division's six. */
function problemSpan(p) {
  if (p.position == null) return [];
  const width = /^DIVISION_/.test(p.code) && /^\d{6}$/.test(p.found ?? '') ? 6 : 1;
  return Array.from({ length: width }, (_, i) => p.position + i);
}

// Characters a reader cannot see or tell apart are shown by their code point.
const INVISIBLE = /^[\p{C}\p{M}\p{Z}]$/u;

function renderCode(r) {
  const chars = displayChars(r);
  const compactLength = chars.filter((c) => c !== '-').length;
  const segments = segmentsFor(r, compactLength);
  const marks = new Map(); // position → 'error' | 'warning'
  for (const p of r.warnings) for (const pos of problemSpan(p)) marks.set(pos, 'warning');
  for (const p of r.errors) for (const pos of problemSpan(p)) marks.set(pos, 'error');

  const cells = [];
  let pos = 0;
  for (const c of chars) {
    if (c === '-') {
      // Only the canonical organisation code keeps its hyphen; it has no position.
      cells.push(el('span', 'cell cell--sep', '-'));
      continue;
    }
    pos += 1;
    const cell = el('span', 'cell');
    cell.dataset.pos = String(pos);
    const seg = segments?.find(([, from, to]) => pos >= from && pos <= to);
    if (seg) cell.classList.add(`seg--${seg[0]}`);
    const glyph = el('span', 'cell__char');
    if (INVISIBLE.test(c)) {
      glyph.textContent = `U+${c.codePointAt(0).toString(16).toUpperCase().padStart(4, '0')}`;
      glyph.classList.add('cell__char--codepoint');
      cell.classList.add('cell--codepoint');
    } else {
      glyph.textContent = c;
    }
    cell.append(glyph, el('span', 'cell__pos', pos));
    const mark = marks.get(pos);
    if (mark) {
      cell.classList.add(mark === 'error' ? 'is-error' : 'is-warning');
      cell.title = mark === 'error' ? tr(`第${pos}位有错误`, `error at position ${pos}`) : tr(`第${pos}位有提示`, `warning at position ${pos}`);
    }
    cells.push(cell);
  }
  els.normalized.replaceChildren(...cells);
  els.normalized.setAttribute('aria-label', chars.length ? `${tr('规范化结果', 'Normalised')} ${chars.join('')}` : tr('无', 'none'));
  els.normalized.setAttribute('role', 'group');
  if (!chars.length) els.normalized.replaceChildren(bilingual('无', 'none', 'muted'));

  const legend = (segments ?? []).map(([cls, , , zh, en]) => {
    const item = el('span', 'legend__item');
    item.append(el('span', `seg-dot seg-dot--${cls}`), bilingual(zh, en));
    return item;
  });
  els.legend.replaceChildren(...legend);
  els.legend.hidden = legend.length === 0;
}

function divisionNode(d) {
  if (!d) return bilingual('—', null, 'muted');
  const box = el('span', 'division');
  box.append(el('code', 'mono', d.code), ' ');
  box.append(d.name ? el('span', 'division__name', d.name) : bilingual('名称未知', 'name unknown', 'muted'));
  const [zh, en] = DIVISION_STATUS[d.status] ?? [d.status, d.status];
  const badge = el('span', `badge badge--${d.status}`);
  badge.dataset.status = d.status;
  badge.append(bilingual(d.retiredIn ? `${d.retiredIn}年${zh}` : zh, d.retiredIn ? `${en} ${d.retiredIn}` : en));
  box.append(' ', badge);
  return box;
}

function namedNode(n, missingZh, missingEn) {
  if (!n) return bilingual(missingZh, missingEn, 'muted');
  const box = el('span');
  box.append(el('code', 'mono', n.code), ' ', bilingual(n.name, n.nameEn));
  return box;
}

function partRows(r) {
  const p = r.parts;
  const mono = (text) => el('code', 'mono', text);
  switch (r.kind) {
    case 'uscc':
      return [
        ['authority', '登记管理部门', 'Registration authority', namedNode(p.authority, '未定义', 'not defined')],
        ['category', '机构类别', 'Organisation category', namedNode(p.category, '不在国家标准表中', 'not in the table')],
        ['division', '行政区划', 'Division', divisionNode(p.division)],
        ['orgCode', ...kindName('orgCode'), mono(p.orgCode)],
        ['checkCharacter', '校验码', 'Check character', mono(p.checkCharacter)],
      ];
    case 'orgCode':
      return [
        ['formatted', ...kindName('orgCode'), mono(p.formatted)],
        ['checkCharacter', '校验码', 'Check character', mono(p.checkCharacter)],
      ];
    case 'registrationNumber':
      return [
        ['division', '登记机关行政区划', 'Division', divisionNode(p.division)],
        ['checkCharacter', '校验码', 'Check character', mono(p.checkCharacter)],
      ];
    case 'residentId': {
      const sex = p.sex === 'male' ? ['男', 'male'] : p.sex === 'female' ? ['女', 'female'] : ['—', null];
      return [
        ['masked', '号码（已脱敏）', 'Number (masked)', mono(p.masked)],
        ['address', '住址编码', 'Address code', divisionNode(p.address)],
        ['birthDate', '出生日期', 'Birth date', p.birthDate ? mono(p.birthDate) : bilingual('无效日期', 'not a date', 'muted')],
        ['sex', '性别', 'Sex', bilingual(sex[0], sex[1])],
        ['legacy', '号码版本', 'Form', p.legacy ? bilingual('15位旧号码', 'legacy 15-digit') : bilingual('18位', '18-digit')],
      ];
    }
    case 'taxpayerId': {
      const [zh, en] = TAXPAYER_FORMS[p.form] ?? [p.form, null];
      const rows = [['form', '号码形式', 'Form', bilingual(zh, en)]];
      rows.push(['division', '行政区划', 'Division', divisionNode(p.division)]);
      if (p.orgCode) rows.push(['orgCode', ...kindName('orgCode'), mono(p.orgCode)]);
      return rows;
    }
    default:
      return [];
  }
}

/** An identifier kind's [zh, en] names, from the core's vocabulary. */
function kindName(id) {
  const k = api.vocabulary().identifierKinds.find((x) => x.id === id);
  return k ? [k.zh, k.en] : [id, id];
}

function renderParts(r) {
  const rows = r.parts ? partRows(r) : [];
  const nodes = rows.map(([key, zh, en, value]) => {
    const row = el('div', 'parts__row');
    row.dataset.part = key;
    const dt = el('dt');
    dt.append(bilingual(zh, en));
    const dd = el('dd');
    dd.append(value);
    row.append(dt, dd);
    return row;
  });
  els.parts.replaceChildren(...nodes);
  els.partsSection.hidden = nodes.length === 0;
}

function problemItem(p, severity) {
  const li = el('li', `problem problem--${severity}`);
  li.dataset.code = p.code;
  li.dataset.severity = severity;
  if (p.position != null) li.dataset.position = String(p.position);
  const head = el('div', 'problem__head');
  head.append(bilingual(severity === 'error' ? '错误' : '提示', severity === 'error' ? 'Error' : 'Warning', `tag tag--${severity}`));
  // The message says where; the code is for support staff (技术信息 below the list).
  const zh = el('p', 'problem__msg zh', p.message);
  const en = el('p', 'problem__msg en', p.messageEn);
  en.lang = 'en';
  li.append(head, zh, en);
  return li;
}

function renderProblems(r) {
  const items = [
    ...r.errors.map((p) => problemItem(p, 'error')),
    ...r.warnings.map((p) => problemItem(p, 'warning')),
  ];
  els.problems.replaceChildren(...items);
  els.problemsSection.hidden = items.length === 0;
  els.problemsCodes.textContent = [...r.errors, ...r.warnings]
    .map((p) => (p.position != null ? `${p.code} @${p.position}` : p.code))
    .join(' · ');
  els.problemsTech.hidden = items.length === 0;
  // A long list (a pasted sentence) shows its first few; the rest are a click away.
  const extra = items.length - PROBLEMS_SHOWN;
  els.moreProblems.hidden = extra <= 0;
  if (extra > 0) setProblemsCollapsed(true, extra);
}

function setProblemsCollapsed(collapsed, extra) {
  [...els.problems.children].forEach((li, i) => {
    li.hidden = collapsed && i >= PROBLEMS_SHOWN;
  });
  els.moreProblems.setAttribute('aria-expanded', String(!collapsed));
  els.moreProblems.replaceChildren(
    collapsed ? bilingual(`展开其余${extra}项`, `show ${extra} more`) : bilingual('收起', 'show fewer'),
  );
  els.moreProblems.dataset.extra = String(extra);
}

function render(r) {
  const state = !r.ok ? 'bad' : r.warnings.length ? 'warn' : 'ok';
  setVerdict(state);
  els.details.hidden = false;

  // The kind's names come from the core's vocabulary.
  const kind = api.vocabulary().identifierKinds.find((k) => k.id === r.kind);
  els.kindOut.replaceChildren(
    kind ? bilingual(kind.zh, kind.en, 'kind-name') : bilingual('无法识别', 'not recognised', 'muted'),
  );
  els.kindOut.dataset.kind = r.kind ?? '';

  renderCode(r);
  els.normalizations.replaceChildren(
    ...(r.normalizations.length
      ? r.normalizations.map((n) => {
          const [zh, en] = NORMALIZATIONS[n] ?? [n, null];
          const chip = bilingual(zh, en, 'pill');
          chip.dataset.normalization = n;
          return chip;
        })
      : [bilingual('无需处理', 'none', 'muted')]),
  );
  renderParts(r);
  renderProblems(r);

  const first = r.errors[0] ?? r.warnings[0];
  // The field's own feedback line (also its accessible description): verdict and first problem.
  const more = r.errors.length + r.warnings.length - 1;
  els.status.textContent = [
    tr(...VERDICTS[state]),
    first ? tr(first.message, first.messageEn) : kind ? tr(kind.zh, kind.en) : '',
    more > 0 ? tr(`另有${more}项`, `${more} more`) : '',
  ]
    .filter(Boolean)
    .join(' · ');

  if (!firstVerdictMarked) {
    firstVerdictMarked = true;
    // Painted on the next frame: the figure the e2e test reports.
    requestAnimationFrame(() => performance.mark('cc:first-verdict'));
  }
}

function renderIdle() {
  setVerdict('idle');
  els.details.hidden = true;
  els.status.textContent = tr(...VERDICTS.idle);
}

function update() {
  if (!api) return; // validated once the module is ready
  const input = els.code.value;
  if (input.trim() === '') {
    renderIdle();
    return;
  }
  let r;
  try {
    r = api.validate(input, { kind: els.kind.value, profile: profile() });
  } catch (err) {
    showLoadError(err);
    return;
  }
  render(r);
}

function showLoadError(err) {
  els.loadError.hidden = false;
  els.loadErrorDetail.textContent = String(err?.message ?? err);
  setVerdict('failed');
  els.details.hidden = true;
  els.status.textContent = tr(...VERDICTS.failed);
}

function prefillFromFragment() {
  const params = new URLSearchParams(location.hash.slice(1));
  const code = params.get('code');
  if (params.get('profile') === 'strict') els.form.elements.profile.value = 'strict';
  const kind = params.get('kind');
  if (kind && [...els.kind.options].some((o) => o.value === kind)) els.kind.value = kind;
  if (code != null) els.code.value = code;
}

function wire() {
  els.form.addEventListener('submit', (e) => e.preventDefault());
  els.code.addEventListener('input', update);
  els.kind.addEventListener('change', update);
  for (const radio of els.form.elements.profile) radio.addEventListener('change', update);
  els.moreProblems.addEventListener('click', () => {
    const collapsed = els.moreProblems.getAttribute('aria-expanded') === 'false';
    setProblemsCollapsed(!collapsed, Number(els.moreProblems.dataset.extra));
  });
  for (const button of document.querySelectorAll('[data-example]')) {
    button.addEventListener('click', () => {
      els.code.value = button.dataset.example;
      update();
    });
  }
}

async function main() {
  startLang();
  onLangChange(() => (api ? update() : null));
  wire();
  prefillFromFragment();
  try {
    // Identifiers only: the small module (credit-check/validate), not the checker.
    const mod = await import('/pkg/validate.js');
    await mod.init();
    api = mod;
    els.version.textContent = `v${mod.version()}`;
  } catch (err) {
    showLoadError(err);
    document.documentElement.dataset.ready = 'failed';
    return;
  }
  performance.mark('cc:ready');
  document.documentElement.dataset.ready = 'true';
  update();
}

main();
