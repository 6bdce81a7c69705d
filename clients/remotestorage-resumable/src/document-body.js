// remotestorage.js hands its put a string, an ArrayBuffer or an ArrayBufferView. tus-js-client
// takes a Buffer in node and a Blob in browsers. Neither conversion copies more than once.

/** The body's bytes, as a plain PUT would send them (strings as UTF-8); null for other types. */
export function documentBytes(body) {
  if (typeof body === 'string') return new TextEncoder().encode(body);
  if (body instanceof ArrayBuffer) return new Uint8Array(body);
  if (ArrayBuffer.isView(body)) return new Uint8Array(body.buffer, body.byteOffset, body.byteLength);
  return null;
}

const inNode = typeof process !== 'undefined' && process.versions != null && process.versions.node != null
  && typeof Buffer === 'function';

/** What tus-js-client can read in this environment. */
export function uploadSource(bytes) {
  return inNode ? Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength) : new Blob([bytes]);
}

/** Lower-case hex SHA-256 of the bytes (WebCrypto: browsers and node ≥ 20). */
export async function sha256Hex(bytes) {
  const digest = new Uint8Array(await globalThis.crypto.subtle.digest('SHA-256', bytes));
  return Array.from(digest, (b) => b.toString(16).padStart(2, '0')).join('');
}
