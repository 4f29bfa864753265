// The demo portal's shared module: one CheckerWorker per page loading the signed demo snapshot
// (with a progress bar), the snapshot badge in the top bar, the language toggle, the error banner
// when the snapshot is refused, the fail policy, the demo personas aside and a few helpers the
// pages share. Everything shown is built with createElement/textContent (no innerHTML), and no
// style is set from script (the CSP allows only the site's own style sheets): state is carried
// by attributes and classes that portal.css styles.
//
// URL parameters (every portal page):
//   ?snapshot=tampered   load /demo-data/lists-tampered.ccs (refused: DIGEST_MISMATCH)
//   ?snapshot=stale      load /demo-data/lists-stale.ccs (accepted with allowStale; checks say stale)
//   ?fail=warn|block     what a form does when the check could not be done (default block)
//   ?demo=<persona id>   fill that persona in once the page is ready (and check it)
//
// For tests and the time budget: window.__ccReady (true once the snapshot is in use),
// window.__ccTiming = { snapshotReadyMs, navToFirstVerdictMs } (performance.now(), i.e. from the
// start of navigation), <html data-snapshot="loading|ready|stale|failed">.

import { CheckerWorker } from '/pkg/worker-client.js';
import { compileWasm } from '/pkg/index.js';

export const DATA_BASE = '/demo-data/';
const LANG_KEY = 'credit-check:portal-lang';

/** The catalogue's 18 list types: id → [zh, en, colour]. */
export const LIST_TYPES = {
  'LT-SXBZXR': ['失信被执行人名单', 'Judgment defaulters', 'black'],
  'LT-XGXF': ['限制高消费被执行人', 'Restricted from high consumption', 'black'],
  'LT-ZDSS': ['重大税收违法失信主体', 'Major tax-violation dishonest entities', 'black'],
  'LT-ZFCG': ['政府采购严重违法失信行为记录名单', 'Government-procurement serious violation records', 'black'],
  'LT-SCJG-YZ': ['市场监督管理严重违法失信名单', 'SAMR serious violation and dishonesty list', 'black'],
  'LT-JYYC': ['经营异常名录', 'Abnormal-operations directory', 'warning'],
  'LT-AQSC': ['安全生产严重失信主体名单', 'Work-safety serious dishonesty list', 'black'],
  'LT-NMG': ['拖欠农民工工资失信联合惩戒对象名单', 'Serious wage-arrears list', 'black'],
  'LT-ZTB-QX': ['取消投标资格', 'Bidding disqualification', 'black'],
  'LT-GGZY': ['公共资源交易领域严重失信主体', 'Public-resource-trading serious dishonesty', 'black'],
  'LT-JZSC': ['建筑市场主体黑名单', 'Construction-market blacklist', 'black'],
  'LT-HB': ['环境保护领域失信生产经营单位', 'Environmental dishonesty', 'black'],
  'LT-SY': ['食品药品生产经营严重失信者', 'Food and drug serious dishonesty', 'black'],
  'LT-XZCF': ['行政处罚信息', 'Administrative-penalty records', 'warning'],
  'RL-NSA': ['纳税信用A级纳税人', 'A-grade taxpayers', 'red'],
  'RL-AEO': ['海关高级认证企业', 'Customs AEO advanced certified', 'red'],
  'RL-SAMR-A': ['企业信用风险分类A类', 'SAMR credit-risk class A', 'red'],
  'RL-LOCAL': ['诚信典型（地方红名单）', 'Local red lists', 'red'],
};

export const ENTITY_KINDS = {
  legalEntity: ['法人和非法人组织', 'Legal entities'],
  individualBusiness: ['个体工商户', 'Individual businesses'],
  naturalPerson: ['自然人', 'Natural persons'],
};

export const RECORD_STATUS = {
  active: ['有效', 'active'],
  repaired: ['已修复', 'repaired'],
  removed: ['已移出', 'removed'],
};

/** Overall and party decisions, plus the portal's own 'unavailable' / 'error'. */
export const DECISIONS = {
  block: ['不予通过', 'Blocked'],
  review: ['需人工复核', 'Review required'],
  pass: ['通过', 'Pass'],
  invalidInput: ['号码无效', 'Invalid input'],
  stale: ['快照已过期', 'Snapshot stale'],
  notCovered: ['名单未覆盖', 'Not covered'],
  unavailable: ['无法核查', 'Check unavailable'],
  error: ['核查出错', 'Check failed'],
};

