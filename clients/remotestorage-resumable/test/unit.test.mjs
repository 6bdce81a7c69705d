// The add-on's own tests: the pure parts, and how it attaches to a real remotestorage.js instance.
// Run with `npm test` here, or `node test/unit.test.mjs` (the repository's test command does).
// Uploads against a real proxy and armadietto are in the repository's Tests/Clients.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import RemoteStorage from 'remotestoragejs';
import {
  DEFAULT_THRESHOLD, FingerprintStore, RESUMABLE_PROPERTIES, describeResumableSupport,
  disableResumableUploads, enableResumableUploads, resumableSupport,
} from '../src/index.js';
import { documentBytes } from '../src/document-body.js';
import { documentUrl } from '../src/resumable-put.js';

test('tus 1.0.0 announced: tus is used', () => {
  assert.deepEqual(describeResumableSupport({ [RESUMABLE_PROPERTIES.tus]: '1.0.0' }),
    { tus: '1.0.0', ietfDraft: null, protocol: 'tus' });
});

test('only the IETF draft announced: recognised, plain PUTs kept', () => {
  assert.deepEqual(describeResumableSupport({ [RESUMABLE_PROPERTIES.ietfDraft]: '7' }),
    { tus: null, ietfDraft: '7', protocol: null });
});

test('nothing, null, or another tus version announced: plain PUTs', () => {
  for (const properties of [undefined, null, {}, { [RESUMABLE_PROPERTIES.tus]: null }, { [RESUMABLE_PROPERTIES.tus]: '2.0.0' }]) {
    assert.equal(describeResumableSupport(properties).protocol, null, JSON.stringify(properties));
  }
});

test('bodies become the bytes a PUT would send', () => {
  assert.deepEqual([...documentBytes('café')], [0x63, 0x61, 0x66, 0xc3, 0xa9]);
  const buffer = new Uint8Array([1, 2, 3, 4]).buffer;
  assert.deepEqual([...documentBytes(buffer)], [1, 2, 3, 4]);
  assert.deepEqual([...documentBytes(new Uint8Array(buffer, 1, 2))], [2, 3]);
  assert.deepEqual([...documentBytes(new DataView(buffer, 2))], [3, 4]);
  assert.equal(documentBytes(42), null);
});

test('document URLs are encoded as remotestorage.js encodes them', () => {
  assert.equal(documentUrl('http://h/storage/u', "/uploads/a b/it's~(1).bin"), 'http://h/storage/u/uploads/a%20b/it%27s~(1).bin');
  assert.equal(documentUrl('http://h/storage/u', '/uploads//x'), 'http://h/storage/u/uploads/x');
});

test('fingerprint store: one entry per fingerprint, found and removed', async () => {
  const store = new FingerprintStore();
  const first = await store.addUpload('fp-a', { uploadUrl: 'u1', size: 1 });
  const second = await store.addUpload('fp-a', { uploadUrl: 'u2', size: 1 });
  await store.addUpload('fp-b', { uploadUrl: 'u3', size: 2 });
  assert.notEqual(first, second);
  const found = await store.findUploadsByFingerprint('fp-a');
  assert.deepEqual(found.map((e) => e.uploadUrl), ['u2']);
  assert.equal((await store.findAllUploads()).length, 2);
  await store.removeUpload(found[0].urlStorageKey);
  assert.deepEqual(await store.findUploadsByFingerprint('fp-a'), []);
  // A fingerprint that is a prefix of another does not find the other's entry.
  await store.addUpload('fp-bb', { uploadUrl: 'u4' });
  assert.deepEqual((await store.findUploadsByFingerprint('fp-b')).map((e) => e.uploadUrl), ['u3']);
});

