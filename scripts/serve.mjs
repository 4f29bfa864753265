#!/usr/bin/env node
// The demo's static server, with no dependencies: `www/` at `/` and the npm package `pkg/` at
// `/pkg/`, so the page imports `/pkg/index.js` exactly as an embedding site would.
//
//   node scripts/serve.mjs                 # http://127.0.0.1:8080/
//   PORT=0 HOST=0.0.0.0 node scripts/serve.mjs   # any free port, all interfaces
//
// Tests start it in-process: `const { url, close } = await start({ port: 0 })`.
//
// Every response carries the page's Content-Security-Policy (no inline script or style, no other
// origin; 'wasm-unsafe-eval' lets the page compile WebAssembly) and `Cache-Control: no-cache`,
// except the pages and shards of a sharded snapshot (…/pages/<sha256>.bin, …/shards/<sha256>.ccs):
// named by their digest, they never change, and are served `immutable` for a year. Nothing is
// compressed (snapshots are binary and mostly incompressible).
// Paths are decoded, normalised and confined to their root: `..`, encoded or not, backslashes,
// NUL bytes, dot-files and anything resolving (through a link) outside the root are 404s.

import { createServer } from 'node:http';
import { createReadStream } from 'node:fs';
import { realpath, stat } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

/** URL prefix → directory; the longest matching prefix wins. */
const MOUNTS = [
  { prefix: '/pkg/', dir: path.join(ROOT, 'pkg') },
  { prefix: '/', dir: path.join(ROOT, 'www') },
];

export const CSP = "default-src 'self'; script-src 'self' 'wasm-unsafe-eval'; style-src 'self'";

const MIME = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.map': 'application/json; charset=utf-8',
  '.wasm': 'application/wasm',
  '.ccs': 'application/octet-stream',
  '.bin': 'application/octet-stream',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.jpeg': 'image/jpeg',
  '.gif': 'image/gif',
  '.webp': 'image/webp',
  '.ico': 'image/x-icon',
  '.txt': 'text/plain; charset=utf-8',
  '.md': 'text/markdown; charset=utf-8',
  '.ts': 'text/plain; charset=utf-8',
  '.woff2': 'font/woff2',
  '.woff': 'font/woff',
};

// The site icon, kept here so that the browser's icon request never ends in a 404 (which would
// be a console error on every page) and the page needs no data: URL (which the CSP forbids).
const FAVICON = Buffer.from(
  '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 64 64">' +
    '<rect width="64" height="64" rx="12" fill="#b3261e"/>' +
    '<path d="M32 11l17 7v12c0 11-7.4 19.6-17 23-9.6-3.4-17-12-17-23V18z" fill="none" stroke="#f6d36b" stroke-width="4"/>' +
    '<path d="M24 32l6 6 11-12" fill="none" stroke="#fff" stroke-width="5" stroke-linecap="round" stroke-linejoin="round"/>' +
    '</svg>',
);

/** A content-addressed file of a sharded snapshot: its name is its SHA-256. */
const IMMUTABLE = /\/(?:pages|shards)\/[0-9a-f]{64}\.(?:bin|ccs)$/;

function baseHeaders(extra) {
  return {
    'Content-Security-Policy': CSP,
    'Cache-Control': 'no-cache',
    'X-Content-Type-Options': 'nosniff',
    'Referrer-Policy': 'no-referrer',
    ...extra,
  };
}

function sendText(req, res, status, text, extra = {}) {
  const body = Buffer.from(`${text}\n`);
  res.writeHead(
    status,
    baseHeaders({ 'Content-Type': 'text/plain; charset=utf-8', 'Content-Length': body.length, ...extra }),
  );
  res.end(req.method === 'HEAD' ? undefined : body);
}

function isInside(dir, file) {
  const rel = path.relative(dir, file);
  return rel !== '' && !rel.startsWith('..') && !path.isAbsolute(rel);
}

/**
 * Maps a request target to a file path inside one mount, or null. Pure apart from the mounts;
 * exported for unit tests.
 */
