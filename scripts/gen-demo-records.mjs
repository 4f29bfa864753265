#!/usr/bin/env node
// Hand-written list records and the personas of the demo portal (issue 6), with dates relative
// to today in China, so that every validity edge (listed today, term ending today, repaired
// tomorrow …) is live whenever the demo data is built. Check characters come from the core
// (the package in pkg/, built by scripts/build.sh).
//
//   node scripts/gen-demo-records.mjs                       # the records as JSON lines on stdout
//   node scripts/gen-demo-records.mjs --out R.jsonl --personas P.json [--today YYYY-MM-DD]
//
// Everything here is fictional: the companies, people, codes and decision numbers are made up
// (check characters are computed, so every code is well-formed and passes the strict profile).
// The personas (stable ids; the demo pages and browser tests use them) say which company to
// type, what it is listed on and which decision each scenario must give; tests/e2e/
// demo-data.test.mjs checks every one of those expectations against the built snapshot.
//
// Also a module: `handRecords(today)`, `personas(today)`, `chinaToday()`, `LIST_TYPES` (the ids,
// in the core's order) and the code makers are exported for the tests.

import { writeFileSync } from 'node:fs';
import { checkCharacter, init, vocabulary } from '../pkg/node.js';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

// ---------------------------------------------------------------------------------------------
// Check characters: computed by the core (the package's `checkCharacter`), never here.

await init();

/** A USCC: authority and category ("91"), 6-digit division, 8-character org code body. */
export function makeUscc(prefix, division, orgBody) {
  const first17 = `${prefix}${division}${orgBody}${checkCharacter('orgCode', orgBody)}`;
  return first17 + checkCharacter('uscc', first17);
}

/** The legacy organisation code in a USCC (positions 9–17) as XXXXXXXX-X. */
export function orgCodeOf(uscc) {
  return `${uscc.slice(8, 16)}-${uscc[16]}`;
}

/** An 18-digit resident ID number: address code, birth date YYYYMMDD, 3-digit sequence. */
export function makeId(address, birth, seq) {
  const first17 = `${address}${birth}${seq}`;
  if (!/^\d{17}$/.test(first17)) throw new Error(`bad ID parts ${first17}`);
  return first17 + checkCharacter('residentId', first17);
}

// ---------------------------------------------------------------------------------------------
// Dates: calendar days in China (UTC+8 all year, no daylight saving)

/** Today's date in Asia/Shanghai, YYYY-MM-DD. */
export function chinaToday(now = Date.now()) {
  return new Date(now + 8 * 3600 * 1000).toISOString().slice(0, 10);
}

function addDays(date, days) {
  const t = Date.parse(`${date}T00:00:00Z`) + days * 86400 * 1000;
  return new Date(t).toISOString().slice(0, 10);
}

function addYears(date, years) {
  const [y, m, d] = date.split('-').map(Number);
  // 29 February becomes 28 February in a common year.
  const dd = m === 2 && d === 29 ? 28 : d;
  return `${String(y + years).padStart(4, '0')}-${String(m).padStart(2, '0')}-${String(dd).padStart(2, '0')}`;
}

const yearOf = (date) => date.slice(0, 4);

// ---------------------------------------------------------------------------------------------
// The 18 list types' ids, in the core's order (its vocabulary)

export const LIST_TYPES = vocabulary().listTypes.map((l) => l.id);

// ---------------------------------------------------------------------------------------------
// The personas. Codes do not depend on the date: only listing dates, terms and status dates do.
//
// Each: id; company (name, division, org code body, category prefix) or none; legal
// representative (name, address code, birth date, sequence); the records about it, as functions
// of today (T); the expected decision per scenario at cut-off T; a note for the pages (note zh, noteEn en; no ids in either).

function company(name, division, orgBody, rep, prefix = '91') {
  const uscc = makeUscc(prefix, division, orgBody);
  const legalRep = rep ? { name: rep[0], idNumber: makeId(rep[1], rep[2], rep[3]) } : undefined;
  return { name, uscc, legalRep };
}

/** A black/warning/red record about company `c` (fields as docs/snapshot-records.md). */
function entityRecord(c, fields, { withOrgCode = false, withRep = true } = {}) {
  const r = { entityKind: 'legalEntity', uscc: c.uscc };
  if (withOrgCode) r.orgCode = orgCodeOf(c.uscc);
  r.name = c.name;
  Object.assign(r, fields);
  if (withRep && c.legalRep) r.legalRepresentative = c.legalRep;
  return r;
}

/** Puts a record's keys in the order the CLI writes them (stable output, easy diffs). */
const KEY_ORDER = [
  'entityKind',
  'uscc',
  'orgCode',
  'registrationNumber',
  'idNumber',
  'name',
  'formerNames',
  'listType',
  'listingAuthority',
  'decisionNumber',
  'listedAt',
  'decidedAt',
  'term',
  'sanctions',
  'penalty',
  'subjectRole',
  'status',
  'statusDate',
  'repairTier',
  'reason',
  'creditClass',
  'relatedPersons',
];

// Record model v2: on the lists whose measures hang on a ban, a persona written with only a
// term gets the ban that term describes as a sanction of its own (both clocks end together);
// personas that need the clocks apart give `sanctions` themselves.
const BAN_KIND = { 'LT-ZFCG': 'procurementBan', 'LT-ZTB-QX': 'biddingBan', 'LT-SY': 'marketBan' };
function v2(r) {
  const out = { ...r };
  if (out.legalRepresentative) {
    out.relatedPersons = [{ role: 'legalRepresentative', ...out.legalRepresentative }, ...(out.relatedPersons ?? [])];
    delete out.legalRepresentative;
  }
  const kind = BAN_KIND[out.listType];
  if (kind && out.term?.maxEnd && !out.sanctions) {
    out.sanctions = [{ kind, start: out.decidedAt ?? out.listedAt, end: out.term.maxEnd }];
  }
  return out;
}

