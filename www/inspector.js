// 名单快照: what the snapshot in use is — publisher, issue number, when it was published and until
// when it is valid, whether it is out of date, the region it covers — its records by list,
// entity kind and status, and the measure catalogue it carries. The key, the algorithm, the
// digests, the file and the list and scenario ids are in collapsed 技术信息 elements. A local .ccs
// file can be inspected too: it is loaded in the page's worker with the demo keys, and a refusal
// says why in words (its error code under 技术信息).
//
// With ?list=national (the sharded national list) the status is the manifest's — its records per
// list, its shards and their total size, how its keys are grouped — and a card lists the files
// this page has downloaded (kind, size, network or this device's cache), redrawn after each
// check; a small form checks one party to show what a check downloads.

import { $, LOAD_ERRORS, bi, decisionBadge, el, formatBytes, initPortal, isEn, issueNumber, techDetails, term, termBi, tr, vocab, when } from '/portal.js';
import { scenarioName } from '/pkg/names.js';

const portal = initPortal();
const statusBox = $('#insp-status');
const errorBox = $('#insp-error');
const source = $('#insp-source');
let shown = null; // what the status card shows: { st, from } or { failed }

const num = (n) => Number(n ?? 0).toLocaleString(isEn() ? 'en' : 'zh-CN');

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

/** A sharded list's key groups, in words: 按机构代码分8组、按身份证号码分32组、按名称分32组. */
function bucketsText(b) {
  return bi(
    `按机构代码分${num(b.org)}组、按身份证号码分${num(b.person)}组、按名称分${num(b.name)}组`,
    `${num(b.org)} by organisation code, ${num(b.person)} by ID number, ${num(b.name)} by name`,
  );
}

