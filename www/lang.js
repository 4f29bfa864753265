// One language at a time, for every page of the demo site: Chinese by default, English after the
// toggle (remembered in localStorage). The markup carries both languages — `.zh` and `.en`
// (lang="en") spans — and style.css shows only the page's language, so a screen reader, a
// search engine and a reader each get one language. What CSS cannot switch is switched here:
// <html lang>, the document title, aria-labels, placeholders and <option> texts, from
// data-*-en attributes:
//
//   <nav aria-label="网站导航" data-aria-label-en="Site">
//   <input placeholder="名称或代码" data-placeholder-en="Name or code">
//   <option value="x" data-en="English text">中文文本</option>
//   <html data-title-en="…">   (the <title> holds the Chinese)
//
// Also the phone layout's disclosures: the site menu button, and the page intro
// (<details class="page-intro">), which starts closed on a phone and open elsewhere.

const LANG_KEY = 'credit-check:portal-lang';
const PHONE = '(max-width: 640px)';
const listeners = new Set();
let current = null;
let zhTitle = null;

export function readLang() {
  try {
    return localStorage.getItem(LANG_KEY) === 'en' ? 'en' : 'zh-CN';
  } catch {
    return 'zh-CN';
  }
}

/** The page's language: 'zh-CN' or 'en'. */
export function lang() {
  return current ?? readLang();
}

export const isEn = () => lang() === 'en';

/** `zh` or `en` by the page's language. */
export function tr(zh, en) {
  return isEn() && en != null ? en : zh;
}

/** Calls `fn(lang)` after each switch. */
export function onLangChange(fn) {
  listeners.add(fn);
}

function swapAttr(node, attr, en) {
  const keep = `data-${attr}-zh`;
  if (!node.hasAttribute(keep)) node.setAttribute(keep, node.getAttribute(attr) ?? '');
  node.setAttribute(attr, en ? node.getAttribute(`data-${attr}-en`) : node.getAttribute(keep));
}

/** Applies the language to everything under `root` that CSS cannot switch. */
export function applyLangTo(root = document) {
  const en = isEn();
  for (const node of root.querySelectorAll('[data-aria-label-en]')) swapAttr(node, 'aria-label', en);
  for (const node of root.querySelectorAll('[data-placeholder-en]')) swapAttr(node, 'placeholder', en);
  for (const node of root.querySelectorAll('[data-title-attr-en]')) {
    if (!node.hasAttribute('data-title-attr-zh')) node.setAttribute('data-title-attr-zh', node.getAttribute('title') ?? '');
    node.setAttribute('title', en ? node.getAttribute('data-title-attr-en') : node.getAttribute('data-title-attr-zh'));
  }
  for (const option of root.querySelectorAll('option[data-en]')) {
    if (option.dataset.zh == null) option.dataset.zh = option.textContent;
    option.textContent = en ? option.dataset.en : option.dataset.zh;
  }
}

function applyLang() {
  const root = document.documentElement;
  const en = isEn();
  root.lang = en ? 'en' : 'zh-CN';
  root.dataset.uiLang = en ? 'en' : 'zh';
  zhTitle ??= document.title;
  document.title = en && root.dataset.titleEn ? root.dataset.titleEn : zhTitle;
  applyLangTo(document);
  const btn = document.getElementById('lang-toggle');
  if (btn) {
    // The button names the language it switches to, in that language: its name is its text.
    btn.lang = en ? 'zh-CN' : 'en';
    btn.textContent = en ? '中文' : 'English';
  }
}

/** Switches the page to `next` ('zh-CN' | 'en'), remembers it and tells the listeners. */
export function setLang(next) {
  current = next === 'en' ? 'en' : 'zh-CN';
  try {
    localStorage.setItem(LANG_KEY, current);
  } catch {
    // storage may be unavailable: the choice then lasts for this page only
  }
  applyLang();
  for (const fn of listeners) fn(current);
}

function wireMenu() {
  const toggle = document.getElementById('sitenav-toggle');
  const list = document.getElementById('sitenav-list');
  if (!toggle || !list) return;
  toggle.addEventListener('click', () => {
    const open = toggle.getAttribute('aria-expanded') !== 'true';
    toggle.setAttribute('aria-expanded', String(open));
    list.classList.toggle('is-open', open);
  });
}

function wireIntro() {
  const phone = window.matchMedia?.(PHONE).matches ?? false;
  for (const d of document.querySelectorAll('details.page-intro')) d.open = !phone;
}

let started = false;

/** Sets the page's language from storage and wires the toggle, the menu and the intro (once). */
export function startLang() {
  if (started) return;
  started = true;
  current = readLang();
  applyLang();
  document.getElementById('lang-toggle')?.addEventListener('click', () => setLang(isEn() ? 'zh-CN' : 'en'));
  wireMenu();
  wireIntro();
}
