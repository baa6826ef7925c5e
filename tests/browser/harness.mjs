// Shared by the browser tests: a static file server on 127.0.0.1 (random port, stopped by
// the caller) and a headless Chromium from Debian's package driven by playwright-core.
import { createServer } from 'node:http';
import { readFile, stat } from 'node:fs/promises';
import { extname, join, normalize } from 'node:path';
import { chromium } from 'playwright-core';

const TYPES = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.wasm': 'application/wasm',
  '.png': 'image/png',
  '.svg': 'image/svg+xml',
};

/** Serves `routes` ({ '/prefix/': directory | (req) => body }) and resolves to its base URL. */
export async function serve(routes) {
  const server = createServer(async (req, res) => {
    const url = new URL(req.url, 'http://x');
    for (const [prefix, target] of Object.entries(routes)) {
      if (!url.pathname.startsWith(prefix)) continue;
      if (typeof target === 'function') {
        const { type, body } = await target(url);
        res.writeHead(200, { 'content-type': type });
        return res.end(body);
      }
      let rel = decodeURIComponent(url.pathname.slice(prefix.length)) || 'index.html';
      const file = normalize(join(target, rel));
      if (!file.startsWith(normalize(target))) break;
      try {
        const s = await stat(file);
        const path = s.isDirectory() ? join(file, 'index.html') : file;
        const type = TYPES[extname(path)] ?? 'application/octet-stream';
        // Precompressed copies (the H5 build writes .br and .gz), as a production server sends them.
        const accept = String(req.headers['accept-encoding'] ?? '');
        for (const [encoding, ext] of [['br', '.br'], ['gzip', '.gz']]) {
          if (!accept.includes(encoding)) continue;
          const body = await readFile(path + ext).catch(() => null);
          if (body) {
            res.writeHead(200, { 'content-type': type, 'content-encoding': encoding, 'content-length': body.length });
            return res.end(body);
          }
        }
        res.writeHead(200, { 'content-type': type });
        return res.end(await readFile(path));
      } catch {
        break;
      }
    }
    res.writeHead(404, { 'content-type': 'text/plain' });
    res.end('not found');
  });
  await new Promise((ok) => server.listen(0, '127.0.0.1', ok));
  return { url: `http://127.0.0.1:${server.address().port}`, close: () => new Promise((ok) => server.close(ok)) };
}

/** Launches headless Chromium (Debian's /usr/bin/chromium) with no network but loopback. */
export async function launch() {
  return chromium.launch({
    executablePath: process.env.CHROMIUM ?? '/usr/bin/chromium',
    args: [
      '--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
      '--disable-background-networking', '--disable-component-update', '--disable-sync',
    ],
  });
}

/** Collects console errors and uncaught exceptions of a page. */
export function watchErrors(page) {
  const errors = [];
  page.on('pageerror', (e) => errors.push(`pageerror: ${e.message}`));
  page.on('console', (m) => m.type() === 'error' && errors.push(`console: ${m.text()}`));
  return errors;
}
