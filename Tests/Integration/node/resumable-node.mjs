// Runs one scenario of resumable-scenarios.js in node: remotestorage.js 2.0.0-beta.10 (testenv)
// with the add-on loaded from its ES module (clients/remotestorage-resumable/src), talking to
// UPSTREAM (the proxy, or armadietto itself) through tcp-relay.mjs.
//
// Env: SCENARIO (store, sync, checks, token, interrupted, gone; or several: "interrupted,store"), UPSTREAM (host:port), RS_USER, RS_TOKEN,
// UPLOAD_FILE, DOCUMENT_PATH (storage-relative, under /uploads/), THROTTLE (bytes/s, 0: none),
// GONE_AFTER_BYTES (0: never), RETRY_DELAYS (JSON array, optional). Prints one JSON object.
import { readFileSync } from 'node:fs';
import { loadPackage } from './load-package.mjs';
import { startRelay } from './tcp-relay.mjs';
import * as addOn from '../../clients/remotestorage-resumable/src/index.js';

const env = (name, fallback) => {
  const value = process.env[name] ?? fallback;
  if (value === undefined) throw new Error(`${name} is not set`);
  return value;
};

globalThis.RemoteStorage = loadPackage('remotestoragejs');
globalThis.RemoteStorageResumable = addOn;
await import('./resumable-scenarios.js');

const [host, port] = env('UPSTREAM').split(':');
const relay = await startRelay({ host, port: Number(port) },
  { bytesPerSecond: Number(env('THROTTLE', '0')), goneAfterBytes: Number(env('GONE_AFTER_BYTES', '0')) });
const bytes = new Uint8Array(readFileSync(env('UPLOAD_FILE')));
// SCENARIO may name several, run one after another in this process (a new RemoteStorage each).
const runs = [];
for (const scenario of env('SCENARIO').split(',')) {
  runs.push(await globalThis.resumableScenarios[scenario]({
    address: `${env('RS_USER')}@127.0.0.1:${relay.port}`,
    token: env('RS_TOKEN'),
    documentPath: env('DOCUMENT_PATH'),
    bytes,
    retryDelays: process.env.RETRY_DELAYS ? JSON.parse(process.env.RETRY_DELAYS) : undefined,
  }));
}
const result = runs.length === 1 ? runs[0] : { runs };
result.relay = relay.stats;
relay.close();
console.log(JSON.stringify(result));
process.exit(0);
