// The real remoteStorage backend for the benchmark's end-to-end and pass-through figures:
// armadietto from testenv/ (the version the tests run against), with its data in a directory of
// the caller's, a signed-up user and a *:rw bearer token.
//
//   node armadietto.mjs <directory>    prints one JSON line {port, user, token} once it answers,
//                                      then keeps armadietto running until it gets SIGTERM
//
// armadietto buffers a whole request body in memory and dies above about 512 MiB, so the
// documents sent to it stay well under that.
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const directory = process.argv[2];
if (!directory) {
  console.error('usage: node armadietto.mjs <directory>');
  process.exit(2);
}
const here = path.dirname(fileURLToPath(import.meta.url));
const script = path.join(here, '..', 'testenv', 'node_modules', 'armadietto', 'bin', 'armadietto.js');
if (!fs.existsSync(script)) {
  console.error(`armadietto is not installed at ${script}; run npm ci --prefix testenv`);
  process.exit(2);
}

const port = await new Promise((resolve) => {
  const s = net.createServer().listen(0, '127.0.0.1', () => { const p = s.address().port; s.close(() => resolve(p)); });
});
const user = 'bench';
const password = 'bench-pass-123';
fs.mkdirSync(path.join(directory, 'data'), { recursive: true });
fs.mkdirSync(path.join(directory, 'logs'), { recursive: true });
const conf = path.join(directory, 'conf.json');
fs.writeFileSync(conf, JSON.stringify({
  allow_signup: true,
  storage_path: path.join(directory, 'data'),
  lock_timeout_ms: 30000,
  lock_stale_after_ms: 60000,
  cache_views: true,
  http: { host: '127.0.0.1', port },
  https: { enable: false, force: false },
  logging: { log_dir: path.join(directory, 'logs'), stdout: ['error'], log_files: ['error'] },
  basePath: '',
}));
const child = spawn('node', [script, '-c', conf], { cwd: directory, stdio: ['ignore', 'ignore', 'inherit'] });
child.on('exit', (code) => { console.error(`armadietto exited (${code})`); process.exit(1); });
process.on('SIGTERM', () => { child.removeAllListeners('exit'); child.kill('SIGTERM'); process.exit(0); });

const origin = `http://127.0.0.1:${port}`;
// Bounded to about 30 s: armadietto answers WebFinger once it routes.
for (let i = 0; ; i++) {
  try {
    const r = await fetch(`${origin}/.well-known/webfinger?resource=acct:${user}@127.0.0.1`);
    if (r.ok) break;
  } catch { /* not listening yet */ }
  if (i === 300) { console.error('armadietto did not answer'); child.kill('SIGKILL'); process.exit(1); }
  await new Promise((r) => setTimeout(r, 100));
}
const form = (fields) => new URLSearchParams(fields);
const signup = await fetch(`${origin}/signup`, { method: 'POST', body: form({ username: user, email: `${user}@example.com`, password }) });
if (![201, 409].includes(signup.status)) { console.error(`signup: ${signup.status}`); process.exit(1); }
const oauth = await fetch(`${origin}/oauth`, {
  method: 'POST', redirect: 'manual',
  body: form({ username: user, password, client_id: 'http://127.0.0.1', redirect_uri: 'http://127.0.0.1/cb', response_type: 'token', scope: '*:rw', allow: 'Allow' }),
});
const token = decodeURIComponent(/access_token=([^&]+)/.exec(oauth.headers.get('location') ?? '')?.[1] ?? '');
if (!token) { console.error(`oauth: ${oauth.status} ${oauth.headers.get('location')}`); process.exit(1); }
console.log(JSON.stringify({ port, user, token }));
