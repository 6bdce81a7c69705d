// tus-upload.mjs - drive the real tus-js-client (4.3.1, pinned in testenv/package.json) from node,
// so the proxy is tested against the client people actually use rather than our own idea of tus.
//
// Configured entirely by environment variables (the C# side passes them via NodeScript.RunAsync):
//   TUS_ENDPOINT    required. The remoteStorage document URL, e.g. http://127.0.0.1:PORT/storage/user/dir/file.bin.
//                   The upload is created by POST to this URL; the proxy answers Location = the same URL.
//   TUS_FILE        required. Path of the file to upload.
//   TUS_TOKEN       optional. Sent as "Authorization: Bearer <token>" on every request.
//   TUS_CHUNK_SIZE  optional int (bytes). One PATCH per chunk. Default: the whole rest of the file in one PATCH.
//   TUS_ABORT_AT    optional int (bytes). When onProgress first reports >= this (and < the total), the upload is
//                   aborted, we wait 200 ms, and resume (HEAD for the offset, then PATCH from there).
//                   With TUS_CHUNK_SIZE set, progress is reported exactly at every chunk boundary, so an abort at a
//                   multiple of the chunk size is deterministic. Without it, only the socket progress (throttled
//                   to one event per 100 ms) can cross the mark mid-PATCH; on loopback a 5 MB PATCH produced just
//                   3 events (0, 16 KiB, end), so the abort may never fire: check "aborted" in the result.
//   TUS_FILETYPE    optional. Sent as Upload-Metadata "filetype" (plus "filename" = basename of TUS_FILE always).
//   TUS_PARALLEL    optional int > 1: parallelUploads (uses the tus concatenation extension).
//   TUS_DEFER       optional '1': uploadLengthDeferred (Upload-Defer-Length: 1 on POST; Upload-Length is sent with
//                   the PATCH that reaches the end of the file).
//   TUS_CHECKSUM    optional algorithm (sha1, md5, sha256, sha512, crc32): every PATCH carries Upload-Checksum
//                   for its body. tus-js-client 4.3.1 has no checksum support, so onBeforeRequest computes it from
//                   the file slice the PATCH sends: [Upload-Offset, Upload-Offset + TUS_CHUNK_SIZE). Plain mode only
//                   (not with TUS_PARALLEL or TUS_DEFER, whose offsets are not file offsets or whose end is unknown).
//   TUS_CHECKSUM_CORRUPT optional '1': the first PATCH carries the checksum of other bytes (the server must answer 460).
//   TUS_PROTOCOL    optional. tus-js-client's `protocol` option: 'tus-v1' (default) or 'ietf-draft-05', the IETF
//                   resumable-upload draft at interop version 6 (POST with Upload-Complete: ?0 and no body, then
//                   PATCH with application/partial-upload; no Tus-Resumable header).
//   TUS_DEBUG       optional '1': tus-js-client debug log on stderr.
//
// Output: exactly one JSON line on stdout, exit 0 on success / 1 on failure:
//   {"ok":true,"url":...,"aborted":bool,"resumedFrom":<Upload-Offset of the resume HEAD, or null>,
//    "progressEvents":n,"lastResponseStatus":n,"etag":<ETag of the last response or null>}
//   {"ok":false,"error":"...", ...same diagnostic fields...}
// Everything else (diagnostics) goes to stderr so stdout stays machine-readable.

import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import zlib from 'node:zlib';
import { loadPackage } from './load-package.mjs';


function intEnv(name) {
  const raw = process.env[name];
  if (raw === undefined || raw === '') return null;
  const n = Number.parseInt(raw, 10);
  if (!Number.isFinite(n) || String(n) !== raw.trim()) throw new Error(`${name} must be an integer, got '${raw}'`);
  return n;
}

