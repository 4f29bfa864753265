// The demo portal's shared module: one CheckerWorker per page loading the signed demo snapshot
// (with a progress bar), the snapshot badge in the top bar, the language (lang.js: one language
// at a time), the banners when the snapshot is refused or stale, the demo switches and personas
// aside, and a few helpers the pages share. Everything shown is built with
// createElement/textContent (no innerHTML), and no style is set from script (the CSP allows only
// the site's own style sheets): state is carried by attributes and classes that portal.css styles.
// Codes (error codes, list ids, file names) are never the primary text: they go in a collapsed
// 技术信息 (technical details) element for support staff.
//
// URL parameters (every portal page):
//   ?list=national       the sharded national list (/demo-data/national/manifest.ccs): the worker
//                        fetches only the pages and shards each check needs (issue 16); the
//                        site's links keep the parameter
//   ?snapshot=tampered   load /demo-data/lists-tampered.ccs (refused: DIGEST_MISMATCH)
//   ?snapshot=stale      load /demo-data/lists-stale.ccs (accepted with allowStale; checks say stale)
//   ?fail=warn|block     what a form does when the check could not be done (default block)
//   ?demo=<persona id>   fill that persona in once the page is ready (and check it)
//
// For tests and the time budget: window.__ccReady (true once the snapshot is in use),
// window.__ccTiming = { snapshotReadyMs, navToFirstVerdictMs } (performance.now(), i.e. from the
// start of navigation), <html data-snapshot="loading|ready|stale|failed">.

import { CheckerWorker } from '/pkg/worker-client.js';
import { chinaTime, issueNumber, term, useVocabulary, vocabularyRows } from '/pkg/names.js';
import { applyLangTo, isEn, lang, onLangChange, startLang, tr } from '/lang.js';

export { chinaTime, issueNumber, listName, scenarioName, term } from '/pkg/names.js';
export { isEn, lang, tr } from '/lang.js';

export const DATA_BASE = '/demo-data/';

/**
 * A table of the core's vocabulary (`listTypes`, `entityKinds`, `listingStatuses`, `decisions`, …)
 * as its entries `{ id, zh, en, … }`; empty until the module is loaded on this page.
 */
export function vocab(table) {
  return vocabularyRows(table);
}

/** Snapshot and worker error codes → [zh, en]; the worker's own messageZh is the fallback. */
export const LOAD_ERRORS = {
  DIGEST_MISMATCH: ['快照摘要不符，可能已被篡改', 'The snapshot’s digest does not match: it may have been tampered with'],
  BAD_SIGNATURE: ['快照签名验证失败，可能被篡改或伪造', 'The snapshot signature does not verify: it may be forged or altered'],
  UNKNOWN_KEY: ['快照签名密钥不在本平台的信任列表中', 'The snapshot is signed by a key this portal does not trust'],
  WRONG_ALGORITHM: ['快照签名算法与密钥不符', 'The signature algorithm does not match the key'],
  KEY_EXPIRED: ['签名密钥已过期', 'The signing key has expired'],
  KEY_NOT_YET_VALID: ['签名密钥尚未生效', 'The signing key is not yet valid'],
  KEY_OUT_OF_SCOPE: ['签名密钥无权签发此快照（发布者、名单类型或地区超出其授权范围）', 'The signing key may not sign this snapshot (its publisher, a list type or the region is outside the key’s scope)'],
  STALE: ['名单快照已过有效期', 'The snapshot is past its expiry'],
  NOT_YET_VALID: ['名单快照尚未生效', 'The snapshot is not yet valid'],
  ROLLBACK: ['快照期号早于本机已启用的期号（疑似回滚攻击）', 'The snapshot is older than one already used here (possible rollback)'],
  NOT_A_SNAPSHOT: ['文件不是名单快照', 'The file is not a list snapshot'],
  UNSUPPORTED_VERSION: ['不支持的快照格式版本', 'Unsupported snapshot format version'],
  NOT_SIGNED: ['快照未签名', 'The snapshot is not signed'],
  TRUNCATED: ['快照文件不完整', 'The snapshot file is truncated'],
  MALFORMED: ['快照文件格式错误', 'The snapshot file is malformed'],
  LIMIT_EXCEEDED: ['快照超出大小限制', 'The snapshot exceeds a size limit'],
  MALFORMED_KEY: ['信任密钥格式错误', 'A trusted key is malformed'],
  MALFORMED_KEYRING: ['信任密钥环格式错误', 'The keyring is malformed'],
  FETCH_FAILED: ['名单快照下载失败', 'The snapshot could not be downloaded'],
  SHARDED_MANIFEST: ['文件是全国名单的清单，须按分片方式加载', 'The file is the manifest of a sharded national list'],
  NOT_A_MANIFEST: ['文件不是全国名单的清单', 'The file is not the manifest of a sharded list'],
  SHARD_MISSING: ['核查所需的名单分片未能下载，本次未作核查', 'A part of the lists this check needs could not be downloaded: nothing was checked'],
  SHARD_DIGEST_MISMATCH: ['下载的名单分片摘要不符，可能已被篡改，本次未作核查', 'A downloaded part of the lists does not match its digest (it may have been tampered with): nothing was checked'],
  SHARD_NOT_IN_MANIFEST: ['名单分片不属于当前清单，本次未作核查', 'A part of the lists does not belong to the manifest in use: nothing was checked'],
  BAD_STORED_SEQUENCE: ['本机保存的快照期号记录已损坏', 'The issue number kept on this device is damaged'],
  KEYS_FETCH_FAILED: ['信任密钥下载失败', 'The trusted keys could not be downloaded'],
  NO_KEYS: ['缺少信任密钥', 'No trusted keys'],
  INIT_FAILED: ['核查组件（WebAssembly）加载失败', 'The checking module (WebAssembly) failed to load'],
  WORKER_ERROR: ['后台核查线程加载失败', 'The background checker failed to start'],
};

