// axe-core in the browser e2e suite, and the checks every page state must pass as a reader sees
// it: what is visible (not what the DOM holds), in one language, without internal codes, raw
// times or repeated messages, never "通过"/pass while the snapshot does not count, and no
// horizontal scrolling.
//
// axe is injected with page.evaluate (DevTools evaluation is not subject to the page's CSP, which
// forbids inline scripts), so the pages are tested under the CSP they are served with.

import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);
const AXE_SOURCE = readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8');
export const AXE_VERSION = JSON.parse(readFileSync(require.resolve('axe-core/package.json'), 'utf8')).version;

/**
 * Runs axe-core (all rules of WCAG 2.0/2.1 A and AA and best practice) on the page as it is now.
 * Returns `{ counts: { critical, serious, moderate, minor }, violations: [{ id, impact, help, nodes }] }`.
 */
export async function runAxe(page) {
  if (!(await page.evaluate(() => typeof window.axe === 'object'))) await page.evaluate(AXE_SOURCE);
  const violations = await page.evaluate(async () => {
    const r = await window.axe.run(document, {
      resultTypes: ['violations'],
      runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'best-practice'] },
    });
    return r.violations.map((v) => ({
      id: v.id,
      impact: v.impact,
      help: v.help,
      nodes: v.nodes.map((n) => `${n.target.join(' ')}: ${n.failureSummary?.split('\n').slice(1, 2).join(' ').trim()}`),
    }));
  });
  const counts = { critical: 0, serious: 0, moderate: 0, minor: 0 };
  for (const v of violations) counts[v.impact] = (counts[v.impact] ?? 0) + v.nodes.length;
  return { counts, violations };
}

/** Formats the serious and critical violations for an assertion message. */
export function describeViolations(violations, impacts = ['critical', 'serious']) {
  return violations
    .filter((v) => impacts.includes(v.impact))
    .map((v) => `${v.impact} ${v.id} (${v.help}):\n    ${v.nodes.slice(0, 6).join('\n    ')}`)
    .join('\n');
}

/**
 * What a reader sees: the text of every visible text node (not inside display:none, closed
 * <details>, `hidden`, or visually hidden text), as lines per block, plus facts about the page.
 */
export function readPage(page) {
  return page.evaluate(() => {
    const hiddenish = (el) => {
      for (let e = el; e && e !== document.documentElement; e = e.parentElement) {
        if (e.classList?.contains('visually-hidden') || e.classList?.contains('cell-label')) return true;
        if (e.closest && e.localName === 'template') return true;
      }
      return !el.checkVisibility({ checkOpacity: true, checkVisibilityCSS: true });
    };
    const blocks = new Map();
    const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
    for (let n = walker.nextNode(); n; n = walker.nextNode()) {
      const text = n.textContent.replace(/\s+/g, ' ').trim();
      if (!text) continue;
      const parent = n.parentElement;
      if (!parent || hiddenish(parent)) continue;
      if (parent.closest('script, style, option, textarea')) continue;
      const block = parent.closest('p, li, dd, dt, h1, h2, h3, h4, h5, h6, summary, td, th, label, legend, button, a') ?? parent;
      const key = block;
      blocks.set(key, `${blocks.get(key) ?? ''}${blocks.has(key) ? ' ' : ''}${text}`);
    }
    const lines = [...blocks.entries()].map(([el, text]) => ({
      text,
      tag: el.localName,
      inPersonas: !!el.closest('#persona-list'),
      inTable: !!el.closest('table'),
      inPanel: !!el.closest('.cc-panel'),
      isData: !!el.closest('code, .cc-party__name, .cc-hit__name, .persona__name, .bidder-name, .cc-objection, .authority'),
    }));
    const visiblePass = [...document.querySelectorAll('[data-decision="pass"], .decision--pass, .cc-decision--pass')].filter(
      (e) => e.checkVisibility() && !e.classList.contains('cc-panel--idle'),
    ).length;
    return {
      lines,
      lang: document.documentElement.lang,
      uiLang: document.documentElement.dataset.uiLang,
      scrollWidth: document.documentElement.scrollWidth,
      innerWidth: window.innerWidth,
      visiblePass,
    };
  });
}

const CODE = /\b(?:SC|LT|RL|M|I)-[A-Z0-9]+(?:-[A-Z0-9]+)*\b|\b[A-Z]{2,}_[A-Z_]{2,}\b|\b[a-z]+_[a-z_]+\b|\b[a-z]+=[a-z0-9]+\b|failPolicy|\b\d+(?:\.\d+)?\s?ms\b|[\w-]+\.ccs\b|demo-data\//;
const RAW_TIME = /\d{4}-\d{2}-\d{2}T\d{2}:\d{2}/;
const ISO_DATE = /\b\d{4}-\d{2}-\d{2}\b/;
const ENGLISH_RUN = /[A-Za-z]{2,}(?:[ ,.'’:;-]+[A-Za-z]{2,}){3,}/;
const CJK_RUN = /[\u4e00-\u9fff]{2,}/;

/**
 * The reader's checks on one page state; returns a list of problems (empty when fine).
 * `personaIds`: ids never to be shown; `noPass`: the snapshot does not count here.
 */
export function readerProblems(view, { personaIds = [], noPass = false } = {}) {
  const problems = [];
  const en = view.uiLang === 'en';
  if (view.lang !== (en ? 'en' : 'zh-CN')) problems.push(`<html lang="${view.lang}"> in ${en ? 'English' : 'Chinese'} mode`);
  if (view.scrollWidth > view.innerWidth) problems.push(`horizontal scroll: ${view.scrollWidth}px wide at ${view.innerWidth}px`);
  const seen = new Map();
  for (const line of view.lines) {
    const t = line.text;
    const m = CODE.exec(t);
    if (m) problems.push(`internal code "${m[0]}" shown: ${t.slice(0, 120)}`);
    const id = personaIds.find((p) => new RegExp(`(^|[^a-z-])${p}($|[^a-z-])`).test(t));
    if (id) problems.push(`persona id "${id}" shown: ${t.slice(0, 120)}`);
    if (RAW_TIME.test(t)) problems.push(`raw time shown: ${t.slice(0, 120)}`);
    if (!en && ISO_DATE.test(t)) problems.push(`ISO date in Chinese: ${t.slice(0, 120)}`);
    if (!en && !line.isData && line.tag !== 'button' && ENGLISH_RUN.test(t)) problems.push(`English in Chinese mode: ${t.slice(0, 120)}`);
    if (en && !line.isData && !line.inPersonas && !line.inTable && ['h1', 'h2', 'h3', 'label', 'legend', 'summary', 'th', 'dt'].includes(line.tag) && CJK_RUN.test(t)) {
      problems.push(`Chinese UI text in English mode: ${t.slice(0, 120)}`);
    }
    if (noPass) {
      const stripped = t.replace(/不予通过/g, '');
      if (/通过/.test(stripped) || /\bpass(?:es|ed)?\b/i.test(t)) problems.push(`"pass" shown while the snapshot does not count: ${t.slice(0, 120)}`);
    }
    // The same message twice (outside the persona list and the tables, where rows repeat).
    if (!line.inPersonas && !line.inTable && !line.isData && t.length >= 10 && ['p', 'li'].includes(line.tag)) {
      if (seen.has(t)) problems.push(`repeated message: ${t.slice(0, 120)}`);
      seen.set(t, true);
    }
  }
  if (noPass && view.visiblePass) problems.push(`${view.visiblePass} visible element(s) with decision "pass"`);
  return problems;
}
