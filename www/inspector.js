// 名单快照: what the snapshot in use is (publisher, key, algorithm, sequence, validity, staleness,
// region, size, payload digest), its records by list type, entity kind and status, the measure
// catalogue it carries, and the keys it is verified with. A local .ccs file can be inspected too:
// it is loaded in the page's worker with the demo keys, and a refusal shows its error code.

import {
  $,
  ENTITY_KINDS,
  LIST_TYPES,
  LOAD_ERRORS,
  RECORD_STATUS,
  SCENARIOS,
  bi,
  chinaTime,
  el,
  formatBytes,
  initPortal,
} from '/portal.js';

const portal = initPortal();
const statusBox = $('#insp-status');
const errorBox = $('#insp-error');
const source = $('#insp-source');

function kvRow(dl, key, zh, en, value) {
  const row = el('div', 'kv__row');
  const dt = el('dt');
  dt.append(bi(zh, en));
  const dd = el('dd');
  dd.dataset.key = key;
  if (value instanceof Node) dd.append(value);
  else dd.textContent = value == null || value === '' ? '—' : String(value);
  row.append(dt, dd);
  dl.append(row);
  return dd;
}

function flag(ok, zh, en) {
  const s = el('span', 'state-flag');
  s.dataset.state = ok ? 'ok' : 'bad';
  s.append(bi(zh, en));
  return s;
}

function renderStatus(st) {
  statusBox.replaceChildren();
  statusBox.removeAttribute('aria-busy');
  kvRow(statusBox, 'state', '验证结果', 'Verification', flag(true, '签名与摘要验证通过', 'Signature and digest verified'));
  kvRow(
    statusBox,
    'stale',
    '时效',
    'Staleness',
    st.stale ? flag(false, '已过期（STALE）', 'Stale: past its expiry') : flag(true, '在有效期内', 'Current'),
  );
  kvRow(statusBox, 'publisher', '发布方', 'Publisher', st.publisher);
  kvRow(statusBox, 'sequence', '版本序号', 'Sequence', st.sequence);
  kvRow(statusBox, 'keyId', '签名密钥', 'Key id', el('code', null, st.keyId));
  kvRow(statusBox, 'algorithm', '签名算法', 'Algorithm', st.algorithm === 'sm2-sm3' ? 'SM2 / SM3' : 'Ed25519 / SHA-256');
  kvRow(statusBox, 'issuedAt', '签发时间', 'Issued', `${chinaTime(st.issuedAt)}（北京时间） · ${st.issuedAt}`);
  kvRow(statusBox, 'expiresAt', '有效期至', 'Expires', `${chinaTime(st.expiresAt)}（北京时间） · ${st.expiresAt}`);
  kvRow(statusBox, 'region', '覆盖地区', 'Region', `${st.region?.name ?? ''} ${st.region?.code ?? ''}`.trim());
  kvRow(statusBox, 'records', '记录总数', 'Records', st.counts.records.toLocaleString('zh-CN'));
  kvRow(statusBox, 'listTypes', '名单类型', 'List types', `${st.listTypes.length} 类`);
  kvRow(statusBox, 'size', '文件大小', 'Size', `${formatBytes(st.size)}（${st.size.toLocaleString('zh-CN')} 字节）`);
  const digest = el('code', 'sha256', st.payloadDigest);
  kvRow(statusBox, 'payloadDigest', st.algorithm === 'sm2-sm3' ? '载荷摘要（SM3）' : '载荷摘要（SHA-256）', 'Payload digest', digest);

  const lists = $('#insp-lists');
  lists.replaceChildren();
  const ids = [...new Set([...Object.keys(LIST_TYPES), ...st.listTypes])];
  for (const id of ids) {
    const [zh, en, colour] = LIST_TYPES[id] ?? [id, '', 'unknown'];
    const covered = st.listTypes.includes(id);
    const tr = el('tr');
    tr.dataset.list = id;
    tr.dataset.covered = String(covered);
    tr.append(el('td', null, id));
    const name = el('td');
    name.append(bi(zh, en));
    tr.append(name);
    const kind = el('td');
    const tag = el('span', `listtag listtag--${colour}`);
    tag.append(
      colour === 'red' ? bi('红名单', 'red') : colour === 'warning' ? bi('警示', 'warning') : colour === 'black' ? bi('黑名单', 'black') : bi('未知', 'unknown'),
    );
    kind.append(tag);
    tr.append(kind);
    const n = el('td', 'num', covered ? (st.counts.byListType[id] ?? 0).toLocaleString('zh-CN') : '未覆盖');
    tr.append(n);
    lists.append(tr);
  }

  const kinds = $('#insp-kinds');
  kinds.replaceChildren();
  for (const [k, [zh, en]] of Object.entries(ENTITY_KINDS)) {
    kvRow(kinds, k, zh, en, (st.counts.byEntityKind[k] ?? 0).toLocaleString('zh-CN'));
  }
  const statuses = $('#insp-statuses');
  statuses.replaceChildren();
  for (const [k, [zh, en]] of Object.entries(RECORD_STATUS)) {
    kvRow(statuses, k, zh, en, (st.counts.byStatus[k] ?? 0).toLocaleString('zh-CN'));
  }
}

function renderSource(text) {
  source.textContent = text;
}