// ---------------------------------------------------------------------------------------------
// small DOM helpers

export const $ = (sel, root = document) => root.querySelector(sel);
export const $$ = (sel, root = document) => [...root.querySelectorAll(sel)];

export function el(tag, className, text) {
  const node = document.createElement(tag);
  if (className) node.className = className;
  if (text != null) node.textContent = String(text);
  return node;
}

/** A text in both languages: style.css shows the page's one (lang.js switches it). */
export function bi(zh, en, className) {
  const span = el('span', className ? `bi ${className}` : 'bi');
  span.append(el('span', 'zh', zh));
  const e = el('span', 'en', en ?? zh);
  e.lang = en == null ? 'zh-CN' : 'en';
  span.append(e);
  return span;
}

/** A collapsed 技术信息 element: rows of [label zh, label en, value] for support staff. */
export function techDetails(rows, className = 'tech') {
  const details = el('details', className);
  const summary = el('summary');
  summary.append(bi('技术信息', 'Technical details'));
  details.append(summary);
  const dl = el('dl', 'kv');
  for (const [zh, en, value] of rows) {
    if (value == null || value === '') continue;
    const row = el('div', 'kv__row');
    const dt = el('dt');
    dt.append(bi(zh, en));
    const dd = el('dd');
    dd.append(value instanceof Node ? value : el('code', null, value));
    row.append(dt, dd);
    dl.append(row);
  }
  details.append(dl);
  return details;
}

export function pair(entry, fallback) {
  return entry ? bi(entry[0], entry[1]) : bi(fallback, fallback);
}

/** The names of a vocabulary id as a bilingual span (the id itself when it has none). */
export function termBi(table, id) {
  const entry = term(table, id);
  return entry ? bi(entry.zh, entry.en) : bi(String(id), String(id));
}

export function decisionBadge(decision) {
  const known = !!term('decisions', decision);
  const badge = el('span', `decision decision--${known ? decision : 'error'}`);
  badge.dataset.decision = decision;
  badge.append(termBi('decisions', decision));
  return badge;
}

export function listBadge(id) {
  const entry = term('listTypes', id);
  const badge = el('span', `listtag listtag--${entry ? entry.colour : 'unknown'}`);
  badge.dataset.list = id;
  badge.append(entry ? bi(entry.zh, entry.en) : bi(id, id));
  return badge;
}

export function formatBytes(n) {
  if (!Number.isFinite(n)) return '—';
  if (n < 1024) return `${n} B`;
  if (n < 1024 * 1024) return `${(n / 1024).toFixed(1)} KB`;
  return `${(n / 1024 / 1024).toFixed(2)} MB`;
}

/** A time in China time, in the page's language: 2026年12月6日 09:30 / 2026-12-06 09:30. */
export function when(value, options = {}) {
  return chinaTime(value, { lang: lang(), ...options });
}

