// Where an unfinished upload is remembered, so that storing the same document again (after a
// network drop, or after a page reload) resumes from the proxy's offset. Implements the url
// storage interface of tus-js-client. Browsers keep the entries in localStorage; where there is
// none (node) they live as long as the process.

const PREFIX = 'remotestorage-resumable::';

function usableLocalStorage() {
  try {
    const storage = globalThis.localStorage;
    if (!storage) return null;
    const probe = `${PREFIX}probe`;
    storage.setItem(probe, probe);
    storage.removeItem(probe);
    return storage;
  } catch {
    // Private browsing modes and sandboxed frames throw on access.
    return null;
  }
}

class MemoryStorage {
  #items = new Map();
  get length() { return this.#items.size; }
  key(index) { return [...this.#items.keys()][index] ?? null; }
  getItem(key) { return this.#items.has(key) ? this.#items.get(key) : null; }
  setItem(key, value) { this.#items.set(key, String(value)); }
  removeItem(key) { this.#items.delete(key); }
}

// Shared by every RemoteStorage instance of the process, as localStorage is by a page's.
let processMemory;

export class FingerprintStore {
  /** @param {Storage} [storage] a Web Storage; defaults to localStorage, else the process's memory */
  constructor(storage) {
    this.storage = storage ?? usableLocalStorage() ?? (processMemory ??= new MemoryStorage());
  }

  #entries(prefix) {
    const found = [];
    for (let i = 0; i < this.storage.length; i++) {
      const key = this.storage.key(i);
      if (key === null || !key.startsWith(prefix)) continue;
      try {
        found.push({ ...JSON.parse(this.storage.getItem(key)), urlStorageKey: key });
      } catch {
        // Not ours, or damaged: a fresh upload is the safe answer.
      }
    }
    return found;
  }

  async findAllUploads() {
    return this.#entries(PREFIX);
  }

  async findUploadsByFingerprint(fingerprint) {
    return this.#entries(`${PREFIX}${fingerprint}::`);
  }

  async removeUpload(urlStorageKey) {
    this.storage.removeItem(urlStorageKey);
  }

  async addUpload(fingerprint, upload) {
    // One entry per fingerprint: a newer upload of the same bytes replaces the older one.
    for (const entry of this.#entries(`${PREFIX}${fingerprint}::`)) this.storage.removeItem(entry.urlStorageKey);
    const key = `${PREFIX}${fingerprint}::${Math.round(Math.random() * 1e12)}`;
    this.storage.setItem(key, JSON.stringify(upload));
    return key;
  }
}
