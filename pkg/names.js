// credit-check/names: what a person reads for the ids and raw values a verdict carries — list
// type names, scenario names and every other id of the core's vocabulary, legal citations
// written as officers write them (《中华人民共和国政府采购法》第二十二条), the edition of the rule a
// measure rests on, snapshot issue numbers, and times in China time (2026年12月6日 09:30 /
// 2026-12-06 09:30).
//
// The names of ids come from the core (`vocabulary()` of the package: one table, in Rust); this
// module only looks them up. Until `init()` has finished an id is shown as itself. No DOM.

import { init, isReady, vocabulary } from './index.js';

const isEn = (lang) => /^en\b/i.test(String(lang ?? ''));

/** The vocabulary's tables by id, built once the module is loaded (or a vocabulary given). */
let byId = null;
/** A vocabulary handed over by `useVocabulary` (e.g. from the worker that runs the checker). */
let given = null;

function current() {
  if (given) return given;
  return isReady() ? vocabulary() : null;
}

function table(name) {
  const v = current();
  if (!v) return null;
  if (!byId) {
    byId = Object.fromEntries(Object.entries(v).map(([k, rows]) => [k, new Map(rows.map((r) => [r.id, r]))]));
  }
  return byId[name] ?? null;
}

/**
 * Uses `v` (the result of `vocabulary()` where the checker runs, e.g. `CheckerWorker.vocabulary()`)
 * for the names: a page whose checker runs in a worker needs no checker module of its own.
 */
export function useVocabulary(v) {
  if (v && typeof v === 'object') {
    given = v;
    byId = null;
    conditionTokens = null;
  }
}

/**
 * Makes the names available where a verdict is shown: nothing when a vocabulary is already here;
 * else the checker's own (`checker.vocabulary()`, e.g. a `CheckerWorker`: no second module on
 * this thread); else the full module loaded on this thread. Never rejects: without a vocabulary
 * ids are shown as they are.
 */
export async function loadVocabulary(checker) {
  if (current()) return;
  if (typeof checker?.vocabulary === 'function') {
    try {
      useVocabulary(await checker.vocabulary());
      if (current()) return;
    } catch {
      // fall back to this thread's module
    }
  }
  await init().catch(() => undefined);
}

/** A whole table of the vocabulary (`listTypes`, `decisions`, …): its entries, or [] before one is loaded. */
export function vocabularyRows(name) {
  return current()?.[name] ?? [];
}

/**
 * One entry of the core's vocabulary: `term('listTypes', 'LT-SXBZXR')` → `{ id, zh, en, colour }`,
 * `term('decisions', 'block')`, `term('effects', 'greenChannel')`, … Null when the id is not in
 * it (or the module is not loaded yet).
 */
export function term(tableName, id) {
  return table(tableName)?.get(id) ?? null;
}

/** The name of a vocabulary id in `lang` ('zh-CN' default, 'en'), or the id when it has none. */
export function termName(tableName, id, lang) {
  const entry = term(tableName, id);
  if (!entry) return String(id ?? '');
  return isEn(lang) ? entry.en : entry.zh;
}

/** A list type's name in `lang` ('zh-CN' default, 'en'), or the id when it is not catalogued. */
export function listName(id, lang) {
  return termName('listTypes', id, lang);
}

/** A scenario's name in `lang`, or the id when it is not known. */
export function scenarioName(id, lang) {
  return termName('scenarios', id, lang);
}

/** The condition tokens of the core's vocabulary (`within_ban_period`, `class=A`, …), longest first. */
let conditionTokens = null;

function conditions() {
  const v = current();
  if (!v) return [];
  if (!conditionTokens) {
    conditionTokens = v.conditions.map((c) => [c.id, c])
      .sort((a, b) => b[0].length - a[0].length);
  }
  return conditionTokens;
}

/**
 * A measure's text, reason or condition as a person reads it: condition tokens spelled out (their
 * names from the core's vocabulary; left as they are before `init()`)
 * (`within_ban_period;agency_ban` → 在处罚决定规定的禁止期内、代理机构被禁止代理), cross-references
 * to other measures' ids left out, times in China time.
 */