test('options are checked when the add-on is enabled', () => {
  const rs = new RemoteStorage({ cache: false, logging: false });
  assert.throws(() => enableResumableUploads(rs, { threshold: -1 }), RangeError);
  assert.throws(() => enableResumableUploads(rs, { threshold: 1.5 }), RangeError);
  assert.throws(() => enableResumableUploads(rs, { retryDelays: [100, -1] }), RangeError);
  assert.throws(() => enableResumableUploads(rs, { chunkSize: 0 }), RangeError);
  assert.throws(() => enableResumableUploads(rs, { onProgress: 'log' }), TypeError);
  assert.throws(() => enableResumableUploads({}, {}), TypeError);
  assert.throws(() => enableResumableUploads(null), TypeError);
  assert.equal(DEFAULT_THRESHOLD, 1024 * 1024);
});

function loaded(rs) {
  return new Promise((resolve) => rs.on('features-loaded', resolve));
}

// A connected-looking remote whose requests never leave the process: fetch is replaced by a
// recorder that answers 403, so what the add-on decided shows in the first request: a HEAD (the
// add-on checks the token before a resumable upload) or a PUT (the library's plain put).
function connectWithoutNetwork(t, rs, properties) {
  Object.assign(rs.remote, { connected: true, online: true, properties, href: 'http://127.0.0.1:9/storage/u', token: 't' });
  const requests = [];
  t.mock.method(globalThis, 'fetch', async (url, init = {}) => {
    requests.push(`${init.method ?? 'GET'} ${url}`);
    return new Response(null, { status: 403 });
  });
  return requests;
}

const tus = { [RESUMABLE_PROPERTIES.tus]: '1.0.0' };
const store = (rs, body) => rs.scope('/x/').storeFile('text/plain', 'doc', body).catch(() => {});

test('enabled after the library has loaded, storeFile without caching reaches the add-on', async (t) => {
  const rs = new RemoteStorage({ cache: false, logging: false });
  rs.access.claim('x', 'rw');
  await loaded(rs);
  enableResumableUploads(rs, { threshold: 4, onError() {} });
  const requests = connectWithoutNetwork(t, rs, tus);

  await store(rs, 'more than four bytes');
  await store(rs, 'four');
  disableResumableUploads(rs);
  await store(rs, 'more than four bytes, switched off');

  assert.deepEqual(requests, ['HEAD http://127.0.0.1:9/storage/u/x/doc', 'PUT http://127.0.0.1:9/storage/u/x/doc',
    'PUT http://127.0.0.1:9/storage/u/x/doc']);
});

test('a storage without the property keeps the plain PUT', async (t) => {
  const rs = new RemoteStorage({ cache: false, logging: false });
  rs.access.claim('x', 'rw');
  enableResumableUploads(rs, { threshold: 4 });
  await loaded(rs);
  const requests = connectWithoutNetwork(t, rs, { [RESUMABLE_PROPERTIES.ietfDraft]: '7' });

  await store(rs, 'more than four bytes');

  assert.equal(resumableSupport(rs).protocol, null);
  assert.deepEqual(requests, ['PUT http://127.0.0.1:9/storage/u/x/doc']);
});

test('the wire client put is wrapped once and switched per instance', async (t) => {
  const a = new RemoteStorage({ cache: false, logging: false });
  const b = new RemoteStorage({ cache: false, logging: false });
  await Promise.all([loaded(a), loaded(b)]);
  enableResumableUploads(a, { threshold: 4, onError() {} });
  const wrapped = Object.getPrototypeOf(a.remote).put;
  enableResumableUploads(a, { threshold: 8, onError() {} });
  assert.equal(Object.getPrototypeOf(b.remote).put, wrapped);

  connectWithoutNetwork(t, a, tus);
  const requests = connectWithoutNetwork(t, b, tus);
  await b.remote.put('/x/doc', 'more than four bytes', 'text/plain');
  assert.deepEqual(requests, ['PUT http://127.0.0.1:9/storage/u/x/doc']);
  // The refused token reaches the app as a PUT's 403 would, with the add-on's own words beside it.
  const errors = [];
  enableResumableUploads(a, { threshold: 4, onError: (error) => errors.push(error.code) });
  assert.deepEqual(await a.remote.put('/x/doc', 'more than four bytes', 'text/plain'), { statusCode: 403, revision: undefined });
  assert.deepEqual(errors, ['token-refused']);
});