// File source for TUS_DEFER=1, plugged in through tus-js-client's `fileReader` option. It reports size = null,
// so tus-js-client really treats the length as unknown (Upload-Defer-Length: 1 on POST, Upload-Length only on the
// last PATCH), but unlike a plain stream it can seek, so a resume from any server offset works.
// Why not the built-in sources: an fs.ReadStream becomes a FileSource whose `done` is wrong for chunked deferred
// uploads, and a plain Readable becomes a StreamSource, which in 4.3.1 hangs forever when the stream ends exactly
// at a chunk boundary (its readChunk() waits for a 'readable' event that never comes; node then exits silently).
function deferredFileReader() {
  return {
    openFile(filePath) {
      const size = fs.statSync(filePath).size;
      return Promise.resolve({
        size: null,
        slice(start, end) {
          const stop = Math.min(end, size);
          const done = stop >= size;
          if (stop <= start) {
            const empty = Buffer.alloc(0);
            empty.size = 0;
            return Promise.resolve({ value: empty, done });
          }
          // A ReadStream body is piped by tus-js-client's node http stack, so big chunks are not held in memory;
          // `size` is what it uses for Content-Length.
          const value = fs.createReadStream(filePath, { start, end: stop - 1 });
          value.size = stop - start;
          return Promise.resolve({ value, done });
        },
        close() {},
      });
    },
  };
}

const state = {
  url: null,
  aborted: false,
  resumedFrom: null,
  progressEvents: 0,
  lastResponseStatus: null,
  etag: null,
};

let finished = false;
function finish(ok, error) {
  if (finished) return;
  finished = true;
  const out = ok
    ? { ok: true, ...state }
    : { ok: false, error: String(error?.message ?? error), ...state };
  // process.exitCode (not process.exit) so stdout is flushed even when it is a pipe.
  process.stdout.write(JSON.stringify(out) + '\n');
  process.exitCode = ok ? 0 : 1;
  // Nothing else should keep the loop alive, but a lingering keep-alive socket must not delay the exit.
  setTimeout(() => process.exit(process.exitCode), 50).unref();
}

