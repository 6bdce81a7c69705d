// How the add-on reaches both write paths of remotestorage.js (2.0.0-beta.10):
// - with caching on, the cached put and the sync push call `remoteStorage.remote.put` each time;
// - without caching, `remoteStorage.put` (used by storeFile) holds on to the function that
//   `remote.put` was when the library finished loading its features, so replacing `remote.put`
//   later never reaches it.
// The add-on therefore wraps `put` once on the wire client's prototype (every wire client the
// library creates, also after a disconnect, inherits it), decides per call with a switch kept on
// the RemoteStorage instance, and, when the library has already bound `remoteStorage.put` to the
// old function, has the library bind it again.
import { documentBytes } from './document-body.js';
import { FingerprintStore } from './fingerprint-store.js';
import { describeResumableSupport } from './properties.js';
import { resumablePut } from './resumable-put.js';

const STATE = Symbol.for('remotestorage-resumable.state');
const ORIGINAL_PUT = Symbol.for('remotestorage-resumable.original-put');

/**
 * Bodies larger than this many bytes go through a resumable upload (1 MiB). remotestorage.js
 * aborts any request after 30 s; 1 MiB takes 28 s on a 300 kbit/s uplink (a poor mobile link),
 * so from there on a plain PUT risks never finishing, while the two extra round trips of a
 * resumable upload cost little next to the transfer itself.
 */
export const DEFAULT_THRESHOLD = 1024 * 1024;

/**
 * Waits between retries after a failed request, in ms: about a minute in all, time for a proxy
 * or a link to come back (a restarted proxy takes a few seconds to listen again).
 */
export const DEFAULT_RETRY_DELAYS = Object.freeze([0, 1000, 3000, 5000, 10000, 20000, 30000]);

function settingsFrom(options, store) {
  if (options === null || typeof options !== 'object') throw new TypeError('enableResumableUploads: options must be an object');
  const {
    threshold = DEFAULT_THRESHOLD, retryDelays = DEFAULT_RETRY_DELAYS, chunkSize = Infinity,
    onProgress, onResume, onError, storage,
  } = options;
  if (!Number.isSafeInteger(threshold) || threshold < 0) {
    throw new RangeError(`enableResumableUploads: threshold must be a whole number of bytes ≥ 0, not ${threshold}`);
  }
  if (!Array.isArray(retryDelays) || !retryDelays.every((d) => Number.isFinite(d) && d >= 0)) {
    throw new RangeError('enableResumableUploads: retryDelays must be an array of waits in ms (each ≥ 0)');
  }
  if (!(chunkSize === Infinity || (Number.isSafeInteger(chunkSize) && chunkSize > 0))) {
    throw new RangeError(`enableResumableUploads: chunkSize must be a positive whole number of bytes or Infinity, not ${chunkSize}`);
  }
  for (const [name, callback] of Object.entries({ onProgress, onResume, onError })) {
    if (callback !== undefined && typeof callback !== 'function') throw new TypeError(`enableResumableUploads: ${name} must be a function`);
  }
  return {
    threshold, retryDelays: [...retryDelays], chunkSize, onProgress, onResume, onError,
    store: storage ? new FingerprintStore(storage) : store,
  };
}

function wireClientPrototype(remoteStorage) {
  const WireClient = remoteStorage.featureModules && remoteStorage.featureModules.WireClient;
  if (WireClient && WireClient.prototype && typeof WireClient.prototype.put === 'function') return WireClient.prototype;
  const remote = remoteStorage.remote;
  if (remote && typeof remote.put === 'function' && typeof remote.configure === 'function') return Object.getPrototypeOf(remote);
  throw new TypeError('enableResumableUploads: expected a RemoteStorage instance (remotestorage.js ≥ 2.0.0-beta.10)');
}

function wrapPut(prototype) {
  if (prototype.put[ORIGINAL_PUT]) return;
  const plainPut = prototype.put;
  const put = function put(path, body, contentType, conditions) {
    const state = this.rs && this.rs[STATE];
    if (state && state.enabled && this.connected && describeResumableSupport(this.properties).protocol === 'tus') {
      const bytes = documentBytes(body);
      if (bytes && bytes.byteLength > state.settings.threshold) {
        return resumablePut(this, { path, bytes, contentType, conditions }, state.settings, state.running);
      }
    }
    return plainPut.call(this, path, body, contentType, conditions);
  };
  put[ORIGINAL_PUT] = plainPut;
  prototype.put = put;
}

/**
 * From now on, document writes larger than `options.threshold` bytes go through a resumable
 * upload wherever the connected storage announces one in WebFinger; everything else keeps the
 * plain PUT. Call it once, any time after `new RemoteStorage()`; calling it again changes the
 * options.
 * @param {RemoteStorage} remoteStorage
 * @param {{threshold?: number, retryDelays?: number[], chunkSize?: number,
 *   onProgress?: (path: string, sent: number, total: number) => void,
 *   onResume?: (path: string, offset: number, total: number) => void,
 *   onError?: (error: import('./errors.js').ResumableUploadError) => void,
 *   storage?: Storage}} [options]
 */
export function enableResumableUploads(remoteStorage, options = {}) {
  if (remoteStorage === null || typeof remoteStorage !== 'object') {
    throw new TypeError('enableResumableUploads: expected a RemoteStorage instance');
  }
  const prototype = wireClientPrototype(remoteStorage);
  const state = remoteStorage[STATE] ?? { store: new FingerprintStore(), running: new Set() };
  state.settings = settingsFrom(options, state.store);
  state.enabled = true;
  remoteStorage[STATE] = state;
  wrapPut(prototype);
  // Without caching, storeFile goes through remoteStorage.put, bound to the wire client's put
  // when the features finished loading; bind it again so it sees the wrapped one. Before that
  // point (and with caching) the library picks the wrapped put up by itself.
  if (remoteStorage._allLoaded && !remoteStorage.local && remoteStorage.remote && typeof remoteStorage._setGPD === 'function') {
    remoteStorage._setGPD(remoteStorage.remote, remoteStorage.remote);
  }
}

/** Writes from now on are plain PUTs again. Uploads already running finish. */
export function disableResumableUploads(remoteStorage) {
  const state = remoteStorage && remoteStorage[STATE];
  if (state) state.enabled = false;
}

/**
 * Stops the resumable uploads now running (a pause): their writes fail with a
 * ResumableUploadError of code 'aborted', the storage keeps the bytes it received, and storing
 * the same document again resumes from there.
 */
export function abortResumableUploads(remoteStorage) {
  const state = remoteStorage && remoteStorage[STATE];
  if (state) for (const upload of [...state.running]) upload.abort();
}

/**
 * What the connected storage announces (tus version, IETF draft) and the protocol the add-on
 * uses there ('tus', or null for plain PUTs).
 */
export function resumableSupport(remoteStorage) {
  return describeResumableSupport(remoteStorage && remoteStorage.remote && remoteStorage.remote.properties);
}