function renderStatus(st) {
  statusBox.replaceChildren();
  statusBox.removeAttribute('aria-busy');
  const sharded = st.sharded ?? null;
  // A manifest holds no records itself: the list's counts are its `sharded` part.
  const counts = sharded ? { records: sharded.records, byListType: sharded.byListType } : st.counts;
  const dl = el('dl', 'kv kv--grid');
  kvRow(dl, 'state', '验证结果', 'Verification', flag(true, '签名有效，摘要一致', 'Signature valid, digest matches'));
  kvRow(dl, 'stale', '时效', 'Validity', st.stale ? flag(false, '已过期', 'Out of date') : flag(true, '在有效期内', 'Current'));
  kvRow(dl, 'publisher', '发布方', 'Publisher', st.publisher);
  const seq = kvRow(dl, 'sequence', '期号', 'Issue number', String(st.sequence));
  seq.title = issueNumber(st.sequence, isEn() ? 'en' : 'zh-CN');
  kvRow(dl, 'issuedAt', '发布时间', 'Published', when(st.issuedAt));
  kvRow(dl, 'expiresAt', '有效期至', 'Valid until', when(st.expiresAt));
  kvRow(dl, 'region', '覆盖地区', 'Region', st.region?.name ?? '');
  kvRow(dl, 'records', '记录总数', 'Records', num(counts.records));
  kvRow(dl, 'listTypes', '名单种类', 'Lists', tr(`${st.listTypes.length}种`, String(st.listTypes.length)));
  if (sharded) {
    kvRow(dl, 'shards', '名单分片', 'Shards', bi(`${num(sharded.shards)}个，共${formatBytes(sharded.shardBytes)}`, `${num(sharded.shards)}, ${formatBytes(sharded.shardBytes)} in all`));
    kvRow(dl, 'buckets', '分片分组', 'Shard groups', bucketsText(sharded.buckets));
  }
  statusBox.append(dl);

  const tech = techDetails([
    ['签名密钥', 'Key id', st.keyId],
    ['签名算法', 'Algorithm', st.algorithm === 'sm2-sm3' ? 'SM2 / SM3' : 'Ed25519 / SHA-256'],
    ['地区代码', 'Region code', st.region?.code ?? ''],
    [sharded ? '清单文件大小' : '文件大小', sharded ? 'Manifest size' : 'File size', `${formatBytes(st.size)} (${Number(st.size).toLocaleString('en')} B)`],
    [st.algorithm === 'sm2-sm3' ? '载荷摘要（SM3）' : '载荷摘要（SHA-256）', 'Payload digest', st.payloadDigest],
    ['发布时间（UTC）', 'Published (UTC)', st.issuedAt],
    ['有效期至（UTC）', 'Valid until (UTC)', st.expiresAt],
    ...(sharded
      ? [
          ['分片总字节', 'Shard bytes', `${Number(sharded.shardBytes).toLocaleString('en')} B`],
          ['分组（org/person/name）', 'Buckets (org/person/name)', `${sharded.buckets.org}/${sharded.buckets.person}/${sharded.buckets.name}`],
          ['常见名称键', 'Common name keys', String(sharded.commonKeys)],
        ]
      : []),
  ]);
  // The rows keep data-key for those who look them up (tests, support staff).
  const keys = ['keyId', 'algorithm', 'regionCode', 'size', 'payloadDigest', 'issuedAtUtc', 'expiresAtUtc', 'shardBytesExact', 'bucketCounts', 'commonKeys'];
  tech.querySelectorAll('dd').forEach((dd, i) => {
    dd.dataset.key = keys[i];
  });
  statusBox.append(tech);

  const lists = $('#insp-lists');
  lists.replaceChildren();
  const ids = [...new Set([...vocab('listTypes').map((l) => l.id), ...st.listTypes])];
  for (const id of ids) {
    const entry = term('listTypes', id);
    const covered = st.listTypes.includes(id);
    const row = el('tr');
    row.dataset.list = id;
    row.dataset.covered = String(covered);
    const name = el('td');
    name.append(entry ? bi(entry.zh, entry.en) : bi(id, id));
    row.append(name);
    const kind = el('td');
    const colour = entry?.colour ?? 'unknown';
    const tag = el('span', `listtag listtag--${colour}`);
    tag.append(
      term('colours', colour) ? termBi('colours', colour) : bi('未知', 'unknown'),
    );
    kind.append(tag);
    row.append(kind);
    const n = el('td', 'num');
    n.append(covered ? String(num(counts.byListType[id])) : bi('未覆盖', 'not covered'));
    row.append(n);
    lists.append(row);
  }

  // The manifest does not count records by entity kind and status: those are a whole file's.
  $('#insp-split').hidden = !!sharded;
  $('#insp-files-card').hidden = !sharded;
  const kinds = $('#insp-kinds');
  kinds.replaceChildren();
  const statuses = $('#insp-statuses');
  statuses.replaceChildren();
  if (sharded) return;
  for (const { id, zh, en } of vocab('entityKinds')) kvRow(kinds, id, zh, en, num(st.counts.byEntityKind[id]));
  for (const { id, zh, en } of vocab('listingStatuses')) kvRow(statuses, id, zh, en, num(st.counts.byStatus[id]));
}

// ---- the national list: the files downloaded ------------------------------------------------------

const FILE_KINDS = { manifest: ['清单', 'Manifest'], page: ['索引页', 'Index page'], shard: ['名单分片', 'List shard'] };
let fileLog = [];

