'use strict';

// A remoteStorage app that uploads large files resumably through RsResumeProxy.
//
// 1. remotestorage.js connects to the account (WebFinger, then OAuth or a pasted token).
// 2. The WebFinger link's properties say whether resumable uploads work there:
//    "https://tus.io/protocols/resumable-upload": "1.0.0" is added by the proxy.
// 3. tus-js-client uploads to the document URL itself (endpoint = document URL), with the same
//    bearer token as any RS request. The proxy commits the finished file as one PUT, and the final
//    response carries the storage server's status and the document's ETag.

const MODULE = 'uploads';
const RESUMABLE_PROPERTY = 'https://tus.io/protocols/resumable-upload';
const MIB = 1024 * 1024;

const ui = Object.fromEntries([
  'connect-form', 'address', 'token', 'connect', 'disconnect', 'connection', 'resumable', 'file', 'path',
  'chunk-size', 'start', 'pause', 'resume', 'progress', 'progress-text', 'result', 'document-link', 'etag',
  'final-status', 'log', 'module-name',
].map((id) => [id.replace(/-(.)/g, (_, c) => c.toUpperCase()), document.getElementById(id)]));

const remoteStorage = new RemoteStorage({ cache: false });
remoteStorage.access.claim(MODULE, 'rw');

let upload = null;
let uploadDocumentUrl = null;

function log(message, isError = false) {
  const item = document.createElement('li');
  item.textContent = `${new Date().toLocaleTimeString()} ${message}`;
  if (isError) item.className = 'error';
  ui.log.append(item);
}

// The page's state, also on <body data-state> so that a test (or a stylesheet) can follow it.
function setState(state) {
  document.body.dataset.state = state;
  const connected = !['disconnected', 'connecting', 'no-resumable'].includes(state);
  ui.connect.hidden = state !== 'disconnected' && state !== 'connecting';
  ui.disconnect.hidden = !ui.connect.hidden;
  ui.start.disabled = !connected || state === 'uploading' || state === 'paused' || !ui.file.files.length;
  ui.pause.disabled = state !== 'uploading';
  // After an error, Resume asks the proxy for its offset and goes on from there.
  ui.resume.disabled = state !== 'paused' && state !== 'error';
}

function resumableVersion() {
  const properties = remoteStorage.remote && remoteStorage.remote.properties;
  return properties ? properties[RESUMABLE_PROPERTY] : undefined;
}

function documentUrlFor(name) {
  // RS document URLs are the URI-encoded path: encode each name, keep the slashes.
  const path = name.split('/').filter(Boolean).map(encodeURIComponent).join('/');
  return `${remoteStorage.remote.href}/${MODULE}/${path}`;
}

remoteStorage.on('connected', () => {
  const remote = remoteStorage.remote;
  ui.connection.textContent = `Connected as ${remote.userAddress}; storage at ${remote.href}`;
  const version = resumableVersion();
  if (version) {
    ui.resumable.textContent = `Resumable uploads: tus ${version} (announced in WebFinger).`;
    ui.resumable.className = '';
    setState('connected');
  } else {
    ui.resumable.textContent = `This storage does not announce resumable uploads (no "${RESUMABLE_PROPERTY}" ` +
      'property in its WebFinger link), so uploads would not resume. Connect through RsResumeProxy.';
    ui.resumable.className = 'missing';
    setState('no-resumable');
  }
  log(ui.connection.textContent);
});

remoteStorage.on('disconnected', () => {
  ui.connection.textContent = 'Not connected.';
  ui.resumable.textContent = '';
  setState('disconnected');
});

remoteStorage.on('error', (error) => {
  log(`remoteStorage: ${error.message || error}`, true);
  if (!remoteStorage.remote.connected) setState('disconnected');
});

ui.connectForm.addEventListener('submit', (event) => {
  event.preventDefault();
  const token = ui.token.value.trim();
  setState('connecting');
  log(`Looking up ${ui.address.value.trim()}`);
  // Without a token remotestorage.js sends the browser to the provider's OAuth dialog and
  // comes back here with one.
  remoteStorage.connect(ui.address.value.trim(), token || undefined);
});

ui.disconnect.addEventListener('click', () => remoteStorage.disconnect());

