// What an app does with remotestorage.js and the remotestorage-resumable add-on, written once and
// run both in node (resumable-node.mjs) and in a page in Chromium (resumable-browser.mjs). Each
// scenario connects, writes, and returns what the app saw as plain JSON; the C# tests compare it
// with what armadietto holds and with the proxy's request log.
//
// Input: { scenario, address, token, documentPath (storage-relative, under /uploads/), bytes
// (Uint8Array), retryDelays }. Needs the globals RemoteStorage and RemoteStorageResumable.
'use strict';

(function () {
  const MODULE = 'uploads';

  function connect(params, { cache }) {
    // Discovery's 5 s default is too short for a proxy's first answers on a busy machine.
    const rs = new RemoteStorage({ cache, logging: false, discovery: { timeout: 60000 } });
    rs.access.claim(MODULE, 'rw');
    if (cache) rs.caching.enable(`/${MODULE}/`);
    const events = { errors: [], unauthorized: 0 };
    rs.on('error', (error) => {
      events.errors.push(String(error && (error.name || error.message) || error));
      if (error && error.name === 'Unauthorized') events.unauthorized++;
    });
    const connected = new Promise((resolve, reject) => {
      rs.on('connected', resolve);
      setTimeout(() => reject(new Error('not connected after 120 s')), 120000);
    });
    return { rs, events, connected };
  }

  function addOn(rs, params, extra = {}) {
    const seen = { progress: [], resumes: [], errors: [] };
    RemoteStorageResumable.enableResumableUploads(rs, {
      retryDelays: params.retryDelays,
      onProgress(path, sent, total) {
        // Every event would be thousands; keep their count, their paths and the values that matter.
        seen.progressCount = (seen.progressCount || 0) + 1;
        seen.progressPaths = Array.from(new Set([...(seen.progressPaths || []), path]));
        seen.lastProgress = { sent, total };
        if (seen.progress.length < 5) seen.progress.push({ path, sent, total });
      },
      onResume(path, offset, total) { seen.resumes.push({ path, offset, total }); },
      onError(error) { seen.errors.push({ code: error.code, status: error.status ?? null, message: error.message }); },
      ...extra,
    });
    return seen;
  }

  const relative = (documentPath) => documentPath.replace(`/${MODULE}/`, '');
  const describe = (error) => (error && error.message) || String(error);

  async function settle(promise) {
    try {
      return { ok: true, value: await promise };
    } catch (error) {
      return { ok: false, error: describe(error), code: (error && error.code) || null };
    }
  }

  // storeFile without caching: remoteStorage.put is bound to the wire client's put by the time
  // the app connects, and the add-on is enabled only then (the late case it must cope with).
  async function store(params) {
    const { rs, events, connected } = connect(params, { cache: false });
    rs.connect(params.address, params.token);
    await connected;
    const seen = addOn(rs, params);
    const client = rs.scope(`/${MODULE}/`);
    const stored = await settle(client.storeFile('application/octet-stream', relative(params.documentPath), params.bytes.buffer));
    return { support: RemoteStorageResumable.resumableSupport(rs), stored, seen, events };
  }

  // storeFile with caching on: the document goes to the local cache, and the sync process pushes
  // it with the wire client's put (If-None-Match: *). Done when the cache records the revision.
  // The add-on is enabled right after new RemoteStorage(), before the library has loaded.
  async function sync(params) {
    const { rs, events, connected } = connect(params, { cache: true });
    const seen = addOn(rs, params);
    rs.setSyncInterval(2000);
    rs.connect(params.address, params.token);
    await connected;
    const client = rs.scope(`/${MODULE}/`);
    const stored = await settle(client.storeFile('application/octet-stream', relative(params.documentPath), params.bytes.buffer));
    // Each look at the cache copies the document (three times while a push is on), so look once
    // per finished sync round rather than in a tight loop.
    let node;
    let rounds = 0;
    for (;;) {
      node = (await rs.local.getNodes([params.documentPath]))[params.documentPath];
      if (node && node.common && node.common.revision && !node.push && !node.local) break;
      await new Promise((resolve) => rs.on('sync-done', resolve));
      rounds++;
    }
    const read = await client.getFile(relative(params.documentPath), false);
    rs.stopSync();
    return {
      support: RemoteStorageResumable.resumableSupport(rs),
      stored,
      cached: { revision: node.common.revision, contentType: node.common.contentType, bodyLength: node.common.body.byteLength },
      read: { contentType: read.contentType, length: read.data.byteLength },
      syncRounds: rounds,
      seen,
      events,
    };
  }

  // The put contract for the conditionals and small bodies, and the add-on switched off.
  async function checks(params) {
    const { rs, events, connected } = connect(params, { cache: false });
    rs.connect(params.address, params.token);
    await connected;
    const seen = addOn(rs, params);
    const client = rs.scope(`/${MODULE}/`);
    const large = params.bytes.buffer;
    const folder = relative(params.documentPath).replace(/[^/]*$/, '');
    const result = { support: RemoteStorageResumable.resumableSupport(rs) };

    result.small = await settle(client.storeFile('text/plain; charset=utf-8', `${folder}small.txt`, 'a small note, sent as one PUT'));
    result.progressAfterSmall = seen.progressCount || 0;

    result.first = await settle(client.storeFile('application/octet-stream', `${folder}existing.bin`, large));
    // What the sync push sends for a document it has never seen remotely.
    result.ifNoneMatch = await rs.remote.put(`/${MODULE}/${folder}existing.bin`, new Uint8Array(large).reverse().buffer,
      'application/octet-stream', { ifNoneMatch: '*' });
    // What it sends for a stale revision.
    result.ifMatch = await rs.remote.put(`/${MODULE}/${folder}existing.bin`, new Uint8Array(large).reverse().buffer,
      'application/octet-stream', { ifMatch: 'not-the-current-revision' });
    // A storeFile that fails like a PUT answered 412 would.
    result.errorsSoFar = seen.errors.map((e) => e.status);

    RemoteStorageResumable.disableResumableUploads(rs);
    const progressBefore = seen.progressCount || 0;
    result.disabled = await settle(client.storeFile('application/octet-stream', `${folder}disabled.bin`, large));
    result.progressWhileDisabled = (seen.progressCount || 0) - progressBefore;
    result.seen = seen;
    result.events = events;
    return result;
  }

  // storeFile stopped by abortResumableUploads once a quarter of the body is sent, as a page that
  // is closed or reloaded in the middle of an upload would leave it.
  async function interrupted(params) {
    const { rs, events, connected } = connect(params, { cache: false });
    rs.connect(params.address, params.token);
    await connected;
    const seen = addOn(rs, params, {
      onProgress(path, sent, total) {
        if (sent >= total / 4) RemoteStorageResumable.abortResumableUploads(rs);
      },
    });
    const stored = await settle(rs.scope(`/${MODULE}/`).storeFile('application/octet-stream', relative(params.documentPath), params.bytes.buffer));
    return { stored, seen, events };
  }

  // A token the storage refuses: a clear error before any byte is sent.
  async function token(params) {
    const { rs, events, connected } = connect(params, { cache: false });
    const seen = addOn(rs, params);
    rs.connect(params.address, params.token);
    await connected;
    rs.remote.configure({ token: 'refused-token' });
    const stored = await settle(rs.scope(`/${MODULE}/`).storeFile('application/octet-stream', relative(params.documentPath), params.bytes.buffer));
    return { stored, seen, events };
  }

  globalThis.resumableScenarios = { store, sync, checks, token, interrupted, gone: store };
})();