export function resolveRequestPath(target) {
  if (typeof target !== 'string' || !target.startsWith('/')) return null;
  const rawPath = target.split(/[?#]/, 1)[0];
  let decoded;
  try {
    decoded = decodeURIComponent(rawPath);
  } catch {
    return null; // malformed percent-encoding
  }
  if (decoded.includes('\0') || decoded.includes('\\')) return null;
  const segments = decoded.split('/');
  // Reject rather than resolve any `..`: a client asking for one is probing.
  if (segments.some((s) => s === '..')) return null;
  // No dot-files or dot-directories (.git, .env, …); `.` segments are only noise.
  if (segments.some((s) => s.startsWith('.') && s !== '.')) return null;
  let clean = path.posix.normalize(decoded);
  if (clean.endsWith('/')) clean += 'index.html';
  const mount = MOUNTS.find((m) => clean.startsWith(m.prefix));
  if (!mount) return null;
  const file = path.resolve(mount.dir, `.${clean.slice(mount.prefix.length - 1)}`);
  return isInside(mount.dir, file) ? { file, dir: mount.dir } : null;
}

async function handle(req, res) {
  if (req.method !== 'GET' && req.method !== 'HEAD') {
    sendText(req, res, 405, 'Method Not Allowed', { Allow: 'GET, HEAD' });
    return;
  }
  const pathname = req.url.split(/[?#]/, 1)[0];
  if (pathname === '/favicon.svg' || pathname === '/favicon.ico') {
    res.writeHead(200, baseHeaders({ 'Content-Type': 'image/svg+xml', 'Content-Length': FAVICON.length }));
    res.end(req.method === 'HEAD' ? undefined : FAVICON);
    return;
  }
  const found = resolveRequestPath(req.url);
  if (!found) {
    sendText(req, res, 404, 'Not Found');
    return;
  }
  let file;
  let info;
  try {
    // Follow links, then check again that the real file is still inside the real root.
    const [realFile, realDir] = await Promise.all([realpath(found.file), realpath(found.dir)]);
    if (!isInside(realDir, realFile)) throw new Error('outside');
    file = realFile;
    info = await stat(file);
    if (!info.isFile()) throw new Error('not a file');
  } catch {
    sendText(req, res, 404, 'Not Found');
    return;
  }
  const type = MIME[path.extname(file).toLowerCase()] ?? 'application/octet-stream';
  res.writeHead(
    200,
    baseHeaders({
      'Content-Type': type,
      'Content-Length': info.size,
      'Last-Modified': info.mtime.toUTCString(),
      ...(IMMUTABLE.test(pathname) ? { 'Cache-Control': 'public, max-age=31536000, immutable' } : {}),
    }),
  );
  if (req.method === 'HEAD') {
    res.end();
    return;
  }
  const stream = createReadStream(file);
  stream.on('error', () => res.destroy());
  stream.pipe(res);
}

function hostForUrl(host) {
  return host.includes(':') ? `[${host}]` : host;
}

/**
 * Starts the server. `port` 0 picks a free port. Resolves to `{ url, port, host, server, close }`
 * once listening; `close()` resolves when the server has stopped (open connections are ended).
 */
export function start({ port = 8080, host = '127.0.0.1' } = {}) {
  const server = createServer((req, res) => {
    handle(req, res).catch(() => {
      if (!res.headersSent) sendText(req, res, 500, 'Internal Server Error');
      else res.destroy();
    });
  });
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(Number(port), host, () => {
      server.off('error', reject);
      const actual = server.address().port;
      const url = `http://${hostForUrl(host)}:${actual}/`;
      const close = () =>
        new Promise((done) => {
          server.close(() => done());
          server.closeAllConnections?.();
        });
      resolve({ url, port: actual, host, server, close });
    });
  });
}

const isMain = process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url);
if (isMain) {
  const port = process.env.PORT ?? '8080';
  if (!/^\d+$/.test(port) || Number(port) > 65535) {
    console.error(`serve.mjs: PORT must be a number from 0 to 65535, got ${JSON.stringify(port)}`);
    process.exit(2);
  }
  const host = process.env.HOST || '127.0.0.1';
  start({ port: Number(port), host }).then(
    ({ url, close }) => {
      console.log(`serving ${url}`);
      const stop = () => close().then(() => process.exit(0));
      process.once('SIGINT', stop);
      process.once('SIGTERM', stop);
    },
    (err) => {
      console.error(`serve.mjs: cannot listen on ${host}:${port}: ${err.message}`);
      process.exit(1);
    },
  );
}