/** Now in China time as a datetime-local value (YYYY-MM-DDTHH:MM). */
export function chinaNowLocal() {
  return new Date(Date.now() + 8 * 3600_000).toISOString().slice(0, 16);
}

/** A datetime-local value taken as China time → RFC 3339, or undefined when empty/invalid. */
export function cutoffFromLocal(value) {
  const v = String(value ?? '').trim();
  if (/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}$/.test(v)) return `${v}:00+08:00`;
  if (/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}$/.test(v)) return `${v}+08:00`;
  if (/^\d{4}-\d{2}-\d{2}$/.test(v)) return v;
  return undefined;
}

/**
 * Fills a party's [data-cc=…] fields inside `root` from a persona: every value first, then the
 * input and change events, so that a form checking on change checks the whole party once rather
 * than each half-filled state.
 */
export function fillParty(root, persona) {
  if (!root || !persona) return;
  const values = {
    name: persona.queryName ?? persona.name ?? '',
    code: persona.legacyCode ?? persona.code ?? '',
    'legal-rep-name': persona.legalRepName ?? '',
    'legal-rep-id': persona.legalRepId ?? '',
  };
  const inputs = [];
  for (const [field, value] of Object.entries(values)) {
    const input = root.querySelector(`[data-cc="${field}"]`);
    if (!input) continue;
    input.value = value;
    inputs.push(input);
  }
  for (const input of inputs) input.dispatchEvent(new Event('input', { bubbles: true }));
  for (const input of inputs) input.dispatchEvent(new Event('change', { bubbles: true }));
}

/** A download link for `text` (kept byte for byte: the canonical record must not be reformatted). */
export function downloadLink(text, filename, label, type = 'application/json') {
  const a = el('a', 'btn btn--ghost btn--small');
  a.href = URL.createObjectURL(new Blob([text], { type }));
  a.download = filename;
  a.append(label);
  return a;
}

// ---------------------------------------------------------------------------------------------
// the portal

const params = new URLSearchParams(location.search);
/** The sharded national list (?list=national): its own manifest and its own high-water mark. */
const NATIONAL = { file: 'national/manifest.ccs', allowStale: false, storeKey: 'credit-check:lastSequence:national', sharded: true };
const VARIANTS = {
  default: { file: 'lists.ccs', allowStale: false, storeKey: undefined },
  tampered: { file: 'lists-tampered.ccs', allowStale: false, storeKey: 'credit-check:lastSequence:tampered' },
  stale: { file: 'lists-stale.ccs', allowStale: true, storeKey: 'credit-check:lastSequence:stale' },
};

const timing = (window.__ccTiming = window.__ccTiming || {});
window.__ccReady = false;

/** A URL for this page with some parameters changed (null removes one). */
export function withParams(changes) {
  const p = new URLSearchParams(location.search);
  for (const [k, v] of Object.entries(changes)) {
    if (v == null) p.delete(k);
    else p.set(k, v);
  }
  const q = p.toString();
  return `${location.pathname}${q ? `?${q}` : ''}`;
}

/**
 * Check failures that mean nothing was checked: the outcome is 'unavailable'. (The worker itself
 * answers NO_SNAPSHOT and the shard codes with an 'unavailable' outcome; a worker that could not
 * start or was stopped rejects.)
 */
const UNCHECKED = new Set(['NO_SNAPSHOT', 'WORKER_ERROR', 'TERMINATED', 'SHARD_MISSING', 'SHARD_DIGEST_MISMATCH', 'SHARD_NOT_IN_MANIFEST']);

/** What each persona is expected to get when the snapshot does not count (see expectationUnder). */
const KEEPS = new Set(['block', 'invalidInput']);

