// One document write through tus, shaped like remotestorage.js's own put: it resolves
// { statusCode, revision, contentType } for every HTTP answer (412 and 401 included) and rejects
// only when no answer came, exactly as the wire client does for a plain PUT.
import { Upload } from 'tus-js-client';
import { sha256Hex, uploadSource } from './document-body.js';
import { ResumableUploadError } from './errors.js';

// The URL of a document: the storage root plus the URI-encoded path, as remotestorage.js's
// cleanPath builds it, so both write paths address the same document.
export function documentUrl(href, path) {
  return href + path.replace(/\/+/g, '/').split('/').map(encodeURIComponent).join('/').replace(/'/g, '%27');
}

const stripQuotes = (etag) => (typeof etag === 'string' && etag.length > 0 ? etag.replace(/^["']|["']$/g, '') : undefined);
const addQuotes = (revision) => (revision === '*' ? '*' : `"${revision}"`);

function conditionalHeaders(remote, conditions) {
  const headers = {};
  // remotestorage.js sends conditionals only to servers that support revisions.
  if (!remote.supportsRevs || !conditions) return headers;
  if (conditions.ifMatch) headers['If-Match'] = addQuotes(conditions.ifMatch);
  if (conditions.ifNoneMatch) headers['If-None-Match'] = addQuotes(conditions.ifNoneMatch);
  return headers;
}

// A token the storage refuses is found with one HEAD before any byte is sent, instead of at the
// commit after the whole body. Anything but 401/403 (including no answer) lets the upload go on:
// the commit at the end is what decides.
async function tokenRefusal(url, authorization) {
  try {
    const response = await fetch(url, { method: 'HEAD', headers: { Authorization: authorization }, cache: 'no-store' });
    return response.status === 401 || response.status === 403 ? response : null;
  } catch {
    return null;
  }
}

/**
 * Stores `bytes` at `path` through a resumable upload.
 * @param {object} remote remotestorage.js's WireClient (href, token, supportsRevs, rs)
 * @param {object} request { path, bytes, contentType, conditions }
 * @param {object} settings the add-on's settings (threshold, retryDelays, chunkSize, callbacks, store)
 * @param {Set<{ abort: () => void }>} running where the upload is listed while it runs, so it can be stopped
 */
export async function resumablePut(remote, { path, bytes, contentType, conditions }, settings, running) {
  const url = documentUrl(remote.href, path);
  const authorization = `Bearer ${remote.token}`;
  const rs = remote.rs;
  const emit = (event, data) => { if (rs && typeof rs._emit === 'function') rs._emit(event, data); };
  const report = (error) => { if (settings.onError) settings.onError(error); return error; };

  const refused = await tokenRefusal(url, authorization);
  if (refused) {
    report(new ResumableUploadError('token-refused',
      `The storage refused the token (${refused.status}) for ${path}; connect again to get a new one. Nothing was uploaded.`,
      { path, status: refused.status }));
    // Resolved like a plain PUT's 401/403, so remotestorage.js emits its Unauthorized error.
    return { statusCode: refused.status, revision: undefined };
  }

  const headers = { Authorization: authorization, ...conditionalHeaders(remote, conditions) };
  // The same bytes to the same document with the same conditions resume the same upload; anything
  // else starts afresh (the proxy replaces a pending upload of this credential at this URL).
  const fingerprint = [url, contentType, headers['If-Match'] ?? '', headers['If-None-Match'] ?? '',
    bytes.byteLength, await sha256Hex(bytes)].join('|');
  const forget = async () => {
    for (const entry of await settings.store.findUploadsByFingerprint(fingerprint)) {
      await settings.store.removeUpload(entry.urlStorageKey);
    }
  };

  emit('wire-busy', { method: 'PUT', isFolder: false });
  return new Promise((resolve, reject) => {
    const entry = {};
    let finished = false;
    const finish = (success) => {
      if (finished) return;
      finished = true;
      running.delete(entry);
      emit('wire-done', { method: 'PUT', isFolder: false, success });
    };
    const upload = new Upload(uploadSource(bytes), {
      // The tus creation goes to the document URL itself; the proxy answers Location = that URL.
      endpoint: url,
      headers,
      // filetype becomes the document's Content-Type in the storage.
      metadata: { filetype: contentType },
      chunkSize: settings.chunkSize,
      retryDelays: settings.retryDelays,
      urlStorage: settings.store,
      fingerprint: async () => fingerprint,
      storeFingerprintForResuming: true,
      removeFingerprintOnSuccess: true,
      onProgress(sent, total) {
        if (settings.onProgress) settings.onProgress(path, sent, total);
      },
      onAfterResponse(req, res) {
        // The offset query is how an upload learns what the proxy already holds.
        if (req.getMethod() === 'HEAD' && res.getStatus() === 200 && settings.onResume) {
          settings.onResume(path, Number(res.getHeader('Upload-Offset')), bytes.byteLength);
        }
      },
      onSuccess({ lastResponse }) {
        finish(true);
        if (!remote.online) {
          remote.online = true;
          emit('network-online');
        }
        resolve({ statusCode: lastResponse.getStatus(), revision: stripQuotes(lastResponse.getHeader('ETag')), contentType });
      },
      async onError(error) {
        finish(false);
        const response = error.originalResponse;
        if (!response) {
          if (remote.online) {
            remote.online = false;
            emit('network-offline');
          }
          reject(report(new ResumableUploadError('unreachable',
            `No answer from ${url} after ${settings.retryDelays.length + 1} attempts; the bytes the storage already ` +
            `holds are kept, and storing ${path} again resumes from there. (${error.message})`,
            { path, cause: error })));
          return;
        }
        const status = response.getStatus();
        if (status === 401 || status === 403) {
          report(new ResumableUploadError('token-refused',
            `The storage refused the token (${status}) for ${path}; connect again to get a new one.`, { path, status }));
          await forget();
        } else if (status >= 400 && status < 500) {
          // The storage said no to this document (412 conflict, 409, 413, …): the staged bytes are of
          // no further use, so they are discarded rather than left to expire.
          report(new ResumableUploadError('refused', `The storage refused ${path} with ${status}.`, { path, status }));
          await forget();
          await Upload.terminate(url, { headers: { Authorization: authorization }, retryDelays: [] }).catch(() => {});
        } else {
          report(new ResumableUploadError('refused', `The storage answered ${status} for ${path}; storing it again resumes.`, { path, status }));
        }
        // Resolved like a plain PUT's answer: remotestorage.js decides what the status means.
        resolve({ statusCode: status, revision: stripQuotes(response.getHeader('ETag')) });
      },
    });
    entry.abort = () => {
      finish(false);
      // Stops sending; the proxy keeps what it received, and the fingerprint stays for the resume.
      upload.abort(false).catch(() => {});
      reject(report(new ResumableUploadError('aborted',
        `The upload of ${path} was stopped; the storage keeps the bytes it received, and storing ${path} again resumes.`, { path })));
    };
    running.add(entry);
    upload.findPreviousUploads().then((previous) => {
      if (previous.length > 0) upload.resumeFromPreviousUpload(previous[0]);
      upload.start();
    }, (error) => {
      finish(false);
      reject(error);
    });
  });
}