export function plainText(text, lang) {
  const en = isEn(lang);
  let out = String(text ?? '');
  // "（政府采购、招标投标见 M-PROC-REJ / M-BID-SXBZXR）": a pointer for catalogue editors.
  out = out.replace(/[（(][^（）()]*\b[MI]-[A-Z0-9]+(?:-[A-Z0-9]+)*[^（）()]*[）)]/g, '');
  for (const [token, names] of conditions()) {
    const re = new RegExp(`(?<![A-Za-z0-9_=])${token.replace(/[=]/g, '\\=')}(?![A-Za-z0-9_=])`, 'g');
    out = out.replace(re, en ? names.en : names.zh);
  }
  // Tokens were joined with ';' in the catalogue: in a sentence they are a list.
  out = en ? out.replace(/([a-z)])\s*;\s*(?=[a-z])/g, '$1; ') : out.replace(/([\u4e00-\u9fff）])\s*;\s*(?=[\u4e00-\u9fff])/g, '$1、');
  return humanizeTimes(out.trim(), lang);
}

// ---------------------------------------------------------------------------------------------
// China time
// ---------------------------------------------------------------------------------------------

const CHINA_OFFSET_MS = 8 * 3600_000; // Asia/Shanghai: UTC+8 all year (no daylight saving since 1991)
const DATE_ONLY = /^(\d{4})-(\d{2})-(\d{2})$/;

function parts(value) {
  if (value instanceof Date) value = value.getTime();
  if (typeof value === 'string') {
    const d = DATE_ONLY.exec(value.trim());
    // A calendar date (a cut-off day, a listing date) is already a China date: no time to shift.
    if (d) return { y: +d[1], m: +d[2], d: +d[3], time: null };
    value = Date.parse(value);
  }
  if (typeof value !== 'number' || !Number.isFinite(value)) return null;
  const t = new Date(value + CHINA_OFFSET_MS);
  return {
    y: t.getUTCFullYear(),
    m: t.getUTCMonth() + 1,
    d: t.getUTCDate(),
    time: `${String(t.getUTCHours()).padStart(2, '0')}:${String(t.getUTCMinutes()).padStart(2, '0')}`,
  };
}

/**
 * A time as a person in China reads it: `2026年12月6日 09:30` (zh) or `2026-12-06 09:30` (en).
 * `value`: an RFC 3339 string, `YYYY-MM-DD` (a date, shown without a time), a Date or epoch ms.
 * `{ time: false }` shows the date only. Anything unreadable comes back as it was (or '—').
 */
export function chinaTime(value, { lang = 'zh-CN', time = true } = {}) {
  const p = parts(value);
  if (!p) return value == null || value === '' ? '—' : String(value);
  const hm = time && p.time ? ` ${p.time}` : '';
  if (isEn(lang)) return `${p.y}-${String(p.m).padStart(2, '0')}-${String(p.d).padStart(2, '0')}${hm}`;
  return `${p.y}年${p.m}月${p.d}日${hm}`;
}

const RFC3339 = /\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?(?:Z|[+-]\d{2}:?\d{2})/g;
const ISO_DATE = /(?<![\d-])\d{4}-\d{2}-\d{2}(?![\d:T-])/g;

/** Rewrites the RFC 3339 times (and, in Chinese, the ISO dates) inside a text into China time. */
export function humanizeTimes(text, lang = 'zh-CN') {
  let out = String(text ?? '').replace(RFC3339, (m) => chinaTime(m, { lang }));
  if (!isEn(lang)) out = out.replace(ISO_DATE, (m) => chinaTime(m, { lang }));
  return out;
}

/** The snapshot's issue number as printed on it: `第2026120601期` / `issue 2026120601`. */
export function issueNumber(sequence, lang) {
  const n = String(sequence ?? '').trim() || '—';
  return isEn(lang) ? `issue ${n}` : `第${n}期`;
}

// ---------------------------------------------------------------------------------------------
// Legal citations
// ---------------------------------------------------------------------------------------------

/**
 * Laws and regulations cited by short name in the catalogue: short name → full title (zh),
 * English title, and the edition in force (the last amendment).
 */