class Portal {
  constructor() {
    this.params = params;
    /** Whether the page uses the sharded national list instead of the regional snapshot. */
    this.national = params.get('list') === 'national';
    this.variantName = this.national ? 'national' : VARIANTS[params.get('snapshot')] ? params.get('snapshot') : 'default';
    this.variant = this.national ? NATIONAL : VARIANTS[this.variantName];
    this.snapshotUrl = `${DATA_BASE}${this.variant.file}`;
    this.failPolicy = params.get('fail') === 'warn' ? 'warn' : 'block';
    this.demo = params.get('demo');
    this.status = null;
    this.error = null;
    this.keys = null;
    this.worker = null;
    this.firstVerdictMarked = false;
    this.scenarioOf = null;

    let settle;
    /** Resolves to the status once the snapshot is in use, or to null when it was refused. */
    this.ready = new Promise((r) => (settle = r));
    this._settle = settle;

    const portal = this;
    /** What the forms are given: waits for the load; once it failed every check is 'unavailable'. */
    this.checker = {
      async check(request, ...rest) {
        await portal.ready;
        if (!portal.status) return portal.unavailable();
        try {
          const result = await portal.worker.check(request, ...rest);
          portal.afterCheck();
          // Nothing was checked (national: a part of the list could not be downloaded or did not
          // verify): the page's own words for the reason, as for a check that failed. Never a pass.
          if (result?.decision === 'unavailable') return portal.unavailable({ code: result.reason, message: result.message, messageZh: result.messageZh });
          return result;
        } catch (err) {
          // Nothing was checked: no list, no worker, or (national) a part of the list that could
          // not be downloaded or did not verify. Never a pass.
          if (UNCHECKED.has(err?.code)) {
            portal.afterCheck();
            return portal.unavailable(err);
          }
          throw err;
        }
      },
      async status(...args) {
        await portal.ready;
        return portal.status ? portal.worker.status(...args) : null;
      },
      call(...args) {
        return portal.worker.call(...args);
      },
    };
  }

  /** The page's language: 'zh-CN' or 'en'. */
  get lang() {
    return lang();
  }

  /** Tells the page's listeners that a check ran (the inspector redraws its file list). */
  afterCheck() {
    document.dispatchEvent(new CustomEvent('portal:checked'));
  }

  /** In national mode, the site's own links keep ?list=national. */
  keepListInLinks() {
    if (!this.national) return;
    for (const a of $$('a[href^="/"]')) {
      if (a.closest('#demo-variants')) continue;
      const url = new URL(a.getAttribute('href'), location.origin);
      if (!url.pathname.endsWith('.html') && url.pathname !== '/') continue;
      url.searchParams.set('list', 'national');
      a.setAttribute('href', `${url.pathname}${url.search}${url.hash}`);
    }
  }

  /** The outcome of a check that could not be done (never a pass): the reason, once. */
  unavailable(err = this.error) {
    const code = err?.code ?? 'NO_SNAPSHOT';
    const [zh, en] = LOAD_ERRORS[code] ?? [err?.messageZh ?? '名单快照不可用', err?.message ?? 'No list snapshot is available'];
    return { decision: 'unavailable', reason: code, verdict: null, record: null, sha256: null, message: en, messageZh: zh };
  }

  start() {
    startLang();
    onLangChange(() => this.rerender());
    this.renderVariantLinks();
    this.keepListInLinks();
    this.setSnapshotState('loading');
    document.addEventListener(
      'credit-check:verdict',
      () => this.markFirstVerdict(),
      true, // capture: fires whether or not the event bubbles
    );
    // The names shown (lists, decisions, statuses) come from the core's vocabulary, asked of
    // the worker that runs the checker once it has loaded (the page has no checker module).
    this.names = new Promise((resolve) => {
      this.namesDone = resolve;
    });
    this.personas = fetch(`${DATA_BASE}personas.json`)
      .then((r) => (r.ok ? r.json() : null))
      .catch(() => null);
    this.load();
    return this;
  }

  /** What depends on the language and is not a .zh/.en pair. */
  rerender() {
    if (this.status) this.renderLoaded(this.status);
    else if (this.error) this.renderFailed(this.error);
    applyLangTo(document);
  }

  markFirstVerdict() {
    if (this.firstVerdictMarked) return;
    this.firstVerdictMarked = true;
    timing.navToFirstVerdictMs = performance.now();
    try {
      performance.mark('cc:portal-first-verdict');
    } catch {
      // marks are optional
    }
  }

  onLangChange(fn) {
    onLangChange(fn);
  }

  // ---- demo switches: the snapshot variants and the fail policy ----------------------------------

