// remotestorage.js, unchanged, against an RS server through the proxy: discovery (WebFinger),
// a pasted token, then store, read, list and delete documents in direct (uncached) mode, the way
// an app without local caching talks to its storage.
//
// Env: RS_ADDRESS (user@host:port of the proxy), RS_TOKEN, RS_FOLDER (a fresh folder name inside
// /documents/). Prints one JSON object on stdout.
import { loadPackage } from './load-package.mjs';


const RemoteStorage = loadPackage('remotestoragejs');

const env = (name) => {
  const value = process.env[name];
  if (!value) throw new Error(`${name} is not set`);
  return value;
};
const folder = env('RS_FOLDER');

const rs = new RemoteStorage({ cache: false, logging: false });
rs.access.claim('documents', 'rw');
const connected = new Promise((resolve, reject) => {
  rs.on('connected', resolve);
  rs.on('error', (error) => reject(new Error(`remoteStorage error: ${error.message || error}`)));
});
rs.connect(env('RS_ADDRESS'), env('RS_TOKEN'));
const timeout = setTimeout(() => { console.error('not connected after 30 s'); process.exit(4); }, 30_000);
await connected;
clearTimeout(timeout);

const client = rs.scope(`/documents/${folder}/`);
const result = {
  href: rs.remote.href,
  storageApi: rs.remote.storageApi,
  properties: rs.remote.properties,
};

const text = 'Hello through the proxy: caf\u00e9 \u2713';
const binary = new Uint8Array(256 * 1024).map((_, i) => (i * 31 + 7) % 256);
result.storeText = await client.storeFile('text/plain; charset=utf-8', 'notes/hello.txt', text);
result.storeBinary = await client.storeFile('application/octet-stream', 'blob.bin', binary.buffer);

const readText = await client.getFile('notes/hello.txt', false);
result.readText = { data: readText.data, contentType: readText.contentType, revision: readText.revision };
// remotestorage.js in node decodes every GET body as text (binary bytes come back as U+FFFD), so
// the binary document's bytes are read with fetch, through the proxy, with the same token.
const readBinary = await fetch(`${rs.remote.href}/documents/${folder}/blob.bin`, {
  headers: { Authorization: `Bearer ${rs.remote.token}` },
});
const bytes = new Uint8Array(await readBinary.arrayBuffer());
result.readBinary = {
  status: readBinary.status,
  length: bytes.length,
  same: bytes.length === binary.length && bytes.every((b, i) => b === binary[i]),
  contentType: readBinary.headers.get('Content-Type'),
};

result.listing = await client.getListing('', false);
result.notesListing = await client.getListing('notes/', false);

result.removeText = await client.remove('notes/hello.txt');
result.removeBinary = await client.remove('blob.bin');
const gone = await client.getFile('notes/hello.txt', false);
result.afterRemove = { data: gone.data ?? null };
result.listingAfterRemove = await client.getListing('', false) ?? null;

rs.disconnect();
console.log(JSON.stringify(result));
process.exit(0);