function renderFiles() {
  const body = $('#insp-files');
  body.replaceChildren();
  fileLog.forEach((f, i) => {
    const row = el('tr');
    row.dataset.kind = f.kind;
    row.dataset.from = f.fromCache ? 'cache' : 'network';
    row.dataset.bytes = String(f.bytes);
    row.append(el('td', 'col-n', String(i + 1)));
    const kind = el('td');
    const [zh, en] = FILE_KINDS[f.kind] ?? [f.kind, f.kind];
    kind.append(bi(zh, en));
    row.append(kind);
    row.append(el('td', 'num', formatBytes(f.bytes)));
    const from = el('td');
    from.append(f.fromCache ? bi('本机缓存', 'this device') : bi('网络下载', 'network'));
    row.append(from);
    body.append(row);
  });
  const network = fileLog.filter((f) => !f.fromCache);
  const cached = fileLog.length - network.length;
  const bytes = network.reduce((n, f) => n + f.bytes, 0);
  $('#insp-files-count').replaceChildren(bi(`${num(fileLog.length)}个`, num(fileLog.length)));
  $('#insp-files-summary').replaceChildren(
    bi(
      `本页已取得${num(fileLog.length)}个文件：从网络下载${num(network.length)}个，共${formatBytes(bytes)}${cached ? `；另有${num(cached)}个取自本机缓存` : ''}。`,
      `This page has ${num(fileLog.length)} files: ${num(network.length)} downloaded, ${formatBytes(bytes)} in all${cached ? `; ${num(cached)} from this device’s cache` : ''}.`,
    ),
  );
  // Paths and digests, for support staff.
  const first = Math.max(0, fileLog.length - 200); // the latest 200
  const tech = techDetails(
    fileLog.slice(first).map((f, i) => [`文件${first + i + 1}`, `File ${first + i + 1}`, `${f.path} · ${f.bytes} B · ${f.ms} ms`]),
    'tech insp-files-tech',
  );
  $('#insp-files-tech').replaceChildren(tech);
}

async function refreshFiles() {
  if (!shown?.st?.sharded) return;
  try {
    fileLog = await portal.worker.fetchLog();
  } catch {
    return; // a local file replaced the national list: nothing to list
  }
  renderFiles();
}

document.addEventListener('portal:checked', () => refreshFiles());

$('#insp-try').addEventListener('submit', async (event) => {
  event.preventDefault();
  const name = $('#insp-try-name').value.trim();
  const code = $('#insp-try-code').value.trim();
  const out = $('#insp-try-result');
  if (!name && !code) {
    out.replaceChildren(bi('请填写单位名称或统一社会信用代码。', 'Fill in a name or a code.'));
    $('#insp-try-name').focus();
    return;
  }
  const party = { role: 'applicant', ...(name ? { name } : {}), ...(code ? { code } : {}) };
  const run = $('#insp-try-run');
  run.disabled = true;
  out.setAttribute('aria-busy', 'true');
  const before = fileLog.length;
  let result;
  try {
    result = await portal.checker.check({ scenario: 'SC-ZFCG-SUPPLIER', parties: [party] });
  } catch (err) {
    result = { decision: 'error', error: err };
  }
  await refreshFiles();
  run.disabled = false;
  out.removeAttribute('aria-busy');
  const added = fileLog.length - before;
  out.replaceChildren(
    bi('核查结论', 'Decision'),
    ' ',
    decisionBadge(result.decision),
    ' ',
    bi(added > 0 ? `（本次取得${num(added)}个文件）` : '（无需再下载文件）', added > 0 ? `(${num(added)} files for this check)` : '(no file needed downloading)'),
  );
  out.dataset.decision = result.decision;
});

function renderSource(zh, en) {
  source.replaceChildren(bi(zh, en));
}

function showError(err, whereZh, whereEn, fileName = '') {
  const code = err?.code ?? 'ERROR';
  const [zh, en] = LOAD_ERRORS[code] ?? [err?.messageZh ?? '加载失败', err?.message ?? 'Load failed'];
  errorBox.hidden = false;
  errorBox.dataset.code = code;
  errorBox.replaceChildren();
  const head = el('p', 'banner__head');
  head.append(el('strong', null, tr(whereZh, whereEn)));
  const msg = el('p', 'banner__msg', tr(`${zh}。`, `${en}.`));
  errorBox.append(head, msg);
  const tech = techDetails([
    ['错误代码', 'Error code', code],
    ['文件', 'File', fileName],
    ['位置', 'Offset', err?.offset != null ? String(err.offset) : ''],
    ['详细信息', 'Details', err?.message ?? ''],
  ]);
  tech.querySelector('dd code')?.classList.add('banner__errcode');
  errorBox.append(tech);
}