  renderVariantLinks() {
    const box = $('#demo-variants');
    if (!box) return;
    box.replaceChildren();
    // Which list: the region's snapshot, downloaded whole, or the national list, in shards.
    const scope = el('p', 'variant-scope');
    scope.dataset.list = this.national ? 'national' : 'regional';
    scope.append(
      this.national
        ? bi('当前使用全国名单：核查时只下载所需的名单分片。', 'Using the national list: each check downloads only the parts it needs.')
        : bi('当前使用本省名单快照（整份下载）。', 'Using the provincial snapshot (downloaded whole).'),
      ' ',
    );
    const toggle = el('a', 'variant-link');
    toggle.id = 'list-toggle';
    toggle.href = withParams(this.national ? { list: null } : { list: 'national', snapshot: null });
    toggle.append(this.national ? bi('改用本省名单', 'Use the provincial snapshot') : bi('改用全国名单', 'Use the national list'));
    scope.append(toggle);
    box.append(scope);
    const ul = el('ul', 'variant-list');
    const link = (href, current, zh, en) => {
      const li = el('li');
      const a = el('a', 'variant-link');
      a.href = href;
      if (current) a.setAttribute('aria-current', 'true');
      a.append(bi(zh, en));
      li.append(a);
      ul.append(li);
    };
    for (const [v, zh, en] of [
      [null, '正常的名单快照', 'A valid snapshot'],
      ['tampered', '被篡改的名单快照', 'A tampered snapshot'],
      ['stale', '过期的名单快照', 'An out-of-date snapshot'],
    ]) {
      link(withParams({ snapshot: v, list: null }), (v ?? 'default') === this.variantName, zh, en);
    }
    box.append(ul);
    // What a form does when the check cannot be done: the page's choice, shown in words.
    const policy = el('p', 'variant-policy');
    policy.dataset.policy = this.failPolicy;
    policy.append(
      this.failPolicy === 'block'
        ? bi('核查无法完成时：不能提交。', 'When the check cannot be done: no submission.')
        : bi('核查无法完成时：可以提交，事后人工核实。', 'When the check cannot be done: submission allowed, verified by hand later.'),
      ' ',
    );
    const a = el('a', 'variant-link');
    a.href = withParams({ fail: this.failPolicy === 'block' ? 'warn' : null });
    a.append(
      this.failPolicy === 'block'
        ? bi('改为允许提交', 'Allow submission instead')
        : bi('改为不能提交', 'Block submission instead'),
    );
    policy.append(a);
    box.append(policy);
  }

  // ---- loading -------------------------------------------------------------------------------------

  setSnapshotState(state) {
    document.documentElement.dataset.snapshot = state;
  }

  progress(received, total) {
    const bar = $('#snap-progress');
    const text = $('#snap-load-text');
    if (bar) {
      if (total) {
        bar.max = total;
        bar.value = Math.min(received, total);
      } else {
        bar.removeAttribute('value'); // indeterminate
      }
    }
    if (text) {
      const pct = total ? ` ${Math.round((100 * Math.min(received, total)) / total)}%` : '';
      text.replaceChildren(bi(`正在加载名单快照…${pct}`, `Loading the list snapshot…${pct}`));
    }
  }

  async load() {
    const t0 = performance.now();
    try {
      this.worker = new CheckerWorker();
      const res = await fetch(`${DATA_BASE}keys.json`).catch(() => null);
      if (!res || !res.ok) {
        const err = new Error(`the demo keyring ${DATA_BASE}keys.json could not be downloaded (HTTP ${res?.status ?? 'error'})`);
        err.code = 'KEYS_FETCH_FAILED';
        err.messageZh = '演示信任密钥下载失败';
        throw err;
      }
      this.keys = await res.text();
      // The checker module loads in the worker only: the form's fields use the small one.
      const status = await this.worker.load(this.snapshotUrl, {
        keys: this.keys,
        allowStale: this.variant.allowStale,
        ...(this.variant.storeKey ? { storeKey: this.variant.storeKey } : {}),
        ...(this.variant.sharded ? { sharded: true } : {}),
        onProgress: ({ received, total }) => this.progress(received, total),
      });
      await this.worker.vocabulary().then(useVocabulary, () => undefined);
      this.namesDone();
      this.status = status;
      timing.snapshotReadyMs = performance.now();
      timing.snapshotLoadMs = timing.snapshotReadyMs - t0;
      this.renderLoaded(status);
      window.__ccReady = true;
      this.setSnapshotState(status.stale ? 'stale' : 'ready');
    } catch (err) {
      // The names still come from the worker's module when only the snapshot failed.
      await this.worker?.vocabulary().then(useVocabulary, () => undefined);
      this.error = err;
      timing.snapshotFailedMs = performance.now();
      window.__ccFailed = err?.code ?? 'ERROR';
      this.renderFailed(err);
      this.setSnapshotState('failed');
    } finally {
      this.namesDone();
      this._settle(this.status);
      this.updateExpectations();
    }
  }