const LAWS = {
  政府采购法实施条例: { zh: '中华人民共和国政府采购法实施条例', en: 'Regulation on the Implementation of the Government Procurement Law', ed: ['2015年3月1日起施行', 'in force since 1 March 2015'] },
  招标投标法实施条例: { zh: '中华人民共和国招标投标法实施条例', en: 'Regulation on the Implementation of the Tendering and Bidding Law', ed: ['2019年3月修订', 'revised March 2019'] },
  政府采购法: { zh: '中华人民共和国政府采购法', en: 'Government Procurement Law', ed: ['2014年8月修正', 'amended August 2014'] },
  招标投标法: { zh: '中华人民共和国招标投标法', en: 'Tendering and Bidding Law', ed: ['2017年12月修正', 'amended December 2017'] },
  行政许可法: { zh: '中华人民共和国行政许可法', en: 'Administrative Licensing Law', ed: ['2019年4月修正', 'amended April 2019'] },
  安全生产法: { zh: '中华人民共和国安全生产法', en: 'Work Safety Law', ed: ['2021年6月修正', 'amended June 2021'] },
  食品安全法: { zh: '中华人民共和国食品安全法', en: 'Food Safety Law', ed: ['2021年4月修正', 'amended April 2021'] },
  药品管理法: { zh: '中华人民共和国药品管理法', en: 'Drug Administration Law', ed: ['2019年8月修订', 'revised August 2019'] },
  公司法: { zh: '中华人民共和国公司法', en: 'Company Law', ed: ['2023年12月修订', 'revised December 2023'] },
  保障农民工工资支付条例: { zh: '保障农民工工资支付条例', en: 'Regulation on Ensuring Payment of Wages to Migrant Workers', ed: ['2020年5月1日起施行', 'in force since 1 May 2020'] },
};
const LAW_NAMES = Object.keys(LAWS).sort((a, b) => b.length - a.length);

/**
 * Documents cited by number: number → full title, and when it was issued (its edition).
 * Titles as the documents give them; the issuer is part of the title where the document says so.
 */
const DOCUMENTS = {
  '财库〔2016〕125号': { title: '财政部关于在政府采购活动中查询及使用信用记录有关问题的通知', ed: ['2016年8月', 'August 2016'] },
  '国发〔2016〕33号': { title: '国务院关于建立完善守信联合激励和失信联合惩戒制度加快推进社会诚信建设的指导意见', ed: ['2016年5月', 'May 2016'] },
  '国办发〔2019〕35号': { title: '国务院办公厅关于加快推进社会信用体系建设构建以信用为基础的新型监管机制的指导意见', ed: ['2019年7月', 'July 2019'] },
  '国办发〔2020〕42号': { title: '国务院办公厅关于全面推行证明事项和涉企经营许可事项告知承诺制的指导意见', ed: ['2020年10月', 'October 2020'] },
  '国办发〔2020〕49号': { title: '国务院办公厅关于进一步完善失信约束制度构建诚信建设长效机制的指导意见', ed: ['2020年12月', 'December 2020'] },
  '法〔2016〕285号': { title: '关于在招标投标活动中对失信被执行人实施联合惩戒的通知', ed: ['2016年9月', 'September 2016'] },
  '发改财金〔2016〕141号': { title: '关于对失信被执行人实施联合惩戒的合作备忘录', ed: ['2016年1月', 'January 2016'] },
  '发改财金〔2016〕1467号': { title: '关于对纳税信用A级纳税人实施联合激励措施的合作备忘录', ed: ['2016年7月', 'July 2016'] },
  '发改财金〔2016〕2190号': { title: '关于对海关高级认证企业实施联合激励的合作备忘录', ed: ['2016年11月', 'November 2016'] },
  '发改财金〔2016〕2798号': { title: '关于对重大税收违法案件当事人实施联合惩戒的合作备忘录（2016版）', ed: ['2016年', '2016'] },
  '发改财金〔2018〕1614号': { title: '关于对政府采购领域严重违法失信主体开展联合惩戒的合作备忘录', ed: ['2018年11月', 'November 2018'] },
  '发改法规〔2018〕457号': { title: '关于对公共资源交易领域严重失信主体开展联合惩戒的备忘录', ed: ['2018年3月', 'March 2018'] },
  '国市监信发〔2022〕6号': { title: '市场监管总局关于推进企业信用风险分类管理进一步提升监管效能的意见', ed: ['2022年1月', 'January 2022'] },
  '署稽发〔2024〕36号': { title: '海关总署关于增加高级认证企业便利措施促进外贸质升量稳的通知', ed: ['2024年', '2024'] },
  '闽信用〔2019〕7号': { title: '福建省关于加快推进社会信用体系建设构建以信用为基础的新型监管机制的工作措施', ed: ['2019年10月', 'October 2019'] },
  '国家市场监督管理总局令第44号': { title: '市场监督管理严重违法失信名单管理办法', ed: ['2021年7月', 'July 2021'] },
  法释2013: { title: '最高人民法院关于公布失信被执行人名单信息的若干规定', ed: ['2013年7月（2017年修正）', 'July 2013 (amended 2017)'] },
  法释2010: { title: '最高人民法院关于限制被执行人高消费的若干规定', ed: ['2010年7月（2015年修正）', 'July 2010 (amended 2015)'] },
};