async function renderCatalogue() {
  const dl = $('#insp-catalogue');
  const list = $('#insp-scenarios');
  dl.replaceChildren();
  list.replaceChildren();
  const cat = await portal.worker.call('catalogue');
  kvRow(dl, 'catalogueVersion', '目录版本', 'Version', cat.version);
  kvRow(
    dl,
    'catalogueSource',
    '目录来源',
    'Source',
    cat.source === 'snapshot' ? bi('随名单快照签名发布', 'signed into the snapshot') : bi('组件内置', 'built into the component'),
  );
  for (const s of cat.scenarios ?? []) {
    const li = el('li');
    li.dataset.scenario = s.id;
    li.append(bi(s.nameZh ?? scenarioName(s.id, 'zh-CN'), s.nameEn ?? scenarioName(s.id, 'en')));
    list.append(li);
  }
  document.querySelector('.insp-catalogue-tech')?.remove();
  const tech = techDetails(
    [
      ['目录摘要', 'Catalogue digest', cat.digest],
      ['场景代码', 'Scenario ids', (cat.scenarios ?? []).map((s) => s.id).join(' ')],
      ['名单代码', 'List ids', vocab('listTypes').map((l) => l.id).join(' ')],
    ],
    'tech insp-catalogue-tech',
  );
  tech.querySelector('dd').dataset.key = 'catalogueDigest';
  list.after(tech);
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
    if (k.publicKey) v.append(el('br'), el('code', 'sha256', k.publicKey));
    if (k.notBefore || k.notAfter) v.append(el('br'), `${k.notBefore ? when(k.notBefore) : '…'} — ${k.notAfter ? when(k.notAfter) : '…'}`);
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
    showError({ code: 'NO_KEYS', message: 'the demo keys could not be loaded' }, '无法验证所选的快照文件', 'The snapshot file you chose cannot be verified', file.name);
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
    shown = { st, file: file.name };
    renderSource(st.sharded ? '所选的全国名单清单' : '所选的快照文件', st.sharded ? 'the manifest you chose' : 'the file you chose');
    renderStatus(st);
    await renderCatalogue().catch(() => {});
  } catch (err) {
    statusBox.removeAttribute('aria-busy');
    showError(err, '所选的快照文件未启用', 'The snapshot file you chose was not used', file.name);
    if (portal.status) errorBox.append(el('p', 'banner__detail', tr('下方仍为平台正在使用的名单快照。', 'Below is still the snapshot the portal uses.')));
  }
}

$('#insp-file').addEventListener('change', (e) => inspectFile(e.target.files?.[0]));
$('#insp-reset').addEventListener('click', () => location.reload());

function renderRefused() {
  statusBox.removeAttribute('aria-busy');
  statusBox.replaceChildren();
  const dl = el('dl', 'kv kv--grid');
  kvRow(dl, 'state', '验证结果', 'Verification', flag(false, '验证失败，未启用', 'Refused: not in use'));
  statusBox.append(dl);
  statusBox.append(techDetails([['快照文件', 'Snapshot file', portal.snapshotUrl]]));
  renderSource('未启用', 'not in use');
}

async function main() {
  const st = await portal.ready;
  renderKeys();
  if (!st) {
    // The page's banner says why; the card says what is (not) in use.
    shown = { failed: true };
    renderRefused();
    return;
  }
  shown = { st };
  renderSource(st.sharded ? '平台全国名单' : '平台名单快照', st.sharded ? 'the portal’s national list' : 'the portal’s snapshot');
  renderStatus(st);
  await refreshFiles();
  await renderCatalogue();
}

// The numbers and times are written in the page's language.
portal.onLangChange(() => {
  if (shown?.st) renderStatus(shown.st);
  if (shown?.st?.sharded) renderFiles();
  else if (shown?.failed) renderRefused();
  renderKeys();
});

main();