  renderLoaded(status) {
    const bar = $('#snap-progress');
    if (bar) {
      bar.max = 1;
      bar.value = 1;
    }
    const count = (status.sharded?.records ?? status.counts.records).toLocaleString(isEn() ? 'en' : 'zh-CN');
    $('#snap-load-text')?.replaceChildren(
      status.sharded
        ? bi(
            `全国名单已验证：${issueNumber(status.sequence, 'zh-CN')}，共${count}条记录，核查时按需下载。`,
            `National list verified: ${issueNumber(status.sequence, 'en')}, ${count} records, downloaded as checks need them.`,
          )
        : bi(
            `名单快照已验证：${issueNumber(status.sequence, 'zh-CN')}，共${count}条记录。`,
            `List snapshot verified: ${issueNumber(status.sequence, 'en')}, ${count} records.`,
          ),
    );
    $('#snap-load')?.setAttribute('data-state', status.stale ? 'stale' : 'ready');
    this.renderBadge(status);
    if (status.stale) {
      // The banner says it: the load line would say it again.
      $('.snapline')?.setAttribute('hidden', '');
      const banner = $('#snapshot-stale');
      if (banner) {
        banner.hidden = false;
        const head = el('p', 'banner__head');
        head.append(el('strong', null, tr('名单快照已过期', 'The list snapshot is out of date')));
        const detail = el(
          'p',
          'banner__detail',
          tr(
            `本页使用的名单快照已于${when(status.expiresAt)}过期。用过期名单核查的结果一律无效，本页的核查结论均不作数；请等名单更新后再核查。`,
            `The list snapshot this page uses expired on ${when(status.expiresAt)}. Checks against out-of-date lists do not count; wait for the lists to be updated and check again.`,
          ),
        );
        banner.replaceChildren(head, detail);
      }
    }
  }

  renderBadge(status) {
    const badge = $('#snap-badge');
    if (!badge || !status) return;
    badge.dataset.state = status.stale ? 'stale' : 'ready';
    const dot = el('span', 'snap-badge__dot');
    dot.setAttribute('aria-hidden', 'true');
    const text = el('span', 'snap-badge__text');
    text.append(
      status.sharded
        ? bi(`全国名单 ${issueNumber(status.sequence, 'zh-CN')}`, `National lists ${issueNumber(status.sequence, 'en')}`)
        : bi(`名单快照 ${issueNumber(status.sequence, 'zh-CN')}`, `Lists ${issueNumber(status.sequence, 'en')}`),
    );
    const meta = el('span', 'snap-badge__meta');
    meta.append(
      bi(
        ` · ${status.publisher} · ${chinaTime(status.issuedAt)}发布 · 有效至${chinaTime(status.expiresAt)}`,
        ` · ${status.publisher} · published ${chinaTime(status.issuedAt, { lang: 'en' })} · valid until ${chinaTime(status.expiresAt, { lang: 'en' })}`,
      ),
    );
    badge.replaceChildren(dot, text, meta);
    if (status.stale) badge.append(' ', el('strong', 'snap-badge__stale', tr('已过期', 'out of date')));
    badge.removeAttribute('title');
  }

