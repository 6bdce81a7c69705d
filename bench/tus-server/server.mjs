// The peer the proxy's intake is measured against: @tus/server with its FileStore (the versions
// pinned in package-lock.json beside this file), as its README starts it, on node's http module.
// Unlike the proxy it does not fsync before it acknowledges; that difference is part of what the
// benchmark shows.
//
//   node server.mjs <directory>    listens on a free loopback port and prints it on stdout
import http from 'node:http';
import { Server } from '@tus/server';
import { FileStore } from '@tus/file-store';

const directory = process.argv[2];
if (!directory) {
  console.error('usage: node server.mjs <directory>');
  process.exit(2);
}
const tus = new Server({ path: '/files', datastore: new FileStore({ directory }) });
const server = http.createServer((req, res) => tus.handle(req, res));
// A slow run must not be cut by node's default 300 s request timeout.
server.requestTimeout = 0;
server.listen(0, '127.0.0.1', () => console.log(server.address().port));
process.on('SIGTERM', () => server.close(() => process.exit(0)));
