/**
 * Why a resumable upload did not store its document, in words an app can show.
 * `code` is one of:
 * - 'token-refused': the storage refused the token (401/403); connect again.
 * - 'unreachable': no answer from the storage (or the proxy in front of it) after every retry;
 *   the bytes it already holds stay there, and storing the same document again resumes.
 * - 'refused': the storage answered with another error status (`status`).
 * - 'aborted': stopped by abortResumableUploads; storing the same document again resumes.
 */
export class ResumableUploadError extends Error {
  constructor(code, message, { path, status, cause } = {}) {
    super(message, cause ? { cause } : undefined);
    this.name = 'ResumableUploadError';
    this.code = code;
    this.path = path;
    this.status = status;
  }
}