  renderFailed(err) {
    const code = err?.code ?? 'ERROR';
    const [zh, en] = LOAD_ERRORS[code] ?? [err?.messageZh ?? '名单快照加载失败', err?.message ?? 'The list snapshot could not be loaded'];
    const badge = $('#snap-badge');
    if (badge) {
      badge.dataset.state = 'failed';
      const dot = el('span', 'snap-badge__dot');
      dot.setAttribute('aria-hidden', 'true');
      badge.replaceChildren(dot, bi('名单快照不可用', 'Lists unavailable'));
    }
    $('#snap-load')?.setAttribute('data-state', 'failed');
    // The banner says it: the load line would say it again.
    $('.snapline')?.setAttribute('hidden', '');

    const banner = $('#snapshot-error');
    if (!banner) return;
    banner.hidden = false;
    banner.dataset.code = code;
    banner.replaceChildren();
    const head = el('p', 'banner__head');
    head.append(el('strong', null, tr('名单快照未启用', 'The list snapshot is not in use')));
    const msg = el('p', 'banner__msg', tr(`${zh}。请稍后刷新页面；如仍如此，请联系网站管理员。`, `${en}. Reload the page later; if it stays so, contact the site administrator.`));
    banner.append(head, msg);
    if (code === 'ROLLBACK') {
      const reset = el('button', 'btn btn--ghost btn--small');
      reset.type = 'button';
      reset.append(bi('重置本机的快照期号记录（仅演示）', 'Reset the issue number kept here (demo only)'));
      reset.addEventListener('click', () => {
        try {
          localStorage.removeItem(this.variant.storeKey ?? 'credit-check:lastSequence');
        } catch {
          // nothing to reset
        }
        location.reload();
      });
      banner.append(reset);
    }
    const rows = [
      ['错误代码', 'Error code', code],
      ['快照文件', 'Snapshot file', this.snapshotUrl],
      ['详细信息', 'Details', err?.message ?? ''],
    ];
    if (code === 'FETCH_FAILED' || code === 'KEYS_FETCH_FAILED') rows.push(['开发者提示', 'For developers', 'bash scripts/demo-data.sh']);
    const tech = techDetails(rows, 'tech banner__tech');
    tech.querySelector('dd code')?.classList.add('banner__errcode');
    banner.append(tech);
  }

  // ---- the demo personas aside -------------------------------------------------------------------

  /**
   * Lists the personas in `#persona-list` with one button per action:
   * actions = [{ id, zh, en, run(persona) }]; `scenario()` names the scenario whose expected
   * decision is shown.
   */
  async renderPersonas({ actions, scenario } = {}) {
    const list = $('#persona-list');
    if (!list) return null;
    const [data] = await Promise.all([this.personas, this.names]);
    list.replaceChildren();
    if (!data?.personas) {
      const li = el('li', 'persona persona--missing');
      li.append(bi('演示数据不可用', 'Demo data missing'));
      list.append(li);
      return null;
    }
    this.personaData = data;
    this.scenarioOf = scenario ?? null;
    for (const [id, p] of Object.entries(data.personas)) {
      const li = el('li', 'persona');
      li.dataset.persona = id;
      li.append(el('p', 'persona__name', p.name));
      const codes = el('p', 'persona__codes');
      if (p.code) codes.append(el('code', 'persona__code', p.code));
      if (p.legacyCode) {
        const legacy = el('span', 'persona__legacy');
        legacy.append(bi('旧组织机构代码', 'old organisation code'), ' ', el('code', 'persona__code', p.legacyCode));
        codes.append(' ', legacy);
      }
      li.append(codes);
      if (p.lists?.length) {
        const tags = el('div', 'persona__lists');
        for (const l of p.lists) tags.append(listBadge(l));
        li.append(tags);
      }
      if (p.note) {
        const note = el('p', 'persona__note');
        note.append(bi(p.note, p.noteEn ?? p.note));
        li.append(note);
      }
      const expect = el('p', 'persona__expect');
      expect.dataset.role = 'expect';
      li.append(expect);
      const buttons = el('div', 'persona__actions');
      for (const a of actions ?? []) {
        const b = el('button', 'btn btn--ghost btn--small');
        b.type = 'button';
        b.dataset.persona = id;
        b.dataset.action = a.id;
        // The visible text starts the accessible name; the persona's name completes it.
        const zh = el('span', 'zh', a.zh);
        zh.append(el('span', 'visually-hidden', `：${p.name}`));
        const en = el('span', 'en', a.en);
        en.lang = 'en';
        en.append(el('span', 'visually-hidden', `: ${p.name}`));
        b.append(zh, en);
        b.addEventListener('click', () => a.run(p, id));
        buttons.append(b);
      }
      li.append(buttons);
      list.append(li);
    }
    this.updateExpectations();
    const filter = $('#persona-filter');
    if (filter && !filter.dataset.wired) {
      filter.dataset.wired = 'true';
      filter.addEventListener('input', () => this.filterPersonas(filter.value));
    }
    return data;
  }