export const SCENARIOS = {
  'SC-ZFCG-SUPPLIER': ['政府采购供应商资格审查（含联合体）', 'Government procurement: supplier review (incl. consortia)'],
  'SC-ZTB-BID': ['依法必须招标项目投标（含联合体）', 'Tendering and bidding (incl. consortia)'],
  'SC-XZXK-APPROVAL': ['行政许可/审批', 'Administrative licensing and approval'],
  'SC-XZXK-COMMITMENT': ['告知承诺/容缺受理办理', 'Approval by commitment'],
};

/** Snapshot and worker error codes → [zh, en]; the worker's own messageZh is the fallback. */
export const LOAD_ERRORS = {
  DIGEST_MISMATCH: ['快照摘要不符，可能被篡改', 'The snapshot digest does not match: it may have been tampered with'],
  BAD_SIGNATURE: ['快照签名验证失败，可能被篡改或伪造', 'The snapshot signature does not verify: it may be forged or altered'],
  UNKNOWN_KEY: ['快照签名密钥不在本平台的信任列表中', 'The snapshot is signed by a key this portal does not trust'],
  WRONG_ALGORITHM: ['快照签名算法与密钥不符', 'The signature algorithm does not match the key'],
  KEY_EXPIRED: ['签名密钥已过期', 'The signing key has expired'],
  KEY_NOT_YET_VALID: ['签名密钥尚未生效', 'The signing key is not yet valid'],
  STALE: ['名单快照已过有效期', 'The snapshot is past its expiry'],
  NOT_YET_VALID: ['名单快照尚未生效', 'The snapshot is not yet valid'],
  ROLLBACK: ['快照版本早于本机已接受的版本（疑似回滚攻击）', 'The snapshot is older than one already accepted here (possible rollback)'],
  NOT_A_SNAPSHOT: ['文件不是名单快照', 'The file is not a list snapshot'],
  UNSUPPORTED_VERSION: ['不支持的快照格式版本', 'Unsupported snapshot format version'],
  NOT_SIGNED: ['快照未签名', 'The snapshot is not signed'],
  TRUNCATED: ['快照文件不完整', 'The snapshot file is truncated'],
  MALFORMED: ['快照文件格式错误', 'The snapshot file is malformed'],
  LIMIT_EXCEEDED: ['快照超出大小限制', 'The snapshot exceeds a size limit'],
  MALFORMED_KEY: ['信任密钥格式错误', 'A trusted key is malformed'],
  MALFORMED_KEYRING: ['信任密钥环格式错误', 'The keyring is malformed'],
  FETCH_FAILED: ['名单快照下载失败', 'The snapshot could not be downloaded'],
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

/** A Chinese text and its English counterpart (CSS hides the Chinese in English mode). */
export function bi(zh, en, className) {
  const span = el('span', className ? `bi ${className}` : 'bi');
  span.append(el('span', 'zh', zh));
  if (en) {
    span.append(' ');
    const e = el('span', 'en', en);
    e.lang = 'en';
    span.append(e);
  }
  return span;
}

export function pair(entry, fallback) {
  return entry ? bi(entry[0], entry[1]) : bi(fallback, null);
}

export function decisionBadge(decision) {
  const badge = el('span', `decision decision--${decision in DECISIONS ? decision : 'error'}`);
  badge.dataset.decision = decision;
  badge.append(pair(DECISIONS[decision], String(decision)));
  return badge;
}

export function listBadge(id) {
  const entry = LIST_TYPES[id];
  const badge = el('span', `listtag listtag--${entry ? entry[2] : 'unknown'}`);
  badge.dataset.list = id;
  badge.title = id;
  badge.append(entry ? bi(entry[0], entry[1]) : document.createTextNode(id));
  return badge;
}

export function formatBytes(n) {
  if (!Number.isFinite(n)) return '—';
  if (n < 1024) return `${n} B`;
  if (n < 1024 * 1024) return `${(n / 1024).toFixed(1)} KB`;
  return `${(n / 1024 / 1024).toFixed(2)} MB`;
}

/** RFC 3339 → "2026-11-28 09:30" in China time (the lists' time zone). */
export function chinaTime(iso, withTime = true) {
  const t = Date.parse(iso);
  if (!Number.isFinite(t)) return String(iso ?? '—');
  const s = new Date(t + 8 * 3600_000).toISOString();
  return withTime ? `${s.slice(0, 10)} ${s.slice(11, 16)}` : s.slice(0, 10);
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
const VARIANTS = {
  default: { file: 'lists.ccs', allowStale: false, storeKey: undefined },
  tampered: { file: 'lists-tampered.ccs', allowStale: false, storeKey: 'credit-check:lastSequence:tampered' },
  stale: { file: 'lists-stale.ccs', allowStale: true, storeKey: 'credit-check:lastSequence:stale' },
};

const timing = (window.__ccTiming = window.__ccTiming || {});
window.__ccReady = false;

function readLang() {
  try {
    return localStorage.getItem(LANG_KEY) === 'en' ? 'en' : 'zh-CN';
  } catch {
    return 'zh-CN';
  }
}

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

class Portal {
  constructor() {
    this.params = params;
    this.variantName = VARIANTS[params.get('snapshot')] ? params.get('snapshot') : 'default';
    this.variant = VARIANTS[this.variantName];
    this.snapshotUrl = `${DATA_BASE}${this.variant.file}`;
    this.failPolicy = params.get('fail') === 'warn' ? 'warn' : 'block';
    this.demo = params.get('demo');
    this.lang = readLang();
    this.status = null;
    this.error = null;
    this.keys = null;
    this.langListeners = new Set();
    this.worker = null;
    this.firstVerdictMarked = false;

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
          return await portal.worker.check(request, ...rest);
        } catch (err) {
          if (err?.code === 'NO_SNAPSHOT' || err?.code === 'WORKER_ERROR' || err?.code === 'TERMINATED') {
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

  /** The outcome of a check that could not be done (never a pass). */
  unavailable(err = this.error) {
    const code = err?.code ?? 'NO_SNAPSHOT';
    const [zh, en] = LOAD_ERRORS[code] ?? [err?.messageZh ?? '名单快照不可用', err?.message ?? 'No list snapshot is available'];
    return {
      decision: 'unavailable',
      reason: code,
      verdict: null,
      record: null,
      sha256: null,
      message: `Nothing was checked: ${en}`,
      messageZh: `未能完成信用核查：${zh}`,
    };
  }

  start() {
    this.applyLang();
    this.wireLangToggle();
    this.renderPolicy();
    this.renderVariantLinks();
    this.setSnapshotState('loading');
    document.addEventListener(
      'credit-check:verdict',
      () => this.markFirstVerdict(),
      true, // capture: fires whether or not the event bubbles
    );
    this.personas = fetch(`${DATA_BASE}personas.json`)
      .then((r) => (r.ok ? r.json() : null))
      .catch(() => null);
    this.load();
    return this;
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

  // ---- language --------------------------------------------------------------------------------

  applyLang() {
    const root = document.documentElement;
    root.lang = this.lang;
    root.dataset.uiLang = this.lang === 'en' ? 'en' : 'zh';
    const btn = $('#lang-toggle');
    if (btn) {
      btn.setAttribute('aria-pressed', this.lang === 'en' ? 'true' : 'false');
      btn.replaceChildren();
      if (this.lang === 'en') {
        const zh = el('span', null, '中文');
        zh.lang = 'zh-CN';
        btn.append(zh);
      } else {
        const en = el('span', null, 'English');
        en.lang = 'en';
        btn.append(en);
      }
    }
  }

  wireLangToggle() {
    $('#lang-toggle')?.addEventListener('click', () => this.setLang(this.lang === 'en' ? 'zh-CN' : 'en'));
  }

  setLang(lang) {
    this.lang = lang === 'en' ? 'en' : 'zh-CN';
    try {
      localStorage.setItem(LANG_KEY, this.lang);
    } catch {
      // storage may be unavailable: the choice then lasts for this page only
    }
    this.applyLang();
    this.renderBadge(this.status);
    for (const fn of this.langListeners) fn(this.lang);
  }

  onLangChange(fn) {
    this.langListeners.add(fn);
  }

  // ---- fail policy and demo switches -----------------------------------------------------------

  renderPolicy() {
    const box = $('#policy');
    if (!box) return;
    box.replaceChildren();
    box.dataset.policy = this.failPolicy;
    box.append(bi('核查失败时：', 'If the check cannot be done:'), ' ');
    const strong = el('strong', 'policy__value');
    strong.append(
      this.failPolicy === 'block'
        ? bi('阻止提交', 'block submission')
        : bi('提示后允许提交', 'warn and allow submission'),
    );
    box.append(strong, ' ');
    const code = el('code', 'policy__code', `failPolicy: '${this.failPolicy}'`);
    box.append(code, ' ');
    const other = this.failPolicy === 'block' ? 'warn' : null;
    const link = el('a', 'policy__switch');
    link.href = withParams({ fail: other });
    link.append(other ? bi('改为仅提示', 'switch to warn') : bi('改为阻止提交', 'switch to block'));
    box.append(link);
  }

  renderVariantLinks() {
    const box = $('#demo-variants');
    if (!box) return;
    box.replaceChildren();
    const items = [
      [null, '正常快照', 'Valid snapshot'],
      ['tampered', '被篡改的快照', 'Tampered snapshot'],
      ['stale', '过期的快照', 'Stale snapshot'],
    ];
    const ul = el('ul', 'variant-list');
    for (const [v, zh, en] of items) {
      const li = el('li');
      const a = el('a', 'variant-link');
      a.href = withParams({ snapshot: v });
      if ((v ?? 'default') === this.variantName) a.setAttribute('aria-current', 'true');
      a.append(bi(zh, en));
      li.append(a);
      ul.append(li);
    }
    box.append(ul);
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
      text.replaceChildren(
        bi(`正在加载名单快照… ${formatBytes(received)}${total ? ` / ${formatBytes(total)}` : ''}`, 'Loading the list snapshot…'),
      );
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
      // Compiled once for the page (the form's validation uses it too) and handed to the worker.
      const wasm = await compileWasm().catch(() => undefined);
      const status = await this.worker.load(this.snapshotUrl, {
        keys: this.keys,
        ...(wasm ? { wasm } : {}),
        allowStale: this.variant.allowStale,
        ...(this.variant.storeKey ? { storeKey: this.variant.storeKey } : {}),
        onProgress: ({ received, total }) => this.progress(received, total),
      });
      this.status = status;
      timing.snapshotReadyMs = performance.now();
      timing.snapshotLoadMs = timing.snapshotReadyMs - t0;
      this.renderLoaded(status);
      window.__ccReady = true;
      this.setSnapshotState(status.stale ? 'stale' : 'ready');
    } catch (err) {
      this.error = err;
      timing.snapshotFailedMs = performance.now();
      window.__ccFailed = err?.code ?? 'ERROR';
      this.renderFailed(err);
      this.setSnapshotState('failed');
    } finally {
      this._settle(this.status);
    }
  }

  renderLoaded(status) {
    const text = $('#snap-load-text');
    const bar = $('#snap-progress');
    if (bar) {
      bar.max = 1;
      bar.value = 1;
    }
    if (text) {
      text.replaceChildren(
        status.stale
          ? bi(
              `名单快照签名有效但已过期：第 ${status.sequence} 期，${status.counts.records} 条记录`,
              `Snapshot signed but stale: sequence ${status.sequence}, ${status.counts.records} records`,
            )
          : bi(
              `名单快照已验证：第 ${status.sequence} 期，${status.counts.records} 条记录，${formatBytes(status.size)}`,
              `Snapshot verified: sequence ${status.sequence}, ${status.counts.records} records`,
            ),
      );
    }
    $('#snap-load')?.setAttribute('data-state', status.stale ? 'stale' : 'ready');
    this.renderBadge(status);
    if (status.stale) {
      const banner = $('#snapshot-stale');
      if (banner) {
        banner.hidden = false;
        $('#snapshot-stale-detail', banner)?.replaceChildren(
          bi(
            `本快照已于 ${chinaTime(status.expiresAt)}（北京时间）过期，核查结论为“快照已过期”，不能作为通过依据。`,
            `This snapshot expired on ${status.expiresAt}; checks answer "stale", never a pass.`,
          ),
        );
      }
    }
  }

  renderBadge(status) {
    const badge = $('#snap-badge');
    if (!badge || !status) return;
    const en = this.lang === 'en';
    badge.dataset.state = status.stale ? 'stale' : 'ready';
    badge.replaceChildren();
    badge.append(el('span', 'snap-badge__dot'));
    badge.append(bi(`名单快照 第${status.sequence}期`, `Snapshot #${status.sequence}`));
    const issued = chinaTime(status.issuedAt, false);
    const expires = chinaTime(status.expiresAt, false);
    badge.append(
      el('span', 'snap-badge__meta', en ? ` · ${status.publisher} · issued ${issued} · expires ${expires}` : ` · ${status.publisher} · ${issued} 签发 · 有效至 ${expires}`),
    );
    if (status.stale) badge.append(' ', el('strong', 'snap-badge__stale', en ? 'STALE' : '已过期 STALE'));
    badge.title = `${status.publisher} · key ${status.keyId} · ${status.payloadDigest}`;
  }

  renderFailed(err) {
    const code = err?.code ?? 'ERROR';
    const [zh, en] = LOAD_ERRORS[code] ?? [err?.messageZh ?? '名单快照加载失败', err?.message ?? 'The list snapshot could not be loaded'];
    const badge = $('#snap-badge');
    if (badge) {
      badge.dataset.state = 'failed';
      badge.replaceChildren(el('span', 'snap-badge__dot'), bi('名单快照不可用', 'Snapshot unavailable'), ' ', el('code', 'snap-badge__code', code));
    }
    const load = $('#snap-load');
    load?.setAttribute('data-state', 'failed');
    const bar = $('#snap-progress');
    if (bar) {
      bar.max = 1;
      bar.value = 0;
    }
    $('#snap-load-text')?.replaceChildren(bi('名单快照未通过验证，未启用', 'The snapshot failed verification and is not in use'));

    const banner = $('#snapshot-error');
    if (!banner) return;
    banner.hidden = false;
    banner.dataset.code = code;
    banner.replaceChildren();
    const head = el('p', 'banner__head');
    head.append(el('strong', 'zh', '名单快照加载失败'), ' ', el('code', 'banner__errcode', code));
    banner.append(head);
    const msg = el('p', 'banner__msg');
    msg.append(el('span', 'zh banner__zh', zh));
    const enMsg = el('span', 'en banner__en', en);
    enMsg.lang = 'en';
    msg.append(enMsg);
    banner.append(msg);
    const policy = el('p', 'banner__detail');
    policy.append(
      this.failPolicy === 'block'
        ? bi(
            '依据本页配置的失败策略（阻止提交），在名单快照恢复前表单不能提交。',
            'Under this page’s fail policy (block), forms cannot be submitted until a valid snapshot is loaded.',
          )
        : bi(
            '依据本页配置的失败策略（仅提示），表单可以提交，但将注明未完成信用核查。',
            'Under this page’s fail policy (warn), forms may be submitted, marked as not credit-checked.',
          ),
    );
    banner.append(policy);
    const file = el('p', 'banner__code');
    file.append(`${this.snapshotUrl} — ${err?.message ?? ''}`);
    banner.append(file);
    if (code === 'ROLLBACK') {
      const reset = el('button', 'btn btn--ghost btn--small', null);
      reset.type = 'button';
      reset.append(bi('重置本机的快照版本记录（仅演示）', 'Reset the accepted sequence (demo only)'));
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
    if (code === 'FETCH_FAILED' || code === 'KEYS_FETCH_FAILED') {
      banner.append(el('p', 'banner__code', '开发者提示 / developers: bash scripts/demo-data.sh'));
    }
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
    const data = await this.personas;
    list.replaceChildren();
    if (!data?.personas) {
      list.append(el('li', 'persona persona--missing', '演示数据不可用（请运行 bash scripts/demo-data.sh） / Demo data missing'));
      return null;
    }
    this.personaData = data;
    for (const [id, p] of Object.entries(data.personas)) {
      const li = el('li', 'persona');
      li.dataset.persona = id;
      const head = el('div', 'persona__head');
      head.append(el('strong', 'persona__name', p.name));
      head.append(el('code', 'persona__id', id));
      li.append(head);
      const codes = el('div', 'persona__codes');
      if (p.code) codes.append(el('code', 'persona__code', p.code));
      if (p.legacyCode) {
        codes.append(' ');
        const legacy = el('code', 'persona__code persona__code--legacy', p.legacyCode);
        legacy.title = '组织机构代码（旧） legacy organisation code';
        codes.append(legacy);
      }
      li.append(codes);
      if (p.lists?.length) {
        const tags = el('div', 'persona__lists');
        for (const l of p.lists) tags.append(listBadge(l));
        li.append(tags);
      }
      if (p.note) li.append(el('p', 'persona__note', p.note));
      const expect = el('p', 'persona__expect');
      expect.dataset.role = 'expect';
      li.append(expect);
      const buttons = el('div', 'persona__actions');
      for (const a of actions ?? []) {
        const b = el('button', 'btn btn--ghost btn--small');
        b.type = 'button';
        b.dataset.persona = id;
        b.dataset.action = a.id;
        b.append(bi(a.zh, a.en));
        b.setAttribute('aria-label', `${a.zh}：${p.name}`);
        b.addEventListener('click', () => a.run(p, id));
        buttons.append(b);
      }
      li.append(buttons);
      list.append(li);
    }
    this.updateExpectations(scenario?.());
    const filter = $('#persona-filter');
    if (filter && !filter.dataset.wired) {
      filter.dataset.wired = 'true';
      filter.addEventListener('input', () => this.filterPersonas(filter.value));
    }
    return data;
  }

  /** Shows only the personas whose name, id, codes, lists or note contain `text`. */
  filterPersonas(text) {
    const q = String(text ?? '').trim().toLowerCase();
    for (const li of $$('#persona-list .persona[data-persona]')) {
      const p = this.personaData?.personas?.[li.dataset.persona];
      if (!p) continue;
      const hay = [li.dataset.persona, p.name, p.queryName, p.code, p.legacyCode, p.note, ...(p.lists ?? []), ...(p.lists ?? []).map((l) => LIST_TYPES[l]?.[0] ?? '')]
        .filter(Boolean)
        .join(' ')
        .toLowerCase();
      li.hidden = q !== '' && !hay.includes(q);
    }
  }

  /** Shows each persona's expected decision for `scenario` (from personas.json). */
  updateExpectations(scenario) {
    const data = this.personaData;
    if (!data) return;
    for (const li of $$('#persona-list .persona')) {
      const p = data.personas[li.dataset.persona];
      const box = li.querySelector('[data-role="expect"]');
      if (!box || !p) continue;
      box.replaceChildren();
      const d = scenario ? p.expect?.[scenario] : undefined;
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
export function renderSubmitted(box, { title, record, sha256, decision, failPolicy, lang }) {
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
  const badge = decisionBadge(decision ?? 'unavailable');
  row('信用核查结论', 'Credit check', badge);
  if (sha256) {
    const code = el('code', 'sha256', sha256);
    code.dataset.sha256 = sha256;
    row('核查记录摘要 SHA-256', 'Record SHA-256', code);
  } else {
    const none = el('span', 'muted');
    none.append(
      bi(
        `未完成信用核查，按失败策略（${failPolicy === 'warn' ? '仅提示' : '阻止'}）提交，需人工补查。`,
        'Not credit-checked: submitted under the warn policy; to be checked by hand.',
      ),
    );
    row('核查记录', 'Check record', none);
  }
  box.append(dl);
  if (record && sha256) {
    const actions = el('p', 'notice__actions');
    actions.append(
      downloadLink(record, `credit-check-record-${sha256.slice(0, 12)}.json`, bi('下载核查记录（JSON）', 'Download the check record (JSON)')),
    );
    actions.append(
      el(
        'span',
        'field__hint',
        lang === 'en'
          ? ' Keep it with the file: the server re-runs it with credit-check verify-record.'
          : ' 请随案卷留存；服务端可用 credit-check verify-record 复核。',
      ),
    );
    box.append(actions);
  }
  h.focus();
}