/** Short forms the catalogue uses for a document → its number. */
const DOC_ALIASES = [
  [/^(?:MoU\s*)?1614\b/, '发改财金〔2018〕1614号'],
  [/^(?:MoU\s*)?1467\b/, '发改财金〔2016〕1467号'],
  [/^(?:MoU\s*)?2190\b/, '发改财金〔2016〕2190号'],
  [/^(?:MoU\s*)?457\b/, '发改法规〔2018〕457号'],
  [/^(?:国家市场监督管理总局|市场监管总局)?令第44号/, '国家市场监督管理总局令第44号'],
  [/^法释\s*2013/, '法释2013'],
  [/^法释\s*2010/, '法释2010'],
];

/** Sources the catalogue names in words rather than by a number: [zh, en]. */
const NAMED_SOURCES = {
  'Fuzhou FTZ plan implementing 33号': ['福州片区落实国发〔2016〕33号的实施方案', 'Fuzhou free-trade-zone plan implementing State Council [2016] No. 33'],
  'local tax-bureau A-grade service measures': ['地方税务机关对纳税信用A级纳税人的服务措施', 'Local tax bureaus’ service measures for grade-A taxpayers'],
  '粤市场监管局 2025': ['广东省市场监督管理局文件（2025年）', 'Guangdong Administration for Market Regulation (2025)'],
};

const DOC_NUMBER = /^[\u4e00-\u9fa5]{1,8}〔\d{4}〕\d+号/;
const DIGITS = '零一二三四五六七八九';

/** 22 → 二十二, 113 → 一百一十三 (article numbers, up to 9999). */
export function chineseNumber(n) {
  n = Math.trunc(Number(n));
  if (!Number.isFinite(n) || n < 0 || n > 9999) return String(n);
  if (n < 10) return DIGITS[n];
  const units = ['', '十', '百', '千'];
  const ds = String(n).split('').map(Number);
  let out = '';
  let zero = false;
  ds.forEach((d, i) => {
    const unit = units[ds.length - 1 - i];
    if (d === 0) {
      zero = out !== '';
      return;
    }
    if (zero) out += '零';
    zero = false;
    out += (d === 1 && unit === '十' && out === '' ? '' : DIGITS[d]) + unit;
  });
  return out;
}

/** Splits on ; or ； outside parentheses. */
function splitTop(text) {
  const out = [];
  let depth = 0;
  let cur = '';
  for (const ch of String(text ?? '')) {
    if (ch === '(' || ch === '（') depth++;
    else if ((ch === ')' || ch === '）') && depth > 0) depth--;
    if ((ch === ';' || ch === '；') && depth === 0) {
      out.push(cur);
      cur = '';
    } else cur += ch;
  }
  out.push(cur);
  return out.map((s) => s.trim()).filter(Boolean);
}

/**
 * Removes the research notes the catalogue keeps beside a citation — parentheses with Latin
 * letters in them, "(research only)", "(1–2y)", an unclosed "(wording from memory" — and
 * trailing Latin words; keeps Chinese notes.
 */