ui.file.addEventListener('change', () => {
  const file = ui.file.files[0];
  if (file && !ui.path.value) ui.path.value = file.name;
  setState(document.body.dataset.state === 'done' ? 'connected' : document.body.dataset.state);
});

ui.start.addEventListener('click', async () => {
  const file = ui.file.files[0];
  if (!file) return;
  uploadDocumentUrl = documentUrlFor(ui.path.value || file.name);
  const chunkMiB = Number(ui.chunkSize.value);
  ui.result.hidden = true;
  ui.progress.value = 0;

  upload = new tus.Upload(file, {
    // The tus creation request goes to the document URL; the proxy answers with Location = that URL.
    endpoint: uploadDocumentUrl,
    headers: { Authorization: `Bearer ${remoteStorage.remote.token}` },
    // filetype becomes the document's Content-Type in the storage.
    metadata: { filename: file.name, filetype: file.type || 'application/octet-stream' },
    chunkSize: chunkMiB > 0 ? chunkMiB * MIB : Infinity,
    retryDelays: [0, 1000, 3000, 5000, 10000],
    removeFingerprintOnSuccess: true,
    onProgress(sent, total) {
      ui.progress.max = total;
      ui.progress.value = sent;
      ui.progressText.textContent = `${((100 * sent) / total).toFixed(1)} % (${(sent / MIB).toFixed(1)} of ${(total / MIB).toFixed(1)} MiB)`;
    },
    onAfterResponse(request, response) {
      // An offset query (HEAD) is how a resumed upload learns how much the proxy already holds.
      if (request.getMethod() === 'HEAD' && response.getStatus() === 200) {
        const offset = response.getHeader('Upload-Offset');
        document.body.dataset.resumedFrom = offset;
        log(`The proxy already holds ${offset} bytes; continuing from there.`);
      }
    },
    onSuccess({ lastResponse }) {
      const etag = lastResponse.getHeader('ETag');
      ui.etag.textContent = etag || '(none)';
      ui.finalStatus.textContent = `${lastResponse.getStatus()} from the storage server`;
      ui.documentLink.textContent = uploadDocumentUrl;
      ui.documentLink.href = uploadDocumentUrl;
      ui.result.hidden = false;
      log(`Stored ${uploadDocumentUrl} with ETag ${etag}.`);
      setState('done');
    },
    onError(error) {
      log(`Upload failed: ${error.message || error}`, true);
      setState('error');
      document.body.dataset.lastError = String(error.message || error);
    },
  });

  // A page reload forgets the upload object, not the upload: tus-js-client remembers its URL in
  // localStorage, and the proxy keeps the bytes it received.
  const previous = await upload.findPreviousUploads();
  if (previous.length > 0) {
    log('Found an unfinished upload of this file; resuming it.');
    upload.resumeFromPreviousUpload(previous[0]);
  }
  log(`Uploading ${file.name} (${file.size} bytes) to ${uploadDocumentUrl}`);
  setState('uploading');
  upload.start();
});

ui.pause.addEventListener('click', async () => {
  if (!upload) return;
  // Cuts the request short; the proxy keeps every byte it received.
  await upload.abort();
  log(`Paused at ${ui.progressText.textContent}.`);
  setState('paused');
});

ui.resume.addEventListener('click', () => {
  if (!upload) return;
  log('Resuming.');
  setState('uploading');
  upload.start();
});

// RS documents outside /public/ need the token, so the link downloads through fetch.
ui.documentLink.addEventListener('click', async (event) => {
  event.preventDefault();
  const response = await fetch(uploadDocumentUrl, { headers: { Authorization: `Bearer ${remoteStorage.remote.token}` } });
  if (!response.ok) {
    log(`Download failed: ${response.status}`, true);
    return;
  }
  const blob = await response.blob();
  log(`Downloaded ${blob.size} bytes, ETag ${response.headers.get('ETag')}.`);
  const link = document.createElement('a');
  link.href = URL.createObjectURL(blob);
  link.download = uploadDocumentUrl.split('/').pop();
  link.click();
  setTimeout(() => URL.revokeObjectURL(link.href), 60000);
});

ui.moduleName.textContent = MODULE;
setState('disconnected');