function ordered(record) {
  const r = v2(record);
  const out = {};
  for (const k of KEY_ORDER) if (r[k] !== undefined) out[k] = r[k];
  for (const k of Object.keys(r)) if (!(k in out)) throw new Error(`unknown record key ${k}`);
  return out;
}

function build(T) {
  const d = (n) => addDays(T, n);
  const y = (n) => addYears(T, n);
  const P = [];

  // --- Clean companies: on no list at all.
  const cleanA = company('福州市鼓楼区榕城建材有限公司', '350102', 'MA2YQ7K3', ['林志翱', '350102', '19780512', '135']);
  P.push({
    id: 'clean-a',
    c: cleanA,
    lists: [],
    records: [],
    note: '无任何名单记录的正常企业（鼓楼区建材公司），各场景均应通过。',
    noteEn: 'A company on no list (building materials, Gulou district): passes in every scenario.',
    expect: { 'SC-ZFCG-SUPPLIER': 'pass', 'SC-XZXK-APPROVAL': 'pass', 'SC-XZXK-COMMITMENT': 'pass' },
  });
  const cleanB = company('厦门鹭翔环宇物流有限公司', '350203', 'MA8RTU2N', ['陈婉琪', '350203', '19850921', '246']);
  P.push({
    id: 'clean-b',
    c: cleanB,
    lists: [],
    records: [],
    note: '无任何名单记录的正常企业（厦门思明区物流公司），可作联合体牵头人。',
    noteEn: 'A company on no list (logistics, Siming district, Xiamen); can lead a consortium.',
    expect: { 'SC-ZFCG-SUPPLIER': 'pass', 'SC-ZTB-BID': 'pass' },
  });
  const cleanC = company('晋江市溪鸿鞋服有限公司', '350582', '15642983', ['黄启铭', '350582', '19691103', '017']);
  P.push({
    id: 'clean-c',
    c: cleanC,
    lists: [],
    records: [],
    note: '无任何名单记录的正常企业（晋江鞋服企业，组织机构代码为旧式8位数字）。',
    noteEn: 'A company on no list (shoes and apparel, Jinjiang; its organisation code is an old all-digit one).',
    expect: { 'SC-ZFCG-SUPPLIER': 'pass', 'SC-CZ-FUNDS': 'pass' },
  });

  // --- Judgment defaulter, active, term in two years.
  const sx = company('福州市台江区闽顺达商贸有限公司', '350103', 'MA31DK8X', ['郑海翔', '350103', '19720304', '051']);
  P.push({
    id: 'black-sxbzxr',
    c: sx,
    lists: ['LT-SXBZXR'],
    records: [
      entityRecord(sx, {
        listType: 'LT-SXBZXR',
        listingAuthority: '福州市台江区人民法院',
        decisionNumber: `（${yearOf(d(-120))}）闽0103执1234号`,
        listedAt: d(-120),
        term: { maxEnd: y(2) },
        status: 'active',
        reason: '有履行能力而拒不履行生效法律文书确定义务',
      }),
    ],
    note: '失信被执行人（有效，期限两年后届满）：政府采购、招投标中应拒绝；不得适用审批替代型告知承诺。',
    noteEn: 'Judgment defaulter (in force, the term ends in two years): rejected in procurement and tendering; may not use an approval-substitute commitment.',
    expect: {
      'SC-ZFCG-SUPPLIER': 'block',
      'SC-ZTB-BID': 'block',
      'SC-XZXK-COMMITMENT': 'block',
      'SC-XZXK-APPROVAL': 'review',
    },
  });

  // --- Procurement ban, within the ban.
  const zb = company('福建省鼎晟信息工程有限公司', '350100', 'MA2XN4K7', ['许文澜', '350104', '19810716', '273']);
  P.push({
    id: 'black-zfcg-ban',
    c: zb,
    lists: ['LT-ZFCG'],
    records: [
      entityRecord(
        zb,
        {
          listType: 'LT-ZFCG',
          listingAuthority: '福建省财政厅',
          decisionNumber: `闽财采〔${yearOf(d(-200))}〕12号`,
          listedAt: d(-200),
          term: { maxEnd: y(1) },
          status: 'active',
          reason: '提供虚假材料谋取中标、成交',
        },
        { withOrgCode: true },
      ),
    ],
    note: '政府采购严重违法失信行为记录名单，200天前列入，禁止参加政府采购活动至一年后：在禁止期内，应拒绝。',
    noteEn: 'On the government-procurement serious violation list since 200 days ago, banned from procurement for another year: within the ban, rejected.',
    expect: { 'SC-ZFCG-SUPPLIER': 'block', 'SC-XZXK-COMMITMENT': 'block' },
  });

  // --- Procurement ban that ended yesterday.
  const ze = company('厦门坤元办公设备有限公司', '350206', 'MA8UDC5P', ['蔡明澈', '350206', '19760228', '318']);
  P.push({
    id: 'zfcg-ban-ended',
    c: ze,
    lists: ['LT-ZFCG'],
    records: [
      entityRecord(ze, {
        listType: 'LT-ZFCG',
        listingAuthority: '厦门市财政局',
        decisionNumber: `厦财采〔${yearOf(addYears(d(-1), -1))}〕7号`,
        listedAt: addYears(d(-1), -1),
        term: { maxEnd: d(-1) },
        status: 'active',
        reason: '恶意串通，以不正当手段谋取中标',
      }),
    ],
    note: '政府采购禁止期昨天届满：记录仍在名单中，但截至今日不再生效，不显示命中，应通过。',
    noteEn: 'The procurement ban ended yesterday: still on the list but no longer in force today; no hit is shown and it passes.',
    expect: { 'SC-ZFCG-SUPPLIER': 'pass', 'SC-XZXK-COMMITMENT': 'pass' },
  });

  // --- Procurement list, a fine without a ban (财办库〔2014〕526号 lists fines of 3万元 and more):
  // no ban to reject within (财库〔2016〕125号), so it does not block.
  const zf = company('泉州市丰泽区恒信办公用品有限公司', '350503', 'MA2XQ6R8', ['庄志明', '350503', '19790304', '151']);
  P.push({
    id: 'zfcg-fine-only',
    c: zf,
    lists: ['LT-ZFCG'],
    records: [
      entityRecord(zf, {
        listType: 'LT-ZFCG',
        listingAuthority: '泉州市财政局',
        decisionNumber: `泉财采〔${yearOf(d(-120))}〕9号`,
        listedAt: d(-110),
        decidedAt: d(-120),
        term: { maxEnd: y(2) },
        sanctions: [{ kind: 'fine', amountYuan: 30000 }],
        penalty: '罚款人民币3万元，列入不良行为记录名单',
        subjectRole: 'supplier',
        status: 'active',
        reason: '未按照采购文件确定的事项签订政府采购合同',
      }),
    ],
    note: '政府采购严重违法失信行为记录名单，但处罚只有罚款、没有禁止参加政府采购活动：不在禁止期内，不予拒绝，应通过（记录仍会显示）。',
    noteEn: 'On the procurement serious-violation list, but the penalty is a fine without a ban on procurement: no ban to reject within, so it passes (the entry is still shown).',
    expect: { 'SC-ZFCG-SUPPLIER': 'pass' },
  });

  // --- A ban that outlives its publication: 公示期 over, 禁止期 still running.
  const zp = company('南平市延平区闽北建安设备有限公司', '350702', 'MA33WD7K', ['邱建华', '350702', '19720830', '233']);
  P.push({
    id: 'zfcg-ban-past-publication',
    c: zp,
    lists: ['LT-ZFCG'],
    records: [
      entityRecord(zp, {
        listType: 'LT-ZFCG',
        listingAuthority: '南平市财政局',
        decisionNumber: `南财采〔${yearOf(y(-2))}〕4号`,
        listedAt: y(-2),
        decidedAt: y(-2),
        term: { maxEnd: d(-10) },
        sanctions: [
          { kind: 'fine', amountYuan: 50000 },
          { kind: 'procurementBan', start: y(-2), end: addDays(y(1), -1) },
        ],
        penalty: '罚款人民币5万元，三年内禁止参加政府采购活动',
        subjectRole: 'supplier',
        status: 'active',
        reason: '提供虚假材料谋取中标、成交',
      }),
    ],
    note: '公示期已于10天前届满，但三年禁止期尚未结束：禁止参加政府采购活动仍然有效，应拒绝。',
    noteEn: 'Publication ended ten days ago, but the three-year procurement ban still runs: rejected.',
    expect: { 'SC-ZFCG-SUPPLIER': 'block' },
  });

  // --- An objection pending: the entry stands until it is decided.
  const op = company('福清市融侨精工机械有限公司', '350181', 'MA2YT5H9', ['林建国', '350181', '19750615', '097']);
  P.push({
    id: 'objection-pending',
    c: op,
    lists: ['LT-SXBZXR'],
    records: [
      entityRecord(op, {
        listType: 'LT-SXBZXR',
        listingAuthority: '福清市人民法院',
        decisionNumber: `（${yearOf(d(-90))}）闽0181执1021号`,
        listedAt: d(-90),
        decidedAt: d(-200),
        status: 'objectionPending',
        statusDate: d(-5),
        reason: '有履行能力而拒不履行生效法律文书确定义务',
      }),
    ],
    note: '失信被执行人，已提出纠正申请（异议处理中）：处理结果作出前记录仍然有效，应拒绝。',
    noteEn: 'Judgment defaulter with a correction request pending: the entry stands until it is decided, so it is rejected.',
    expect: { 'SC-ZFCG-SUPPLIER': 'block' },
  });

  // --- Revoked as listed in error: it never applied.
  const rv = company('漳州市芗城区鸿图广告传媒有限公司', '350602', 'MA32PL4C', ['黄丽珍', '350602', '19830227', '148']);
  P.push({
    id: 'sxbzxr-revoked',
    c: rv,
    lists: ['LT-SXBZXR'],
    records: [
      entityRecord(rv, {
        listType: 'LT-SXBZXR',
        listingAuthority: '漳州市芗城区人民法院',
        decisionNumber: `（${yearOf(d(-60))}）闽0602执533号`,
        listedAt: d(-60),
        status: 'revoked',
        statusDate: d(-20),
        reason: '有履行能力而拒不履行生效法律文书确定义务',
      }),
    ],
    note: '失信被执行人记录因错误列入已被撤销：自始不适用，应通过。',
    noteEn: 'A judgment-defaulter entry revoked as listed in error: it never applied, so it passes.',
    expect: { 'SC-ZFCG-SUPPLIER': 'pass' },
  });

  // --- Red lists: tax credit A and a local red list.
  const rn = company('福建武夷岩韵茶业有限公司', '350782', 'MA34EW9B', ['游清岚', '350782', '19700819', '092']);
  P.push({
    id: 'red-nsa',
    c: rn,
    lists: ['RL-NSA', 'RL-LOCAL'],
    records: [
      entityRecord(rn, {
        listType: 'RL-NSA',
        listingAuthority: '国家税务总局福建省税务局',
        decisionNumber: `闽税公告〔${yearOf(d(-150))}〕3号`,
        listedAt: d(-150),
        term: { maxEnd: y(1) },
        status: 'active',
        reason: '上一年度纳税信用评价为A级',
        creditClass: 'A',
      }),
      entityRecord(rn, {
        listType: 'RL-LOCAL',
        listingAuthority: '福建省发展和改革委员会',
        decisionNumber: `闽发改信用〔${yearOf(d(-90))}〕21号`,
        listedAt: d(-90),
        status: 'active',
        reason: '入选福建省诚信典型',
      }),
    ],
    note: '纳税信用A级纳税人、地方诚信典型：行政许可可走绿色通道，可适用告知承诺。',
    noteEn: 'Grade-A taxpayer and local model of integrity: the green channel in licensing; may use a commitment.',
    expect: { 'SC-XZXK-APPROVAL': 'pass', 'SC-XZXK-COMMITMENT': 'pass', 'SC-ZFCG-SUPPLIER': 'pass' },
  });

  // --- Red and black at once.
  const rb = company('莆田市荔源食品有限公司', '350302', 'MA2YH6LC', ['方志鸿', '350302', '19740605', '114']);
  P.push({
    id: 'red-and-black',
    c: rb,
    lists: ['RL-NSA', 'LT-SXBZXR'],
    records: [
      entityRecord(rb, {
        listType: 'RL-NSA',
        listingAuthority: '国家税务总局福建省税务局',
        decisionNumber: `闽税公告〔${yearOf(d(-150))}〕3号`,
        listedAt: d(-150),
        term: { maxEnd: y(1) },
        status: 'active',
        reason: '上一年度纳税信用评价为A级',
        creditClass: 'A',
      }),
      entityRecord(rb, {
        listType: 'LT-SXBZXR',
        listingAuthority: '莆田市城厢区人民法院',
        decisionNumber: `（${yearOf(d(-45))}）闽0302执2087号`,
        listedAt: d(-45),
        status: 'active',
        reason: '违反财产报告制度',
      }),
    ],
    note: '同一主体既是纳税信用A级（红名单）又是失信被执行人（黑名单）：拒绝，激励措施不适用。',
    noteEn: 'Both a grade-A taxpayer (red list) and a judgment defaulter (black list): rejected; the incentives do not apply.',
    expect: { 'SC-ZFCG-SUPPLIER': 'block', 'SC-XZXK-APPROVAL': 'review' },
  });

  // --- Legacy organisation code: typed instead of the USCC.
  const lo = company('漳州市芗城区华瑞化工有限公司', '350602', '15437826', ['戴永澄', '350602', '19660117', '031']);
  P.push({
    id: 'legacy-org',
    c: lo,
    legacyCode: orgCodeOf(lo.uscc),
    lists: ['LT-ZDSS'],
    records: [
      entityRecord(lo, {
        listType: 'LT-ZDSS',
        listingAuthority: '国家税务总局漳州市税务局稽查局',
        decisionNumber: `漳税稽罚〔${yearOf(d(-300))}〕58号`,
        listedAt: d(-300),
        status: 'active',
        reason: '虚开增值税专用发票',
        creditClass: 'D',
      }),
    ],
    note: '重大税收违法失信主体，名单只载统一社会信用代码；输入旧的组织机构代码也能查到（第9–17位）。',
    noteEn: 'Major tax violator listed only by its unified social credit code; its old organisation code finds it too (positions 9–17).',
    expect: { 'SC-ZFCG-SUPPLIER': 'block' },
  });

  // --- A consortium member on a black list.
  const cm = company('宁德市蕉城区海联船舶配件有限公司', '350902', 'MA32KF7R', ['彭少泓', '350902', '19790423', '158']);
  P.push({
    id: 'consortium-listed',
    c: cm,
    role: 'consortium_member',
    lists: ['LT-ZDSS'],
    records: [
      entityRecord(cm, {
        listType: 'LT-ZDSS',
        listingAuthority: '国家税务总局宁德市税务局稽查局',
        decisionNumber: `宁税稽罚〔${yearOf(d(-240))}〕16号`,
        listedAt: d(-240),
        status: 'active',
        reason: '逃避缴纳税款',
        creditClass: 'D',
      }),
    ],
    note: '重大税收违法失信主体，作为联合体成员：一个成员被拒绝，整个联合体被拒绝（牵头人可选厦门鹭翔环宇物流有限公司）。',
    noteEn: 'Major tax violator as a consortium member: one member rejected rejects the whole consortium (a clean lead: 厦门鹭翔环宇物流有限公司).',
    expect: { 'SC-ZFCG-SUPPLIER': 'block' },
  });

  // --- A clean company whose legal representative is listed (food/drug ban).
  const lr = company('三明市三元区瑞丰农产品有限公司', '350404', 'MA2YR8T4', ['吴国樑', '350403', '19770911', '075']);
  P.push({
    id: 'legal-rep-listed',
    c: lr,
    lists: ['LT-SY'],
    records: [
      {
        entityKind: 'naturalPerson',
        idNumber: lr.legalRep.idNumber,
        name: lr.legalRep.name,
        listType: 'LT-SY',
        listingAuthority: '三明市市场监督管理局',
        decisionNumber: `明市监罚〔${yearOf(d(-60))}〕112号`,
        listedAt: d(-60),
        term: { maxEnd: y(3) },
        status: 'active',
        reason: '生产经营不符合食品安全标准的食品，情节严重，被处以从业禁止',
      },
    ],
    note: '企业本身无记录，但法定代表人（自然人，食品药品严重失信者，三年内从业禁止）在名单上：行政许可中拒绝；政府采购中显示但无措施。',
    noteEn: 'The company has no record, but its legal representative (a person banned from the food and drug trade for three years) is listed: rejected in licensing; shown without measures in procurement.',
    expect: { 'SC-XZXK-APPROVAL': 'block', 'SC-ZFCG-SUPPLIER': 'pass', 'SC-SCZR-ACCESS': 'block' },
  });

  // --- Judgment defaulter repaired yesterday.
  const ry = company('龙岩市新罗区永顺汽配有限公司', '350802', 'MA31PQ2W', ['邱家骏', '350802', '19830130', '096']);
  P.push({
    id: 'repaired-yesterday',
    c: ry,
    lists: ['LT-SXBZXR'],
    records: [
      entityRecord(ry, {
        listType: 'LT-SXBZXR',
        listingAuthority: '龙岩市新罗区人民法院',
        decisionNumber: `（${yearOf(d(-400))}）闽0802执3310号`,
        listedAt: d(-400),
        status: 'repaired',
        statusDate: d(-1),
        reason: '有履行能力而拒不履行生效法律文书确定义务',
      }),
    ],
    note: '失信被执行人，昨天已履行义务并信用修复：截至今日不再生效，应通过。',
    noteEn: 'Judgment defaulter who performed the obligation and was repaired yesterday: no longer in force today; passes.',
    expect: { 'SC-ZFCG-SUPPLIER': 'pass', 'SC-ZTB-BID': 'pass' },
  });

  // --- Abnormal operations (warning list).
  const ao = company('福州市晋安区泓景装饰工程有限公司', '350111', 'MA2YT3U9', ['卓立帆', '350111', '19880214', '213']);
  P.push({
    id: 'abnormal-ops',
    c: ao,
    lists: ['LT-JYYC'],
    records: [
      entityRecord(ao, {
        listType: 'LT-JYYC',
        listingAuthority: '福州市晋安区市场监督管理局',
        decisionNumber: `榕晋市监异〔${yearOf(d(-90))}〕406号`,
        listedAt: d(-90),
        status: 'active',
        reason: '通过登记的住所或者经营场所无法联系',
      }),
    ],
    note: '经营异常名录（警示名单）：显示但不拒绝；日常监管中提高抽查比例。',
    noteEn: 'In the abnormal-operations directory (a warning list): shown, not rejected; more inspections in routine supervision.',
    expect: { 'SC-ZFCG-SUPPLIER': 'pass', 'SC-JG-INSPECTION': 'pass' },
  });

  // --- A recent administrative penalty.
  const pr = company('泉州市鲤城区宏晖印务有限公司', '350502', 'MA31BX6E', ['庄慧敏', '350502', '19750608', '228']);
  P.push({
    id: 'penalty-recent',
    c: pr,
    lists: ['LT-XZCF'],
    records: [
      entityRecord(pr, {
        listType: 'LT-XZCF',
        listingAuthority: '泉州市鲤城区生态环境局',
        decisionNumber: `泉鲤环罚〔${yearOf(y(-1))}〕27号`,
        listedAt: y(-1),
        decidedAt: y(-1),
        sanctions: [{ kind: 'fine', amountYuan: 150000 }],
        penalty: '罚款人民币十五万元',
        status: 'active',
        reason: '未按规定安装使用挥发性有机物污染防治设施',
      }),
    ],
    note: '一年前罚款十五万元：不属于较大数额罚款（200万元以上），不构成政府采购法第二十二条的重大违法记录，应通过（记录仍会显示）。',
    noteEn: 'Fined 150,000 yuan a year ago: not a large fine (2 million yuan or more), so not a major violation record under the Government Procurement Law; passes (the entry is still shown).',
    expect: { 'SC-ZFCG-SUPPLIER': 'pass' },
  });

  // --- A major violation record within three years: a fine of 2.5 million yuan, published for a
  // year and since repaired — the look-back counts from the decision and survives both.
  const pm = company('泉州市洛江区宏远石材有限公司', '350504', 'MA2XT3K7', ['吴振华', '350504', '19740218', '173']);
  P.push({
    id: 'penalty-major',
    c: pm,
    lists: ['LT-XZCF'],
    records: [
      entityRecord(pm, {
        listType: 'LT-XZCF',
        listingAuthority: '泉州市生态环境局',
        decisionNumber: `泉环罚〔${yearOf(y(-2))}〕8号`,
        listedAt: y(-2),
        decidedAt: y(-2),
        term: { maxEnd: addDays(y(-1), -1) },
        sanctions: [{ kind: 'fine', amountYuan: 2500000 }],
        penalty: '罚款人民币二百五十万元',
        status: 'repaired',
        statusDate: addDays(y(-1), 30),
        repairTier: 'serious',
        reason: '超标排放大气污染物',
      }),
    ],
    note: '两年前罚款二百五十万元，公示期已满并已信用修复：三年内的重大违法记录仍然存在（政府采购法第二十二条第一款第（五）项），应拒绝。',
    noteEn: 'Fined 2.5 million yuan two years ago, publication over and repaired: still a major violation record within three years (Government Procurement Law art. 22), so rejected.',
    expect: { 'SC-ZFCG-SUPPLIER': 'block' },
  });

  // --- A ban without its term: the record gives neither a term nor its sanction, so whether
  // the food and drug bans (M-FOOD-BAN, M-DRUG-BAN: "ban_term_active") run cannot be told.
  const bn = company('漳州市龙文区康禾食品有限公司', '350603', 'MA32MN5H', ['杨振岳', '350603', '19800506', '139']);
  P.push({
    id: 'ban-no-term',
    c: bn,
    lists: ['LT-SY'],
    records: [
      entityRecord(bn, {
        listType: 'LT-SY',
        listingAuthority: '漳州市市场监督管理局',
        decisionNumber: `漳市监罚〔${yearOf(d(-30))}〕64号`,
        listedAt: d(-30),
        status: 'active',
        reason: '使用非食品原料生产食品，情节严重',
      }),
    ],
    note: '食品药品严重失信者，记录未载明禁止期限：无法判断禁止是否仍在期内，转人工复核（不是通过）；政府采购目录中没有对应措施，但严重失信记录在效，也转人工复核。',
    noteEn: 'Serious food and drug dishonesty with no ban term on record: whether the ban still runs cannot be told, so it is reviewed by hand (not passed); procurement has no catalogued measure for this list, but a serious entry in force is reviewed too.',
    expect: { 'SC-SCZR-ACCESS': 'review', 'SC-ZFCG-SUPPLIER': 'review' },
  });

  // --- A black-listed company known by name only.
  const no = company('福州榕达伟业建筑劳务有限公司', '350100', 'MA2XW8C6', ['魏达峻', '350121', '19730927', '055']);
  P.push({
    id: 'name-only-black',
    c: no,
    queryName: '福州榕达伟业建筑劳务有限责任公司',
    lists: ['LT-NMG'],
    records: [
      {
        entityKind: 'legalEntity',
        name: no.name,
        listType: 'LT-NMG',
        listingAuthority: '福州市人力资源和社会保障局',
        decisionNumber: `榕人社监〔${yearOf(d(-180))}〕9号`,
        listedAt: d(-180),
        term: { maxEnd: y(1) },
        status: 'active',
        reason: '克扣、无故拖欠农民工工资数额较大',
      },
    ],
    note: '拖欠农民工工资失信联合惩戒对象，名单只有名称、没有代码：输入相近名称（有限责任公司）得到“可能命中”，转人工复核。',
    noteEn: 'On the wage-arrears list by name only, without a code: a close name (有限责任公司) is a possible match, reviewed by hand.',
    expect: { 'SC-ZFCG-SUPPLIER': 'review', 'SC-ZTB-BID': 'review' },
  });

  // --- Validity edges (cut-off = today).
  const eToday = company('福州市仓山区螺洲五金机电有限公司', '350104', 'MA33AH4K', ['江一舟', '350104', '19820317', '172']);
  P.push({
    id: 'edge-listed-today',
    c: eToday,
    lists: ['LT-SXBZXR'],
    records: [
      entityRecord(eToday, {
        listType: 'LT-SXBZXR',
        listingAuthority: '福州市仓山区人民法院',
        decisionNumber: `（${yearOf(T)}）闽0104执5521号`,
        listedAt: T,
        status: 'active',
        reason: '以虚假诉讼、虚假仲裁或者以隐匿、转移财产等方法规避执行',
      }),
    ],
    note: '今天列入失信被执行人名单：今天起生效，应拒绝。',
    noteEn: 'Listed as a judgment defaulter today: in force from today; rejected.',
    expect: { 'SC-ZFCG-SUPPLIER': 'block' },
  });
  const eTomorrow = company('福清市融侨塑胶制品有限公司', '350181', 'MA34GJ8D', ['薛宏毅', '350181', '19840708', '195']);
  P.push({
    id: 'edge-listed-tomorrow',
    c: eTomorrow,
    lists: ['LT-SXBZXR'],
    records: [
      entityRecord(eTomorrow, {
        listType: 'LT-SXBZXR',
        listingAuthority: '福清市人民法院',
        decisionNumber: `（${yearOf(d(1))}）闽0181执4408号`,
        listedAt: d(1),
        status: 'active',
        reason: '违反限制消费令',
      }),
    ],
    note: '明天才列入失信被执行人名单：截至今日尚未生效，不显示命中，应通过。',
    noteEn: 'Listed as a judgment defaulter from tomorrow: not yet in force today; no hit is shown and it passes.',
    expect: { 'SC-ZFCG-SUPPLIER': 'pass' },
  });
  const eEnds = company('厦门市集美区嘉庚科教仪器有限公司', '350211', 'MA8W3Q7T', ['叶思远', '350211', '19710921', '084']);
  P.push({
    id: 'edge-term-ends-today',
    c: eEnds,
    lists: ['LT-ZFCG'],
    records: [
      entityRecord(eEnds, {
        listType: 'LT-ZFCG',
        listingAuthority: '厦门市财政局',
        decisionNumber: `厦财采〔${yearOf(y(-1))}〕31号`,
        listedAt: y(-1),
        term: { maxEnd: T },
        status: 'active',
        reason: '在招标采购过程中与采购人进行协商谈判',
      }),
    ],
    note: '政府采购禁止期今天届满：今天仍在禁止期内，应拒绝（明天起通过）。',
    noteEn: 'The procurement ban ends today: still within the ban today, rejected (passes from tomorrow).',
    expect: { 'SC-ZFCG-SUPPLIER': 'block' },
  });
  const eRep = company('南安市石井港通建材有限公司', '350583', 'MA31UE2L', ['洪剑锋', '350583', '19680412', '013']);
  P.push({
    id: 'edge-repaired-tomorrow',
    c: eRep,
    lists: ['LT-SXBZXR'],
    records: [
      entityRecord(eRep, {
        listType: 'LT-SXBZXR',
        listingAuthority: '南安市人民法院',
        decisionNumber: `（${yearOf(d(-500))}）闽0583执1876号`,
        listedAt: d(-500),
        status: 'repaired',
        statusDate: d(1),
        reason: '有履行能力而拒不履行生效法律文书确定义务',
      }),
    ],
    note: '信用修复日期为明天：截至今日仍然有效，应拒绝。',
    noteEn: 'Credit repair takes effect tomorrow: still in force today; rejected.',
    expect: { 'SC-ZFCG-SUPPLIER': 'block' },
  });
  const eRem = company('南平市延平区闽北竹木制品有限公司', '350702', 'MA34CT5Y', ['饶文涛', '350702', '19650803', '057']);
  P.push({
    id: 'edge-removed',
    c: eRem,
    lists: ['LT-SXBZXR'],
    records: [
      entityRecord(eRem, {
        listType: 'LT-SXBZXR',
        listingAuthority: '南平市延平区人民法院',
        decisionNumber: `（${yearOf(d(-700))}）闽0702执902号`,
        listedAt: d(-700),
        status: 'removed',
        statusDate: d(-30),
        reason: '有履行能力而拒不履行生效法律文书确定义务',
      }),
    ],
    note: '已移出失信被执行人名单（30天前）：不再生效，应通过。',
    noteEn: 'Removed from the judgment-defaulter list 30 days ago: no longer in force; passes.',
    expect: { 'SC-ZFCG-SUPPLIER': 'pass' },
  });

  // --- The remaining list types, one company each.
  const xg = company('宁德市东侨鑫港贸易有限公司', '350902', 'MA33RK6N', ['柯振邦', '350902', '19700112', '176']);
  P.push({
    id: 'list-xgxf',
    c: xg,
    lists: ['LT-XGXF'],
    records: [
      entityRecord(xg, {
        listType: 'LT-XGXF',
        listingAuthority: '宁德市中级人民法院',
        decisionNumber: `（${yearOf(d(-75))}）闽09执恢88号`,
        listedAt: d(-75),
        status: 'active',
        reason: '未按执行通知书指定的期间履行生效法律文书确定的给付义务，被限制高消费',
      }),
    ],
    note: '限制高消费被执行人：显示命中，但政府采购目录中没有针对它的措施，应通过。',
    noteEn: 'Restricted from high consumption: the hit is shown, but the procurement catalogue has no measure for it; passes.',
    expect: { 'SC-ZFCG-SUPPLIER': 'pass' },
  });
  const sj = company('福州市马尾区海鸿电子科技有限公司', '350105', 'MA2YK9P3', ['郭礼成', '350105', '19760526', '118']);
  P.push({
    id: 'list-scjg-yz',
    c: sj,
    lists: ['LT-SCJG-YZ'],
    records: [
      entityRecord(sj, {
        listType: 'LT-SCJG-YZ',
        listingAuthority: '福建省市场监督管理局',
        decisionNumber: `闽市监严列〔${yearOf(d(-210))}〕5号`,
        listedAt: d(-210),
        term: { minEnd: y(2) },
        status: 'active',
        reason: '生产销售不合格电子产品，情节严重',
        creditClass: 'D',
      }),
    ],
    note: '市场监督管理严重违法失信名单（D类）：政府采购中转人工复核；评优评先中，是否属市场监管领域荣誉未说明时转复核，说明后拒绝。',
    noteEn: 'On the market-regulation serious violation list (class D): reviewed by hand in procurement; for honours, reviewed until it is said whether the honour is in market regulation, then rejected.',
    expect: { 'SC-ZFCG-SUPPLIER': 'review', 'SC-RY-HONOUR': 'review' },
  });
  const aq = company('三明市永安金鼎矿业有限公司', '350481', 'MA33TW4G', ['赖宗汉', '350481', '19670710', '039']);
  P.push({
    id: 'list-aqsc',
    c: aq,
    lists: ['LT-AQSC'],
    records: [
      entityRecord(aq, {
        listType: 'LT-AQSC',
        listingAuthority: '福建省应急管理厅',
        decisionNumber: `闽应急失信〔${yearOf(d(-160))}〕8号`,
        listedAt: d(-160),
        term: { maxEnd: y(3) },
        status: 'active',
        reason: '发生较大生产安全事故，对事故负有责任',
      }),
    ],
    note: '安全生产严重失信主体：不得适用告知承诺；行政许可中转人工复核。',
    noteEn: 'Serious work-safety dishonesty: may not use a commitment; reviewed by hand in licensing.',
    expect: { 'SC-XZXK-COMMITMENT': 'block', 'SC-XZXK-APPROVAL': 'review' },
  });
  const zt = company('莆田市涵江区鸿业市政工程有限公司', '350303', 'MA32XL9Q', ['黄世杰', '350303', '19740219', '251']);
  P.push({
    id: 'list-ztb-qx',
    c: zt,
    lists: ['LT-ZTB-QX'],
    records: [
      entityRecord(zt, {
        listType: 'LT-ZTB-QX',
        listingAuthority: '莆田市住房和城乡建设局',
        decisionNumber: `莆建罚〔${yearOf(d(-100))}〕19号`,
        listedAt: d(-100),
        term: { maxEnd: y(2) },
        status: 'active',
        reason: '以他人名义投标，取消投标资格两年',
      }),
    ],
    note: '被取消投标资格（两年内）：招标投标中应拒绝。',
    noteEn: 'Disqualified from bidding (within two years): rejected in tendering.',
    expect: { 'SC-ZTB-BID': 'block' },
  });
  const gg = company('龙岩市永定区客家园林绿化有限公司', '350803', 'MA31KC3R', ['卢振声', '350803', '19810403', '097']);
  P.push({
    id: 'list-ggzy',
    c: gg,
    lists: ['LT-GGZY'],
    records: [
      entityRecord(gg, {
        listType: 'LT-GGZY',
        listingAuthority: '龙岩市公共资源交易中心',
        decisionNumber: `龙公管〔${yearOf(d(-130))}〕14号`,
        listedAt: d(-130),
        term: { maxEnd: y(1) },
        status: 'active',
        reason: '串通投标，公共资源交易领域严重失信',
      }),
    ],
    note: '公共资源交易领域严重失信主体：政府采购中转人工复核。',
    noteEn: 'Serious dishonesty in public resource trading: reviewed by hand in procurement.',
    expect: { 'SC-ZFCG-SUPPLIER': 'review' },
  });
  const jz = company('漳州市长泰区兴邦建筑工程有限公司', '350604', 'MA33NP8E', ['戴建平', '350604', '19690921', '131']);
  P.push({
    id: 'list-jzsc',
    c: jz,
    lists: ['LT-JZSC'],
    records: [
      entityRecord(jz, {
        listType: 'LT-JZSC',
        listingAuthority: '福建省住房和城乡建设厅',
        decisionNumber: `闽建筑黑〔${yearOf(d(-220))}〕11号`,
        listedAt: d(-220),
        term: { maxEnd: y(1) },
        status: 'active',
        reason: '转包、违法分包工程，发生质量安全事故',
      }),
    ],
    note: '建筑市场主体黑名单：国办发〔2020〕42号未点名该名单，是否属“较严重的不良信用记录”由审批机关认定，转人工复核，复核前不适用告知承诺。',
    noteEn: 'On the construction-market black list: the commitment rules do not name this list, so the approving authority decides whether it is a serious bad record; reviewed by hand, no commitment before that.',
    expect: { 'SC-XZXK-COMMITMENT': 'review' },
  });
  const hb = company('南平市建阳区绿源纸业有限公司', '350703', 'MA34HD2U', ['范家良', '350703', '19720615', '074']);
  P.push({
    id: 'list-hb',
    c: hb,
    lists: ['LT-HB'],
    records: [
      entityRecord(hb, {
        listType: 'LT-HB',
        listingAuthority: '福建省生态环境厅',
        decisionNumber: `闽环信〔${yearOf(d(-260))}〕6号`,
        listedAt: d(-260),
        status: 'active',
        reason: '通过暗管偷排生产废水，环境信用评价为环保不良企业',
      }),
    ],
    note: '环境保护领域失信生产经营单位：是否排除告知承诺由审批机关认定（转人工复核）；行政许可中转人工复核。',
    noteEn: 'Environmental dishonesty: whether it excludes a commitment is for the approving authority (reviewed by hand); reviewed by hand in licensing.',
    expect: { 'SC-XZXK-COMMITMENT': 'review', 'SC-XZXK-APPROVAL': 'review' },
  });
  const ae = company('厦门海沧港联国际货运有限公司', '350205', 'MA8TLB6W', ['苏明哲', '350205', '19770302', '236']);
  P.push({
    id: 'list-aeo',
    c: ae,
    lists: ['RL-AEO'],
    records: [
      entityRecord(ae, {
        listType: 'RL-AEO',
        listingAuthority: '厦门海关',
        decisionNumber: `AEOCN3790${String(Number(yearOf(d(-330))) % 100).padStart(2, '0')}0358`,
        listedAt: d(-330),
        status: 'active',
        reason: '经认证为海关高级认证企业',
      }),
    ],
    note: '海关高级认证企业（AEO）：行政许可可走绿色通道。',
    noteEn: 'Customs AEO (advanced certification): the green channel in licensing.',
    expect: { 'SC-XZXK-APPROVAL': 'pass' },
  });
  const sa = company('福州市长乐区闽瑞纺织有限公司', '350112', 'MA33DF9J', ['陈鸣岐', '350112', '19750128', '159']);
  P.push({
    id: 'list-samr-a',
    c: sa,
    lists: ['RL-SAMR-A'],
    records: [
      entityRecord(sa, {
        listType: 'RL-SAMR-A',
        listingAuthority: '福州市市场监督管理局',
        decisionNumber: `榕市监信〔${yearOf(d(-120))}〕2号`,
        listedAt: d(-120),
        status: 'active',
        reason: '企业信用风险分类为A类（信用风险低）',
        creditClass: 'A',
      }),
    ],
    note: '企业信用风险分类A类：日常监管中降低抽查比例、无事不扰。',
    noteEn: 'Credit risk class A (market regulation): fewer inspections, left undisturbed.',
    expect: { 'SC-JG-INSPECTION': 'pass' },
  });

  return P;
}