function stripNotes(s) {
  let out = s.replace(/[(（][^()（）]*[A-Za-z][^()（）]*(?:[)）]|$)/g, '');
  out = out.replace(/\s+(?:items?|measures?)\s+\d.*$/i, '');
  return out.replace(/\s+/g, ' ').trim();
}

/** "92、94、113" / "53/54/60" / "122–124" → 第九十二条、… (zh) or "Articles 92, 94 and 113" (en). */
function articles(spec, en) {
  const items = spec
    .split(/[、/，,]/)
    .map((x) => x.trim())
    .filter(Boolean)
    .map((x) => {
      const m = /^(\d+)(?:[–—-](\d+))?(?:[(（](\d+)[)）])?/.exec(x);
      if (!m) return null;
      return { from: +m[1], to: m[2] ? +m[2] : null, item: m[3] ? +m[3] : null };
    })
    .filter(Boolean);
  if (!items.length) return '';
  if (en) {
    const one = items.length === 1 && !items[0].to;
    const list = items.map((a) => `${a.from}${a.to ? `–${a.to}` : ''}${a.item ? `(${a.item})` : ''}`);
    return `${one ? 'Article' : 'Articles'} ${list.length > 1 ? `${list.slice(0, -1).join(', ')} and ${list.at(-1)}` : list[0]}`;
  }
  return items
    .map((a) => {
      const base = `第${chineseNumber(a.from)}条${a.to ? `至第${chineseNumber(a.to)}条` : ''}`;
      return a.item ? `${base}第（${chineseNumber(a.item)}）项` : base;
    })
    .join('、');
}

/** One law citation ("政府采购法22(5)", "安全生产法第92、94、113条") → formatted, or null. */
/** 二十二 → 22 (the numerals article numbers use, up to 999). */
function fromChineseNumber(t) {
  const d = { 零: 0, 一: 1, 二: 2, 两: 2, 三: 3, 四: 4, 五: 5, 六: 6, 七: 7, 八: 8, 九: 9 };
  let total = 0;
  let n = 0;
  for (const c of t) {
    if (c in d) n = d[c];
    else if (c === '十') { total += (n || 1) * 10; n = 0; }
    else if (c === '百') { total += (n || 1) * 100; n = 0; }
    else return NaN;
  }
  return total + n;
}

/**
 * A citation the catalogue already writes as officers do (v2: `《中华人民共和国政府采购法》第二十二条
 * 第一款第（五）项`): kept in Chinese; in English the law's English title and `Article 22(1)(5)`.
 */
function officerCitation(piece, en) {
  const m = /^《(?:中华人民共和国)?([^》]+)》(?:（[^）]*）)?(.*)$/.exec(piece);
  if (!m) return null;
  const law = LAWS[m[1]];
  if (!law) return null;
  if (!en) return { text: piece, law: m[1], edition: law.ed };
  const arts = [...m[2].matchAll(/第([一二三四五六七八九十百零两]+)条((?:第[一二三四五六七八九十]+款)?)((?:第（[一二三四五六七八九十]+）项)?)/g)].map((x) => {
    const para = /第([一二三四五六七八九十]+)款/.exec(x[2]);
    const item = /第（([一二三四五六七八九十]+)）项/.exec(x[3]);
    return `${fromChineseNumber(x[1])}${para ? `(${fromChineseNumber(para[1])})` : ''}${item ? `(${fromChineseNumber(item[1])})` : ''}`;
  });
  const cite = arts.length ? `${law.en}, ${arts.length > 1 ? 'Articles' : 'Article'} ${arts.join(', ')}` : law.en;
  return { text: cite, law: m[1], edition: law.ed };
}

