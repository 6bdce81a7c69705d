// Many concurrent tus uploads spread round-robin over several proxy instances: the creation of
// upload i goes to instance i mod n and every PATCH to the next instance in turn, so with two
// instances consecutive chunks of one upload land on different instances (the worst case for
// shared state and locks). An unexpected answer counts as an error; the upload then asks for its
// offset (HEAD) and resumes, up to 5 times, before it counts as failed.
//
//   node scale-out.mjs <file> <uploads> <chunkBytes> <pathPrefix> <origin> [<origin> ...]
//
// Env: BENCH_AUTH (Authorization value). Prints one JSON line:
//   {"uploads":..,"bytes":..,"seconds":..,"mibPerSecond":..,"requests":..,"errors":..,"failedUploads":..}
import fs from 'node:fs';
import http from 'node:http';
import { pipeline } from 'node:stream/promises';

const [file, uploadsArg, chunkArg, prefix, ...origins] = process.argv.slice(2);
const uploads = Number(uploadsArg);
const chunk = Number(chunkArg);
if (!file || !(uploads > 0) || !(chunk > 0) || !prefix || origins.length === 0) {
  console.error('usage: node scale-out.mjs <file> <uploads> <chunkBytes> <pathPrefix> <origin>...');
  process.exit(2);
}
const size = fs.statSync(file).size;
const agent = new http.Agent({ keepAlive: true, maxSockets: uploads });
const auth = process.env.BENCH_AUTH ? { Authorization: process.env.BENCH_AUTH } : {};
const REQUEST_IDLE_MS = 120_000; // a guard against a hung run only
let turn = 0;
let requests = 0;
let errors = 0;
const problems = [];

function send(origin, method, path, headers, range) {
  requests++;
  return new Promise((resolve, reject) => {
    const length = range ? range[1] - range[0] : 0;
    const req = http.request(origin + path, {
      method, agent,
      headers: { ...auth, 'Tus-Resumable': '1.0.0', ...headers, 'Content-Length': String(length) },
    });
    req.setTimeout(REQUEST_IDLE_MS, () => req.destroy(new Error(`${method} idle`)));
    req.on('error', reject);
    req.on('response', (res) => {
      res.resume();
      res.on('end', () => resolve({ status: res.statusCode, headers: res.headers }));
      res.on('error', reject);
    });
    if (length === 0) {
      req.end();
      return;
    }
    pipeline(fs.createReadStream(file, { start: range[0], end: range[1] - 1, highWaterMark: 64 * 1024 }), req).catch(reject);
  });
}

function noteError(what) {
  errors++;
  if (problems.length < 10) problems.push(what);
}

async function upload(index) {
  const path = `${prefix}${index}`;
  const created = await send(origins[index % origins.length], 'POST', path, { 'Upload-Length': String(size) });
  if (created.status !== 201) {
    noteError(`POST ${path}: ${created.status}`);
    return false;
  }
  let offset = 0;
  let retries = 0;
  while (offset < size) {
    const origin = origins[turn++ % origins.length];
    const end = Math.min(offset + chunk, size);
    let answer;
    try {
      answer = await send(origin, 'PATCH', path, {
        'Upload-Offset': String(offset), 'Content-Type': 'application/offset+octet-stream' }, [offset, end]);
    } catch (e) {
      answer = { status: 0, error: e.message };
    }
    if (answer.status >= 200 && answer.status < 300 && Number(answer.headers['upload-offset']) === end) {
      offset = end;
      continue;
    }
    noteError(`PATCH ${path} at ${offset} via ${origin}: ${answer.status}${answer.error ? ' ' + answer.error : ''}`);
    if (++retries > 5) return false;
    const head = await send(origins[turn++ % origins.length], 'HEAD', path, {}).catch(() => ({ status: 0 }));
    if (head.status === 200) offset = Number(head.headers['upload-offset']);
  }
  return true;
}

const started = process.hrtime.bigint();
const results = await Promise.all(Array.from({ length: uploads }, (_, i) => upload(i).catch((e) => { noteError(e.message); return false; })));
const seconds = Number(process.hrtime.bigint() - started) / 1e9;
const done = results.filter(Boolean).length;
agent.destroy();
console.log(JSON.stringify({
  uploads: done, bytes: done * size, seconds, mibPerSecond: (done * size) / 1048576 / seconds,
  requests, errors, failedUploads: uploads - done, problems,
}));
