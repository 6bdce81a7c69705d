// remotestorage-resumable: remotestorage.js writes large documents through a resumable upload
// (tus 1.0.0) where the storage announces one, for example behind RsResumeProxy.
export {
  enableResumableUploads, disableResumableUploads, abortResumableUploads, resumableSupport, DEFAULT_THRESHOLD, DEFAULT_RETRY_DELAYS,
} from './install.js';
export { RESUMABLE_PROPERTIES, describeResumableSupport } from './properties.js';
export { ResumableUploadError } from './errors.js';
export { FingerprintStore } from './fingerprint-store.js';