function lawCitation(piece, previousLaw, en) {
  const officer = officerCitation(piece, en);
  if (officer) return officer;
  let name = LAW_NAMES.find((n) => piece.startsWith(n));
  let rest;
  if (name) rest = piece.slice(name.length);
  else if (piece.startsWith('实施条例') && previousLaw) {
    name = `${previousLaw}实施条例`;
    if (!LAWS[name]) return null;
    rest = piece.slice('实施条例'.length);
  } else return null;
  const law = LAWS[name];
  // "(2023)", "（国务院令第724号）": the edition or the order number, not part of the citation.
  rest = rest.replace(/^\s*[(（][^()（）]*[)）]/, '').trim();
  const spec = /^第?\s*([\d、/，,–—()（）-]+)\s*条?/.exec(rest);
  const arts = spec ? articles(spec[1], en) : '';
  const tail = spec ? rest.slice(spec[0].length).trim() : rest;
  const cite = en ? `${law.en}${arts ? `, ${arts}` : ''}` : `《${law.zh}》${arts}`;
  return { text: tail ? `${cite}${en ? ' ' : ''}${tail}` : cite, law: name, edition: law.ed };
}

/** One document citation ("财库〔2016〕125号", "MoU 1614 (三)", "国办发〔2019〕35号 二(一)") → formatted, or null. */
function docCitation(piece, en) {
  let s = piece.replace(/^MoU\s+/, '');
  let number = null;
  const m = DOC_NUMBER.exec(s);
  if (m) number = m[0];
  else {
    for (const [re, n] of DOC_ALIASES) {
      const a = re.exec(s);
      if (a) {
        number = n;
        s = n + s.slice(a[0].length);
        break;
      }
    }
  }
  if (!number) return null;
  const doc = DOCUMENTS[number];
  let locator = s.slice(number.length).trim();
  const shownNumber = number.startsWith('法释') ? '' : number;
  if (!en) locator = locator.replace(/\(/g, '（').replace(/\)/g, '）').replace(/–/g, '至');
  if (en) {
    const text = doc ? `${shownNumber || doc.title}${locator ? ` ${locator}` : ''}` : `${number}${locator ? ` ${locator}` : ''}`;
    return { text, edition: doc?.ed ?? null };
  }
  if (!doc) return { text: `${number}${locator}`, edition: null };
  if (/^[一二三四五六七八九十]+（/.test(locator)) locator = `第${locator.replace(/^([一二三四五六七八九十]+)/, '$1部分')}`;
  const text = `《${doc.title}》${shownNumber ? `（${shownNumber}）` : ''}${locator}`;
  return { text, edition: doc.ed };
}

function citePieces(legalBasis, en) {
  const out = [];
  let previousLaw = null;
  for (const raw of splitTop(legalBasis)) {
    const piece = stripNotes(raw);
    if (!piece) continue;
    const law = lawCitation(piece, previousLaw, en);
    if (law) {
      previousLaw = law.law.replace(/实施条例$/, '');
      out.push(law);
      continue;
    }
    const doc = docCitation(piece, en);
    const named = NAMED_SOURCES[piece];
    out.push(doc ?? { text: named ? named[en ? 1 : 0] : piece, edition: null });
  }
  return out;
}

/**
 * A measure's legal basis as officers write it: `财库〔2016〕125号; 政府采购法22` →
 * `《财政部关于在政府采购活动中查询及使用信用记录有关问题的通知》（财库〔2016〕125号）；《中华人民共和国政府采购法》第二十二条`.
 * Research notes are left out; what is not recognised stays as it was.
 */
export function formatCitation(legalBasis, lang) {
  const en = isEn(lang);
  const pieces = citePieces(legalBasis, en).map((p) => p.text);
  const unique = [...new Set(pieces)];
  return unique.join(en ? '; ' : '；');
}

/**
 * The edition of the rules a measure rests on — when the document was issued or the law last
 * amended (`2016年8月`, `2014年8月修正`) — from its `edition` (or, failing that, its legal basis).
 * Null when it is not known: a citation is never repeated as its own edition.
 */
export function formatEdition(edition, legalBasis, lang) {
  const en = isEn(lang);
  const pick = (text) =>
    citePieces(text, false)
      .map((p) => p.edition?.[en ? 1 : 0])
      .filter(Boolean);
  let eds = pick(edition ?? '');
  if (!eds.length) eds = pick(legalBasis ?? '');
  eds = [...new Set(eds)];
  return eds.length ? eds.join(en ? '; ' : '；') : null;
}
