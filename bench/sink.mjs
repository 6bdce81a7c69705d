// The benchmark's backend: a streaming sink that is never the bottleneck and never holds a body.
// Any request with a body: the bytes are counted (and with --sha256 hashed) chunk by chunk as they
// arrive, then dropped; the answer is 201 with a strong ETag and an empty body. OPTIONS: 204.
// GET /.stats: JSON of the last complete PUT {path, bytes, sha256, puts}, puts counting every
// complete PUT so far, so the bench can tell that a run produced exactly one PUT.
//
//   node sink.mjs [--sha256]      listens on a free loopback port and prints it on stdout
//
// Measured against a Kestrel sink doing the same (pipe reader, IncrementalHash) on a 2-core VM:
// equal speed for a 1 GiB PUT, but this one spent 0.8 s of CPU per GiB hashed against 1.4 s for
// Kestrel (which hands the body over in 4 KiB segments), so it takes less CPU from the proxy it
// measures. Node's hash is OpenSSL's: about 1.8 GB/s here, above what loopback HTTP carries.
import crypto from 'node:crypto';
import http from 'node:http';

const hashing = process.argv.includes('--sha256');
let last = { path: null, bytes: -1, sha256: null, puts: 0 };
let puts = 0;
let etags = 0;

const server = http.createServer((req, res) => {
  if (req.method === 'GET' && req.url === '/.stats') {
    res.writeHead(200, { 'Content-Type': 'application/json', 'Cache-Control': 'no-store' });
    res.end(JSON.stringify(last));
    return;
  }
  if (req.method === 'PUT' && req.headers['if-match'] !== undefined) {
    // Like an RS server, a PUT conditional on an ETag this sink never gave out (the proxy's
    // write-access probe) fails its precondition and stores nothing.
    res.writeHead(412, { 'Content-Length': '0' });
    res.end();
    req.resume();
    return;
  }
  if (req.method === 'OPTIONS') {
    res.writeHead(204);
    res.end();
    req.resume();
    return;
  }
  const hash = hashing ? crypto.createHash('sha256') : null;
  let bytes = 0;
  req.on('data', (chunk) => {
    bytes += chunk.length;
    hash?.update(chunk);
  });
  req.on('end', () => {
    if (req.method === 'PUT') {
      puts++;
      last = { path: req.url, bytes, sha256: hash ? hash.digest('hex') : null, puts };
    }
    res.writeHead(201, { ETag: `"${++etags}-${bytes}"`, 'Content-Length': '0' });
    res.end();
  });
  // An aborted body is not a PUT that happened: nothing is recorded.
  req.on('error', () => {});
});
// A slow run must not be cut by node's default 300 s request timeout.
server.requestTimeout = 0;
server.listen(0, '127.0.0.1', () => console.log(server.address().port));
const stop = () => server.close(() => process.exit(0));
process.on('SIGTERM', stop);
process.on('SIGINT', stop);
