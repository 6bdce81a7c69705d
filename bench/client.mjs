// The one upload client of the benchmark: every mode sends the file through the same code (node's
// http module, a file stream read 64 KiB at a time, one keep-alive connection), so the ratios
// compare the paths the bytes take, not two different clients.
//
//   node client.mjs put   <url> <file>               plain PUT of the whole file
//   node client.mjs tus   <url> <file> <chunkBytes>  tus POST (Upload-Length) + PATCHes of
//                                                     chunkBytes each, to the Location the POST
//                                                     answered; 0 = one PATCH of everything
//   node client.mjs get   <url> <file>               GET, the body counted and compared with the file
//
// Env: BENCH_AUTH (Authorization header value, optional); BENCH_DECLARE_EXTRA (tus: declare the
// upload this many bytes longer than the file, so that the last PATCH ends nothing: the intake
// alone, without a commit). Prints one JSON line:
//   {"mode":..,"bytes":..,"seconds":..,"requests":..,"status":..,"etag":..}
// and exits non-zero on any unexpected answer.
import crypto from 'node:crypto';
import fs from 'node:fs';
import http from 'node:http';
import { pipeline } from 'node:stream/promises';

const READ_SIZE = 64 * 1024;
// Only a guard against a hung run; a healthy request on loopback never gets near it.
const REQUEST_IDLE_MS = 120_000;

const [mode, url, file, chunkArg] = process.argv.slice(2);
if (!['put', 'tus', 'get'].includes(mode) || !url || !file) {
  console.error('usage: node client.mjs put|tus|get <url> <file> [chunkBytes]');
  process.exit(2);
}
const size = fs.statSync(file).size;
const agent = new http.Agent({ keepAlive: true, maxSockets: 1 });
const auth = process.env.BENCH_AUTH ? { Authorization: process.env.BENCH_AUTH } : {};
const declareExtra = Number(process.env.BENCH_DECLARE_EXTRA ?? 0);

/** Sends one request; the body is the byte range [start, end) of the file, or nothing. */
function send(method, headers, range, target = url) {
  return new Promise((resolve, reject) => {
    const length = range ? range[1] - range[0] : 0;
    const req = http.request(target, {
      method, agent,
      headers: { ...auth, ...headers, 'Content-Length': String(length) },
    });
    req.setTimeout(REQUEST_IDLE_MS, () => req.destroy(new Error(`${method} idle for ${REQUEST_IDLE_MS} ms`)));
    req.on('error', reject);
    req.on('response', (res) => {
      const chunks = [];
      res.on('data', (c) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode, headers: res.headers, body: Buffer.concat(chunks).toString() }));
      res.on('error', reject);
    });
    if (length === 0) {
      req.end();
      return;
    }
    const source = fs.createReadStream(file, { start: range[0], end: range[1] - 1, highWaterMark: READ_SIZE });
    pipeline(source, req).catch(reject);
  });
}

function fail(what, answer) {
  console.error(`${what}: ${answer.status} ${JSON.stringify(answer.headers)} ${answer.body.slice(0, 500)}`);
  process.exit(1);
}

// Hashed before the clock starts, so that checking the download costs the measurement nothing.
const expectedSha = mode === 'get' ? await sha256Of(file) : null;
async function sha256Of(path) {
  const hash = crypto.createHash('sha256');
  for await (const chunk of fs.createReadStream(path)) hash.update(chunk);
  return hash.digest('hex');
}

const started = process.hrtime.bigint();
let requests = 0;
let last;
if (mode === 'get') {
  last = await download();
  requests++;
} else if (mode === 'put') {
  last = await send('PUT', { 'Content-Type': 'application/octet-stream' }, [0, size]);
  requests++;
  if (last.status < 200 || last.status >= 300) fail('PUT', last);
} else {
  const chunk = Number(chunkArg ?? 0) > 0 ? Number(chunkArg) : size;
  const tus = { 'Tus-Resumable': '1.0.0' };
  const created = await send('POST', { ...tus, 'Upload-Length': String(size + declareExtra) });
  requests++;
  if (created.status !== 201) fail('POST', created);
  const upload = new URL(created.headers.location ?? url, url).href;
  let offset = 0;
  // Bounded: every turn advances the offset by at least one byte or exits.
  while (offset < size) {
    const end = Math.min(offset + chunk, size);
    last = await send('PATCH', {
      ...tus, 'Upload-Offset': String(offset), 'Content-Type': 'application/offset+octet-stream',
    }, [offset, end], upload);
    requests++;
    const reported = Number(last.headers['upload-offset']);
    const final = end === size && declareExtra === 0;
    // The final PATCH answers with the backend's status to the commit (201 from the sink).
    if (final ? (last.status < 200 || last.status >= 300) : last.status !== 204) fail(`PATCH at ${offset}`, last);
    if (reported !== end) fail(`PATCH at ${offset}: Upload-Offset ${reported}, expected ${end}`, last);
    offset = end;
  }
  if (size === 0) fail('empty file', created);
}
/** GET of the whole document; its length and SHA-256 must be the file's. */
function download() {
  return new Promise((resolve, reject) => {
    const req = http.get(url, { agent, headers: auth }, (res) => {
      const hash = crypto.createHash('sha256');
      let bytes = 0;
      res.on('data', (c) => { bytes += c.length; hash.update(c); });
      res.on('end', () => {
        const answer = { status: res.statusCode, headers: res.headers, body: '' };
        if (res.statusCode !== 200 || bytes !== size) fail(`GET: ${bytes} bytes`, answer);
        if (hash.digest('hex') !== expectedSha) fail('GET: the body is not the file', answer);
        resolve(answer);
      });
      res.on('error', reject);
    });
    req.setTimeout(REQUEST_IDLE_MS, () => req.destroy(new Error(`GET idle for ${REQUEST_IDLE_MS} ms`)));
    req.on('error', reject);
  });
}

const seconds = Number(process.hrtime.bigint() - started) / 1e9;
agent.destroy();
console.log(JSON.stringify({
  mode, bytes: size, seconds, requests, status: last.status, etag: last.headers.etag ?? null,
}));