/** The hand-written records (objects in the JSON-lines shape), for today `T` (YYYY-MM-DD). */
export function handRecords(T = chinaToday()) {
  return build(T).flatMap((p) => p.records.map(ordered));
}

/** The personas file's `personas` object, for today `T`. */
export function personas(T = chinaToday()) {
  const out = {};
  for (const p of build(T)) {
    const e = { name: p.c.name, code: p.c.uscc };
    if (p.legacyCode) e.legacyCode = p.legacyCode;
    if (p.c.legalRep) {
      e.legalRepName = p.c.legalRep.name;
      e.legalRepId = p.c.legalRep.idNumber;
    }
    if (p.queryName) e.queryName = p.queryName;
    if (p.role) e.role = p.role;
    e.lists = p.lists;
    e.note = p.note;
    e.noteEn = p.noteEn;
    e.expect = p.expect;
    out[p.id] = e;
  }
  return out;
}

function main(argv) {
  const opts = {};
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (a === '--out' || a === '--personas' || a === '--today') {
      if (i + 1 >= argv.length) throw new Error(`${a} needs a value`);
      opts[a.slice(2)] = argv[++i];
    } else {
      throw new Error(`unknown argument ${a} (use --out FILE, --personas FILE, --today YYYY-MM-DD)`);
    }
  }
  const T = opts.today ?? chinaToday();
  if (!/^\d{4}-\d{2}-\d{2}$/.test(T) || Number.isNaN(Date.parse(`${T}T00:00:00Z`))) {
    throw new Error(`--today: not a date: ${T}`);
  }
  const jsonl = handRecords(T)
    .map((r) => JSON.stringify(r))
    .join('\n');
  if (opts.out) writeFileSync(opts.out, `${jsonl}\n`);
  else process.stdout.write(`${jsonl}\n`);
  if (opts.personas) {
    const doc = { generatedAt: new Date().toISOString(), cutoffToday: T, personas: personas(T) };
    writeFileSync(opts.personas, `${JSON.stringify(doc, null, 2)}\n`);
  }
}

const isMain = process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url);
if (isMain) {
  try {
    main(process.argv.slice(2));
  } catch (err) {
    console.error(`gen-demo-records.mjs: ${err.message}`);
    process.exit(2);
  }
}