  /** Shows only the personas whose name, codes, lists or note contain `text`. */
  filterPersonas(text) {
    const q = String(text ?? '').trim().toLowerCase();
    for (const li of $$('#persona-list .persona[data-persona]')) {
      const p = this.personaData?.personas?.[li.dataset.persona];
      if (!p) continue;
      const hay = [li.dataset.persona, p.name, p.queryName, p.code, p.legacyCode, p.note, p.noteEn, ...(p.lists ?? []).flatMap((l) => [term('listTypes', l)?.zh, term('listTypes', l)?.en])]
        .filter(Boolean)
        .join(' ')
        .toLowerCase();
      li.hidden = q !== '' && !hay.includes(q);
    }
  }

  /**
   * What a persona is expected to get here: its decision for the scenario (personas.json) with a
   * valid snapshot; under a stale snapshot every check says stale except a block (or an invalid
   * input), which still holds; with no snapshot nothing is checked. Never "pass" when the
   * snapshot does not count.
   */
  expectationUnder(decision) {
    if (!decision) return null;
    const state = document.documentElement.dataset.snapshot;
    if (state === 'failed') return 'unavailable';
    if (state === 'stale') return KEEPS.has(decision) ? decision : 'stale';
    return decision;
  }

  /** Shows each persona's expected decision for the page's scenario (or `scenario`). */
  updateExpectations(scenario = this.scenarioOf?.()) {
    const data = this.personaData;
    if (!data) return;
    const state = document.documentElement.dataset.snapshot;
    // The notes say what a valid snapshot gives: not shown while the snapshot does not count.
    const counts = state !== 'stale' && state !== 'failed';
    for (const li of $$('#persona-list .persona')) {
      const p = data.personas[li.dataset.persona];
      const box = li.querySelector('[data-role="expect"]');
      const note = li.querySelector('.persona__note');
      if (note) note.hidden = !counts;
      if (!box || !p) continue;
      box.replaceChildren();
      const d = this.expectationUnder(scenario ? p.expect?.[scenario] : undefined);
      if (d) box.append(bi('预期结论', 'Expected'), ' ', decisionBadge(d));
    }
  }

  persona(id) {
    return this.personaData?.personas?.[id] ?? null;
  }
}

let instance = null;

/** Starts the portal once per page and returns it. */
export function initPortal() {
  if (!instance) instance = new Portal().start();
  return instance;
}

// ---------------------------------------------------------------------------------------------
// verdict details the pages share

/** The confirmation shown after a submission the check allowed. */
export function renderSubmitted(box, { title, record, sha256, decision, failPolicy }) {
  box.replaceChildren();
  box.hidden = false;
  box.dataset.checked = sha256 ? 'true' : 'false';
  const h = el('h2', 'notice__title');
  h.id = `${box.id || 'submitted'}-title`;
  h.tabIndex = -1;
  h.append(bi('已提交', 'Submitted'), ' ', el('span', 'notice__what', title ?? ''));
  box.append(h);
  const dl = el('dl', 'kv');
  const row = (dtZh, dtEn, value) => {
    const div = el('div', 'kv__row');
    const dt = el('dt');
    dt.append(bi(dtZh, dtEn));
    const dd = el('dd');
    dd.append(value);
    div.append(dt, dd);
    dl.append(div);
  };
  row('信用核查结论', 'Credit check', decisionBadge(decision ?? 'unavailable'));
  if (!sha256) {
    row(
      '核查记录',
      'Check record',
      bi(
        failPolicy === 'warn' ? '未完成信用核查，已按“可以提交”的设置提交，须人工核实。' : '未完成信用核查，须人工核实。',
        'Not credit-checked: submitted under the “allow submission” setting; to be verified by hand.',
      ),
    );
  }
  box.append(dl);
  if (record && sha256) {
    const actions = el('p', 'notice__actions');
    actions.append(
      downloadLink(record, `credit-check-record-${sha256.slice(0, 12)}.json`, bi('下载核查记录', 'Download the check record')),
      ' ',
      el('span', 'field__hint', tr('核查记录已随提交内容一并留存。', 'The check record is kept with what was submitted.')),
    );
    box.append(actions);
    const code = el('code', 'sha256', sha256);
    code.dataset.sha256 = sha256;
    box.append(
      techDetails([
        ['核查记录 SHA-256', 'Check record SHA-256', code],
        ['服务端复核', 'Re-run on the server', 'credit-check verify-record --sha256 …'],
      ]),
    );
  }
  h.focus();
}