async function main() {
  const endpoint = process.env.TUS_ENDPOINT;
  const file = process.env.TUS_FILE;
  if (!endpoint) throw new Error('TUS_ENDPOINT is required');
  if (!file) throw new Error('TUS_FILE is required');
  if (!fs.existsSync(file)) throw new Error(`TUS_FILE does not exist: ${file}`);

  const token = process.env.TUS_TOKEN || null;
  const defer = process.env.TUS_DEFER === '1';
  const parallel = intEnv('TUS_PARALLEL');
  const abortAt = intEnv('TUS_ABORT_AT');
  const chunkSize = intEnv('TUS_CHUNK_SIZE');
  const checksum = process.env.TUS_CHECKSUM || null;
  const protocol = process.env.TUS_PROTOCOL || null;
  let corruptNext = process.env.TUS_CHECKSUM_CORRUPT === '1';
  if (checksum && (defer || (parallel !== null && parallel > 1))) {
    throw new Error('TUS_CHECKSUM works in plain mode only');
  }
  const fileSize = fs.statSync(file).size;

  // Upload-Checksum for the PATCH about to be sent: the digest of exactly the bytes tus-js-client will put in it.
  function checksumHeader(offset) {
    const end = chunkSize !== null ? Math.min(fileSize, offset + chunkSize) : fileSize;
    const data = Buffer.alloc(end - offset);
    const fd = fs.openSync(file, 'r');
    try {
      fs.readSync(fd, data, 0, data.length, offset);
    } finally {
      fs.closeSync(fd);
    }
    if (corruptNext) {
      corruptNext = false;
      data[0] ^= 0xff;
    }
    let digest;
    if (checksum === 'crc32') {
      digest = Buffer.alloc(4);
      digest.writeUInt32BE(zlib.crc32(data)); // big-endian, as the proxy announces
    } else {
      digest = crypto.createHash(checksum).update(data).digest();
    }
    return `${checksum} ${digest.toString('base64')}`;
  }

  const tus = loadPackage('tus-js-client');
  if (process.env.TUS_DEBUG === '1') tus.enableDebugLog();

  const metadata = { filename: path.basename(file) };
  if (process.env.TUS_FILETYPE) metadata.filetype = process.env.TUS_FILETYPE;

  // Normal mode: an fs.ReadStream, which tus-js-client turns into a seekable FileSource of known size.
  // Deferred mode: the file path, read by deferredFileReader() (see there for why).
  const openSource = () => (defer ? file : fs.createReadStream(file));

  let resuming = false;

  const makeOptions = (current) => ({
    // The resumed Upload (plain mode) gets only uploadUrl and no endpoint: if the server lost the upload, the HEAD
    // fails and we report an error instead of silently starting over with a new POST.
    ...(current === 'resume' ? { uploadUrl: state.url } : { endpoint }),
    headers: token ? { Authorization: `Bearer ${token}` } : {},
    ...(protocol ? { protocol } : {}),
    metadata,
    ...(chunkSize !== null ? { chunkSize } : {}),
    ...(parallel !== null && parallel > 1 ? { parallelUploads: parallel } : {}),
    ...(defer ? { uploadLengthDeferred: true, fileReader: deferredFileReader() } : {}),
    retryDelays: [0, 200, 500, 1000],
    ...(checksum
      ? {
          onBeforeRequest: (req) => {
            if (req.getMethod() === 'PATCH') {
              req.setHeader('Upload-Checksum', checksumHeader(Number.parseInt(req.getHeader('Upload-Offset'), 10)));
            }
          },
        }
      : {}),
    removeFingerprintOnSuccess: true,
    onUploadUrlAvailable: () => {
      if (upload?.url) state.url = upload.url;
    },
    onAfterResponse: (req, res) => {
      state.lastResponseStatus = res.getStatus();
      state.etag = res.getHeader('ETag') ?? null;
      // The first HEAD after the abort tells us where the server says we resume from.
      if (resuming && state.resumedFrom === null && req.getMethod() === 'HEAD') {
        const off = Number.parseInt(res.getHeader('Upload-Offset'), 10);
        if (!Number.isNaN(off)) state.resumedFrom = off;
      }
    },
    onProgress: (sent, total) => {
      state.progressEvents++;
      // total is null for a deferred upload until the last chunk; then any sent >= abortAt counts.
      const notDone = total === null || total === undefined || sent < total;
      if (abortAt !== null && !state.aborted && sent >= abortAt && notDone) {
        state.aborted = true;
        abortAndResume().catch((err) => finish(false, err));
      }
    },
    onSuccess: () => {
      // After abort() tus-js-client may still report the end of an in-flight response; only the live upload counts.
      if (current !== active) return;
      if (upload?.url) state.url = upload.url;
      finish(true);
    },
    onError: (err) => {
      if (current !== active) return;
      finish(false, err);
    },
  });

  let active = 'first';
  let upload = new tus.Upload(openSource(), makeOptions('first'));

  async function abortAndResume() {
    const first = upload;
    active = 'aborting';
    await first.abort(false);
    if (first.url) state.url = first.url;
    await new Promise((r) => setTimeout(r, 200));
    resuming = true;
    if (!state.url) {
      throw new Error('aborted before the upload URL was known; nothing to resume');
    }
    if (parallel !== null && parallel > 1) {
      // Parallel part URLs live only inside the Upload object (node has no URL storage by default), so this
      // mode resumes with the same Upload: start() again does HEAD + PATCH for each part.
      active = 'first';
      first.start();
    } else {
      // Plain mode: a brand-new Upload with a fresh file handle, like a client process that restarted and
      // only remembers the upload URL.
      active = 'resume';
      upload = new tus.Upload(openSource(), makeOptions('resume'));
      upload.start();
    }
  }

  upload.start();
}

// Safety net: if tus-js-client ever stalls with nothing left on the event loop, node would exit 0 silently.
process.on('beforeExit', () => finish(false, new Error('event loop drained before the upload finished (tus-js-client stalled)')));

main().catch((err) => finish(false, err));