function showError(err, where) {
  const code = err?.code ?? 'ERROR';
  const [zh, en] = LOAD_ERRORS[code] ?? [err?.messageZh ?? '加载失败', err?.message ?? 'Load failed'];
  errorBox.hidden = false;
  errorBox.dataset.code = code;
  errorBox.replaceChildren();
  const head = el('p', 'banner__head');
  head.append(el('strong', null, where), ' ', el('code', 'banner__errcode', code));
  const msg = el('p', 'banner__msg');
  msg.append(el('span', 'zh banner__zh', zh));
  const e = el('span', 'en banner__en', en);
  e.lang = 'en';
  msg.append(e);
  errorBox.append(head, msg);
  if (err?.offset != null) errorBox.append(el('p', 'banner__code', `offset ${err.offset}`));
  if (err?.message) errorBox.append(el('p', 'banner__code', err.message));
}

async function renderCatalogue() {
  const dl = $('#insp-catalogue');
  const list = $('#insp-scenarios');
  dl.replaceChildren();
  list.replaceChildren();
  let cat = null;
  let via = 'catalogue';
  try {
    cat = await portal.worker.call('catalogue');
  } catch (err) {
    if (err?.code !== 'METHOD_NOT_ALLOWED' && err?.code !== 'METHOD_NOT_AVAILABLE') throw err;
    // An older worker has no `catalogue`: a verdict names the catalogue it used.
    via = 'probe';
    const probe = await portal.worker.check({ scenario: 'SC-ZFCG-SUPPLIER', parties: [{ role: 'applicant', name: '目录探测' }] });
    cat = { ...probe.verdict.catalogue, scenarios: null };
  }
  kvRow(dl, 'catalogueVersion', '目录版本', 'Version', cat.version);
  kvRow(dl, 'catalogueDigest', '目录摘要', 'Digest', el('code', 'sha256', cat.digest));
  kvRow(
    dl,
    'catalogueSource',
    '目录来源',
    'Source',
    cat.source === 'snapshot' ? bi('随快照签名发布', 'signed into the snapshot') : bi('组件内置', 'embedded in the component'),
  );
  if (cat.scenarios?.length) {
    for (const s of cat.scenarios) {
      const li = el('li');
      li.dataset.scenario = s.id;
      li.append(el('code', null, s.id), ' ', bi(s.nameZh, s.nameEn));
      list.append(li);
    }
  } else {
    for (const [id, [zh, en]] of Object.entries(SCENARIOS)) {
      const li = el('li');
      li.dataset.scenario = id;
      li.append(el('code', null, id), ' ', bi(zh, en));
      list.append(li);
    }
    if (via === 'probe') {
      const note = el('p', 'field__hint');
      note.append(bi('（本平台使用的场景；目录信息取自一次核查的结论）', '(the scenarios this portal uses; catalogue read from a verdict)'));
      list.after(note);
    }
  }
}

function renderKeys() {
  const dl = $('#insp-keys');
  dl.replaceChildren();
  let ring = null;
  try {
    ring = JSON.parse(portal.keys);
  } catch {
    ring = null;
  }
  const keys = ring?.keys ?? (ring?.id ? [ring] : []);
  if (!keys.length) {
    kvRow(dl, 'keys', '信任密钥', 'Keys', '—');
    return;
  }
  for (const k of keys) {
    const v = el('span');
    v.append(el('code', null, k.id), ` · ${k.algorithm ?? ''}`);
    if (k.publicKey) {
      const pk = el('code', 'sha256', k.publicKey);
      v.append(el('br'), pk);
    }
    if (k.notBefore || k.notAfter) v.append(el('br'), `${k.notBefore ?? '…'} — ${k.notAfter ?? '…'}`);
    kvRow(dl, `key-${k.id}`, '密钥', 'Key', v);
  }
}

function memoryStore() {
  const m = new Map();
  return { get: (k) => m.get(k), set: (k, v) => void m.set(k, v) };
}

async function inspectFile(file) {
  if (!file) return;
  if (!portal.keys) {
    showError({ code: 'NO_KEYS', message: 'the demo keys could not be loaded' }, `本地文件 ${file.name} 无法验证`);
    return;
  }
  statusBox.setAttribute('aria-busy', 'true');
  try {
    // Its own sequence store: inspecting a file is not a rollback of the portal's snapshot.
    const st = await portal.worker.load(file, {
      keys: portal.keys,
      allowStale: true,
      store: memoryStore(),
      storeKey: `credit-check:inspect:${Date.now()}`,
    });
    errorBox.hidden = true;
    renderSource(`本地文件 ${file.name}`);
    renderStatus(st);
    await renderCatalogue().catch(() => {});
  } catch (err) {
    statusBox.removeAttribute('aria-busy');
    showError(err, `本地文件 ${file.name} 被拒绝`);
    errorBox.append(
      el('p', 'banner__detail', portal.status ? '该文件未启用；下表仍为当前使用的快照。 The file was not used; the table shows the snapshot in use.' : ''),
    );
  }
}

$('#insp-file').addEventListener('change', (e) => inspectFile(e.target.files?.[0]));
$('#insp-reset').addEventListener('click', () => location.reload());

async function main() {
  const st = await portal.ready;
  renderKeys();
  if (!st) {
    statusBox.removeAttribute('aria-busy');
    statusBox.replaceChildren();
    kvRow(statusBox, 'state', '验证结果', 'Verification', flag(false, '未通过验证，未启用', 'Refused'));
    kvRow(statusBox, 'file', '快照文件', 'File', portal.snapshotUrl);
    showError(portal.error, `平台快照 ${portal.snapshotUrl} 被拒绝`);
    renderSource('未启用');
    return;
  }
  renderSource(`平台快照 ${portal.snapshotUrl}`);
  renderStatus(st);
  await renderCatalogue();
}

main();
