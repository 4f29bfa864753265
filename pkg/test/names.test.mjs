// credit-check/names: legal citations as officers write them, editions that are not the citation
// again, China time, issue numbers — over every measure of the catalogue the core signs in
// (data/catalogue/v1/measures.tsv, with its document ids spelled out as the core does).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { init, vocabulary } from 'credit-check';
import {
  chinaTime,
  chineseNumber,
  formatCitation,
  formatEdition,
  humanizeTimes,
  issueNumber,
  listName,
} from 'credit-check/names';

await init(); // names of ids and condition tokens come from the core's vocabulary

const CATALOGUE = new URL('../../data/catalogue/v1/', import.meta.url);
const pkg = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8'));

function tsv(name) {
  const [head, ...rows] = readFileSync(new URL(name, CATALOGUE), 'utf8').trim().split('\n');
  const cols = head.split('\t');
  return rows.map((r) => Object.fromEntries(r.split('\t').map((v, i) => [cols[i], v])));
}

test('the package ships names.js with its types', () => {
  for (const f of ['names.js', 'names.d.ts']) assert.ok(pkg.files.includes(f), f);
  assert.deepEqual(pkg.exports['./names'], { types: './names.d.ts', default: './names.js' });
});

test('legal citations as officers write them', () => {
  const cases = [
    ['政府采购法22', '《中华人民共和国政府采购法》第二十二条'],
    ['财库〔2016〕125号; 政府采购法22', '《财政部关于在政府采购活动中查询及使用信用记录有关问题的通知》（财库〔2016〕125号）；《中华人民共和国政府采购法》第二十二条'],
    ['政府采购法22(5); 实施条例19', '《中华人民共和国政府采购法》第二十二条第（五）项；《中华人民共和国政府采购法实施条例》第十九条'],
    ['招标投标法53(1–2y)/54(1–3y)/60(2–5y); 实施条例67/68', '《中华人民共和国招标投标法》第五十三条、第五十四条、第六十条；《中华人民共和国招标投标法实施条例》第六十七条、第六十八条'],
    ['药品管理法第116、118、122–124条', '《中华人民共和国药品管理法》第一百一十六条、第一百一十八条、第一百二十二条至第一百二十四条'],
    ['法释2013 第六条', '《最高人民法院关于公布失信被执行人名单信息的若干规定》第六条'],
    ['财库〔2016〕125号 (as reproduced in tender templates); 政府采购法24', '《财政部关于在政府采购活动中查询及使用信用记录有关问题的通知》（财库〔2016〕125号）；《中华人民共和国政府采购法》第二十四条'],
  ];
  for (const [raw, want] of cases) assert.equal(formatCitation(raw), want, raw);
  assert.equal(formatCitation('政府采购法22', 'en'), 'Government Procurement Law, Article 22');
  assert.equal(chineseNumber(10), '十');
  assert.equal(chineseNumber(105), '一百零五');
  assert.equal(chineseNumber(113), '一百一十三');
});

test('every measure in the catalogue: a citation without research notes or ids, an edition that is not the citation', () => {
  if (!existsSync(CATALOGUE)) return; // outside the repository (a packed package): nothing to read
  const docs = new Map(tsv('documents.tsv').map((d) => [d.id, d.doc_number]));
  const measures = tsv('measures.tsv');
  assert.ok(measures.length > 30);
  let editions = 0;
  for (const m of measures) {
    // The core spells document ids out as their numbers (catalogue.rs, edition_text).
    const edition = m.edition.replace(/D-[A-Z0-9-]+/g, (id) => docs.get(id) ?? id);
    for (const lang of ['zh-CN', 'en']) {
      const cite = formatCitation(m.legal_basis, lang);
      assert.ok(cite.length > 0, `${m.id}: ${m.legal_basis}`);
      assert.doesNotMatch(cite, /research only|NOT |wording from memory|as reproduced|\bD-[A-Z]/, `${m.id} ${lang}: ${cite}`);
      const ed = formatEdition(edition, m.legal_basis, lang);
      if (ed) {
        editions++;
        assert.notEqual(ed, cite, `${m.id}: the edition repeats the citation`);
        assert.match(ed, /\d{4}/, `${m.id}: an edition is a date: ${ed}`);
      }
    }
    // Every law and numbered document the catalogue cites is known by its full title in Chinese.
    const cite = formatCitation(m.legal_basis, 'zh-CN');
    assert.doesNotMatch(cite, /[a-z]{3,}/, `${m.id}: English left in the Chinese citation: ${cite}`);
    if (/法\d|法第|条例|〔\d{4}〕|令第|法释/.test(m.legal_basis)) assert.match(cite, /《[^》]+》/, `${m.id}: ${cite}`);
  }
  assert.ok(editions > measures.length / 2, `${editions} editions of ${measures.length} measures`);
});

test('China time: the badge, the panel and the pages read the same', () => {
  assert.equal(chinaTime('2026-12-06T01:30:00Z'), '2026年12月6日 09:30');
  assert.equal(chinaTime('2026-12-06T01:30:00Z', { lang: 'en' }), '2026-12-06 09:30');
  assert.equal(chinaTime('2026-12-05T16:30:00Z'), '2026年12月6日 00:30', 'the China date, not the UTC one');
  assert.equal(chinaTime('2026-12-06T09:30:00+08:00', { time: false }), '2026年12月6日');
  assert.equal(chinaTime('2026-11-20'), '2026年11月20日', 'a date stays that date');
  assert.equal(chinaTime(Date.UTC(2026, 11, 6, 1, 30)), '2026年12月6日 09:30');
  assert.equal(chinaTime('not a time'), 'not a time');
  assert.equal(
    humanizeTimes('名单快照已于2026-11-26T01:02:03Z过期（截止时点2026-11-20）'),
    '名单快照已于2026年11月26日 09:02过期（截止时点2026年11月20日）',
  );
  assert.equal(humanizeTimes('expired at 2026-11-26T01:02:03Z', 'en'), 'expired at 2026-11-26 09:02');
});

test('issue numbers and list names', async () => {
  await init(); // list names come from the core's vocabulary
  assert.equal(issueNumber(2026120601), '第2026120601期');
  assert.equal(issueNumber(3, 'en'), 'issue 3');
  assert.equal(vocabulary().listTypes.length, 18);
  assert.equal(listName('LT-SXBZXR'), '失信被执行人名单');
  // One English name per list type: the core's (ListType::info, list_types.tsv); names.js had its own.
  assert.equal(listName('LT-SXBZXR', 'en'), 'judgment defaulters');
  assert.equal(listName('LT-NEW'), 'LT-NEW');
});
