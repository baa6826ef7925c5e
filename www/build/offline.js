// Two small Vite plugins of the H5 app:
// - `precompress`: writes .br and .gz beside every text and wasm asset of the build, and has
//   `vite preview` send them (Content-Encoding) to clients that accept them;
// - `offline`: preloads the wasm from index.html and emits sw.js, a service worker that
//   caches the app shell and the wasm, so the page works offline after the first visit.
import { brotliCompressSync, gzipSync, constants } from 'node:zlib';
import { readdirSync, readFileSync, writeFileSync, existsSync, statSync } from 'node:fs';
import { join, extname } from 'node:path';

const COMPRESSIBLE = new Set(['.js', '.css', '.html', '.wasm', '.json', '.svg', '.webmanifest']);
const TYPES = {
  '.js': 'text/javascript; charset=utf-8', '.css': 'text/css; charset=utf-8', '.html': 'text/html; charset=utf-8',
  '.wasm': 'application/wasm', '.json': 'application/json; charset=utf-8', '.svg': 'image/svg+xml',
};

function* files(dir) {
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    const p = join(dir, e.name);
    if (e.isDirectory()) yield* files(p);
    else yield p;
  }
}

/** Serves `dir` with precompressed copies: a connect middleware (also used by the tests). */
export function precompressedMiddleware(dir) {
  return (req, res, next) => {
    const url = new URL(req.url, 'http://x');
    let path = decodeURIComponent(url.pathname);
    if (path.endsWith('/')) path += 'index.html';
    const file = join(dir, path);
    if (!file.startsWith(dir) || !existsSync(file) || !statSync(file).isFile()) return next();
    const accept = String(req.headers['accept-encoding'] ?? '');
    const type = TYPES[extname(file)] ?? 'application/octet-stream';
    for (const [enc, ext] of [['br', '.br'], ['gzip', '.gz']]) {
      if (accept.includes(enc) && existsSync(file + ext)) {
        const body = readFileSync(file + ext);
        res.writeHead(200, { 'content-type': type, 'content-encoding': enc, 'content-length': body.length, vary: 'accept-encoding', 'cache-control': path.includes('/assets/') ? 'public, max-age=31536000, immutable' : 'no-cache' });
        return res.end(body);
      }
    }
    return next();
  };
}

export function precompress() {
  let outDir;
  return {
    name: 'shequ-precompress',
    // Not `apply: 'build'`: `vite preview` runs plugins in serve mode and needs the middleware.
    configResolved(c) {
      outDir = join(c.root, c.build.outDir);
    },
    closeBundle() {
      if (!outDir || !existsSync(outDir)) return;
      for (const f of files(outDir)) {
        if (!COMPRESSIBLE.has(extname(f))) continue;
        const raw = readFileSync(f);
        writeFileSync(`${f}.gz`, gzipSync(raw, { level: 9 }));
        writeFileSync(`${f}.br`, brotliCompressSync(raw, { params: { [constants.BROTLI_PARAM_QUALITY]: 11, [constants.BROTLI_PARAM_SIZE_HINT]: raw.length } }));
      }
    },
    configurePreviewServer(server) {
      server.middlewares.use(precompressedMiddleware(join(server.config.root, server.config.build.outDir)));
    },
  };
}

export function offline() {
  return {
    name: 'shequ-offline',
    apply: 'build',
    transformIndexHtml: {
      order: 'post',
      handler(html, ctx) {
        // The resident's module: the wasm the `shequ-rules/needs` chunk imports.
        const bundle = ctx.bundle ?? {};
        const needs = Object.values(bundle).find((c) => c.type === 'chunk' && /needs\.browser\.js$/.test(c.facadeModuleId ?? ''));
        const wasm = [...(needs?.viteMetadata?.importedAssets ?? [])].find((f) => f.endsWith('.wasm'));
        if (!wasm) return html;
        return html.replace('</head>', `  <link rel="preload" href="./${wasm}" as="fetch" type="application/wasm" crossorigin>\n  </head>`);
      },
    },
    generateBundle(_, bundle) {
      // Precached on install: what the resident face needs (the entry, its chunks and styles,
      // the wasm, the resident pages). The worker pages (and ECharts) are cached as they are
      // first fetched, so a resident's first visit does not download them.
      const shellChunks = new Set();
      const add = (name) => {
        const c = bundle[name];
        if (!c || shellChunks.has(name)) return;
        shellChunks.add(name);
        if (c.type === 'chunk') {
          for (const i of c.imports) add(i);
          for (const css of c.viteMetadata?.importedCss ?? []) shellChunks.add(css);
          for (const a of c.viteMetadata?.importedAssets ?? []) shellChunks.add(a);
        }
      };
      for (const [name, c] of Object.entries(bundle)) {
        if (c.type === 'chunk' && (c.isEntry || /pages\/(Report|Mine|EmergencyBanner)\.vue$/.test(c.facadeModuleId ?? ''))) add(name);
        // The resident's rules: `shequ-rules/needs` and its wasm (the whole package comes with
        // the first worker page).
        if (c.type === 'chunk' && /needs\.browser\.js$/.test(c.facadeModuleId ?? '')) add(name);
      }
      const shell = [...shellChunks].filter((f) => !f.endsWith('.map')).map((f) => `./${f}`);
      const version = shell.join('|').length.toString(36) + '-' + Date.now().toString(36);
      this.emitFile({
        type: 'asset',
        fileName: 'sw.js',
        source: `// Generated by www/build/offline.js: caches the app shell and the wasm on install.
const CACHE = 'shequ-h5-${version}';
const SHELL = ${JSON.stringify(['./', './index.html', ...shell])};
self.addEventListener('install', (e) => e.waitUntil(caches.open(CACHE).then((c) => c.addAll(SHELL)).then(() => self.skipWaiting())));
self.addEventListener('activate', (e) => e.waitUntil(caches.keys().then((keys) => Promise.all(keys.filter((k) => k !== CACHE).map((k) => caches.delete(k)))).then(() => self.clients.claim())));
self.addEventListener('fetch', (e) => {
  const url = new URL(e.request.url);
  if (e.request.method !== 'GET' || url.origin !== self.location.origin) return;
  // The page itself: the network first (a new version), the cache when offline.
  if (e.request.mode === 'navigate') {
    e.respondWith(fetch(e.request).then((r) => { const copy = r.clone(); caches.open(CACHE).then((c) => c.put('./index.html', copy)); return r; }).catch(() => caches.match('./index.html')));
    return;
  }
  // Assets: the cache first; what is not there yet is fetched and kept (hashed names never change).
  e.respondWith(caches.match(e.request).then((hit) => hit || fetch(e.request).then((r) => {
    if (r.ok && url.pathname.includes('/assets/')) { const copy = r.clone(); caches.open(CACHE).then((c) => c.put(e.request, copy)); }
    return r;
  })));
});
`,
      });
    },
  };
}
