// Runs one scenario of resumable-scenarios.js in a page in headless Chromium (Debian's
// /usr/bin/chromium, driven by playwright-core): remotestorage.js's browser bundle (testenv) and
// the add-on's browser bundle (clients/remotestorage-resumable/dist), on a page served from its
// own loopback origin, so every request to the storage is cross-origin and goes through CORS.
// The storage is UPSTREAM (the proxy, or armadietto itself) behind tcp-relay.mjs.
//
// Env: as resumable-node.mjs, plus CHROMIUM_PATH (default /usr/bin/chromium); SCENARIO may list
// several ("interrupted,store"), run with a page reload in between. Prints one JSON object: the
// scenario's result (or { runs: [...] }), the storage requests the page made, the relay's counters.
import { createServer } from 'node:http';
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { env, launchChromium } from './chromium.mjs';
import { startRelay } from './tcp-relay.mjs';

const here = dirname(fileURLToPath(import.meta.url));
const files = {
  '/': ['text/html', Buffer.from('<!doctype html><meta charset="utf-8"><title>add-on test</title>'
    + '<script src="remotestorage.js"></script><script src="remotestorage-resumable.js"></script>'
    + '<script src="resumable-scenarios.js"></script>')],
  '/remotestorage.js': ['text/javascript', readFileSync(join(process.cwd(), 'node_modules', 'remotestoragejs', 'release', 'remotestorage.js'))],
  '/remotestorage-resumable.js': ['text/javascript',
    readFileSync(join(here, '..', '..', 'clients', 'remotestorage-resumable', 'dist', 'remotestorage-resumable.js'))],
  '/resumable-scenarios.js': ['text/javascript', readFileSync(join(here, 'resumable-scenarios.js'))],
  '/upload.bin': ['application/octet-stream', readFileSync(env('UPLOAD_FILE'))],
};
const site = createServer((request, response) => {
  const file = files[new URL(request.url, 'http://page').pathname];
  if (!file) {
    response.writeHead(404).end();
    return;
  }
  response.writeHead(200, { 'Content-Type': file[0], 'Content-Length': file[1].length }).end(file[1]);
});
await new Promise((resolve) => site.listen(0, '127.0.0.1', resolve));

const [host, port] = env('UPSTREAM').split(':');
const relay = await startRelay({ host, port: Number(port) },
  { bytesPerSecond: Number(env('THROTTLE', '0')), goneAfterBytes: Number(env('GONE_AFTER_BYTES', '0')) });

const requests = [];
const consoleErrors = [];
let result;
const { context, close } = await launchChromium();
try {
  const page = context.pages()[0] ?? await context.newPage();
  page.setDefaultTimeout(300_000);
  page.on('console', (message) => { if (message.type() === 'error') consoleErrors.push(message.text()); });
  page.on('pageerror', (error) => consoleErrors.push(error.message));
  page.on('request', (request) => {
    const url = new URL(request.url());
    if (!url.pathname.startsWith('/storage/') || request.method() === 'OPTIONS') return;
    requests.push({ method: request.method(), path: url.pathname, tus: request.headers()['tus-resumable'] ?? null });
  });
  await page.goto(`http://127.0.0.1:${site.address().port}/`);
  // SCENARIO may name several, run one after another with a page reload in between.
  const runs = [];
  for (const scenario of env('SCENARIO').split(',')) {
    if (runs.length > 0) await page.reload();
    runs.push(await page.evaluate(async (params) => {
      const bytes = new Uint8Array(await (await fetch('/upload.bin')).arrayBuffer());
      return globalThis.resumableScenarios[params.scenario]({ ...params, bytes });
    }, {
      scenario,
      address: `${env('RS_USER')}@127.0.0.1:${relay.port}`,
      token: env('RS_TOKEN'),
      documentPath: env('DOCUMENT_PATH'),
      retryDelays: process.env.RETRY_DELAYS ? JSON.parse(process.env.RETRY_DELAYS) : undefined,
    }));
  }
  result = runs.length === 1 ? runs[0] : { runs };
} finally {
  await close();
  relay.close();
  site.close();
}
result.requests = requests;
result.consoleErrors = consoleErrors;
result.relay = relay.stats;
console.log(JSON.stringify(result));
process.exit(0);
