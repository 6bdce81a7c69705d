'use strict';

// A remoteStorage app that uploads large files resumably through RsResumeProxy.
//
// 1. remotestorage.js connects to the account (WebFinger, then OAuth or a pasted token).
// 2. One line, enableResumableUploads(remoteStorage, …), from clients/remotestorage-resumable:
//    from then on storeFile sends large documents as resumable uploads (tus 1.0.0) wherever the
//    storage's WebFinger link announces them, as RsResumeProxy does, with the same token, to the
//    same document URL, and with plain PUTs everywhere else.
// 3. Pause stops the upload; the proxy keeps what it received, and storing the same file again
//    (Resume, or a page reload and Upload) goes on from there.

const MODULE = 'uploads';

const ui = Object.fromEntries([
  'connect-form', 'address', 'token', 'connect', 'disconnect', 'connection', 'resumable', 'file', 'path',
  'start', 'pause', 'resume', 'progress', 'progress-text', 'result', 'document-link', 'etag',
  'final-status', 'log', 'module-name',
].map((id) => [id.replace(/-(.)/g, (_, c) => c.toUpperCase()), document.getElementById(id)]));

const { enableResumableUploads, abortResumableUploads, resumableSupport } = RemoteStorageResumable;
const remoteStorage = new RemoteStorage({ cache: false });
remoteStorage.access.claim(MODULE, 'rw');
const uploads = remoteStorage.scope(`/${MODULE}/`);

let upload = null; // { file, path, bytes }

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
  ui.resume.disabled = state !== 'paused' && state !== 'error';
}

const MIB = 1024 * 1024;
enableResumableUploads(remoteStorage, {
  onProgress(path, sent, total) {
    ui.progress.max = total;
    ui.progress.value = sent;
    ui.progressText.textContent = `${((100 * sent) / total).toFixed(1)} % (${(sent / MIB).toFixed(1)} of ${(total / MIB).toFixed(1)} MiB)`;
  },
  onResume(path, offset) {
    document.body.dataset.resumedFrom = offset;
    log(`The proxy already holds ${offset} bytes of ${path}; continuing from there.`);
  },
});

remoteStorage.on('connected', () => {
  const remote = remoteStorage.remote;
  ui.connection.textContent = `Connected as ${remote.userAddress}; storage at ${remote.href}`;
  const support = resumableSupport(remoteStorage);
  ui.resumable.className = support.protocol ? '' : 'missing';
  ui.resumable.textContent = support.protocol
    ? `Resumable uploads: tus ${support.tus} (announced in WebFinger).`
    : 'This storage does not announce resumable uploads in its WebFinger link, so large files would go as '
      + 'one plain PUT that cannot resume. Connect through RsResumeProxy.';
  setState(support.protocol ? 'connected' : 'no-resumable');
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
  setState('connecting');
  log(`Looking up ${ui.address.value.trim()}`);
  // Without a token remotestorage.js sends the browser to the provider's OAuth dialog and back.
  remoteStorage.connect(ui.address.value.trim(), ui.token.value.trim() || undefined);
});

ui.disconnect.addEventListener('click', () => remoteStorage.disconnect());

ui.file.addEventListener('change', () => {
  const file = ui.file.files[0];
  if (file && !ui.path.value) ui.path.value = file.name;
  setState(document.body.dataset.state === 'done' ? 'connected' : document.body.dataset.state);
});

function documentUrl() {
  return `${remoteStorage.remote.href}/${MODULE}/${upload.path.split('/').map(encodeURIComponent).join('/')}`;
}

// Storing the same bytes at the same path again is what resumes: the add-on finds the unfinished
// upload by its fingerprint (kept in localStorage, so a reload does not lose it).
async function store() {
  setState('uploading');
  try {
    const revision = await uploads.storeFile(upload.file.type || 'application/octet-stream', upload.path, upload.bytes);
    ui.etag.textContent = `"${revision}"`;
    ui.finalStatus.textContent = 'stored by the storage server';
    ui.documentLink.textContent = ui.documentLink.href = documentUrl();
    ui.result.hidden = false;
    log(`Stored ${documentUrl()} with ETag "${revision}".`);
    setState('done');
  } catch (error) {
    if (error.code === 'aborted') {
      log(`Paused at ${ui.progressText.textContent}.`);
      setState('paused');
      return;
    }
    log(`Upload failed: ${error.message || error}`, true);
    document.body.dataset.lastError = String(error.message || error);
    setState('error');
  }
}

ui.start.addEventListener('click', async () => {
  const file = ui.file.files[0];
  if (!file) return;
  // remotestorage.js takes a document as one buffer: the whole file is read into memory.
  upload = { file, path: ui.path.value || file.name, bytes: await file.arrayBuffer() };
  ui.result.hidden = true;
  ui.progress.value = 0;
  log(`Uploading ${file.name} (${file.size} bytes) to ${documentUrl()}`);
  store();
});

ui.pause.addEventListener('click', () => abortResumableUploads(remoteStorage));

ui.resume.addEventListener('click', () => {
  if (!upload) return;
  log('Resuming.');
  store();
});

// RS documents outside /public/ need the token, so the link downloads through fetch.
ui.documentLink.addEventListener('click', async (event) => {
  event.preventDefault();
  const response = await fetch(ui.documentLink.href, { headers: { Authorization: `Bearer ${remoteStorage.remote.token}` } });
  if (!response.ok) {
    log(`Download failed: ${response.status}`, true);
    return;
  }
  const blob = await response.blob();
  log(`Downloaded ${blob.size} bytes, ETag ${response.headers.get('ETag')}.`);
  const link = document.createElement('a');
  link.href = URL.createObjectURL(blob);
  link.download = upload.path.split('/').pop();
  link.click();
  setTimeout(() => URL.revokeObjectURL(link.href), 60000);
});

ui.moduleName.textContent = MODULE;
setState('disconnected');
