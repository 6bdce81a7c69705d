// Drives examples/browser in headless Chromium: connect with remotestorage.js, upload a file with
// storeFile and the remotestorage-resumable add-on, pause in the middle, check what the proxy and
// the backend hold while paused, resume, and report what the page showed. The C# test (BrowserExampleTests) then compares the
// stored document with the file byte for byte.
//
// Env: PAGE_URL, RS_ADDRESS (user@host:port of the proxy), RS_TOKEN (pasted into the page) or
// RS_PASSWORD (sign in on the server's OAuth page instead), UPLOAD_FILE, DOCUMENT_PATH (inside
// /uploads/), PROXY_DOCUMENT_URL, BACKEND_DOCUMENT_URL, PAUSE_AFTER_BYTES (0: no pause),
// UPLOAD_THROUGHPUT (bytes/s while waiting to pause), CHROMIUM_PATH (default /usr/bin/chromium).
// Prints one JSON object on stdout.
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { env, launchChromium } from './chromium.mjs';

const pauseAfter = Number(env('PAUSE_AFTER_BYTES', '0'));
const throughput = Number(env('UPLOAD_THROUGHPUT', '0'));
const password = process.env.RS_PASSWORD;
const result = { consoleErrors: [], failedRequests: [] };
const { context, close } = await launchChromium();
try {
  const page = context.pages()[0] ?? await context.newPage();
  page.setDefaultTimeout(120_000);
  page.on('console', (message) => { if (message.type() === 'error') result.consoleErrors.push(message.text()); });
  page.on('pageerror', (error) => result.consoleErrors.push(error.message));
  page.on('requestfailed', (request) =>
    result.failedRequests.push(`${request.method()} ${request.url()}: ${request.failure()?.errorText}`));

  // Slow the upload while we wait to pause, so that the pause lands in the middle of the body.
  const cdp = await context.newCDPSession(page);
  await cdp.send('Network.enable');
  const throttle = (bytesPerSecond) => cdp.send('Network.emulateNetworkConditions',
    { offline: false, latency: 0, downloadThroughput: -1, uploadThroughput: bytesPerSecond });

  await page.goto(env('PAGE_URL'));
  await page.fill('#address', env('RS_ADDRESS'));
  if (password) {
    // No token: remotestorage.js sends the page to the server's OAuth dialog and back.
    await page.click('#connect');
    await page.waitForURL(/\/oauth\//);
    result.oauthUrl = page.url();
    await page.fill('input[name=password]', password);
    await page.click('button[name=allow]');
  } else {
    await page.fill('#token', env('RS_TOKEN'));
    await page.click('#connect');
  }
  await page.waitForFunction(() => ['connected', 'no-resumable'].includes(document.body.dataset.state), null, { timeout: 30_000 });
  result.connectedState = await page.evaluate(() => document.body.dataset.state);
  result.resumableText = await page.textContent('#resumable');
  result.connectionText = await page.textContent('#connection');
  if (result.connectedState !== 'connected') throw new Error(`page did not connect for uploads: ${result.resumableText}`);
  // The page's own token: an upload belongs to the credential that created it.
  const token = await page.evaluate(() => remoteStorage.remote.token);

  if (throughput > 0) await throttle(throughput);
  await page.setInputFiles('#file', env('UPLOAD_FILE'));
  await page.fill('#path', env('DOCUMENT_PATH'));
  await page.click('#start');
  if (pauseAfter > 0) {
    await page.waitForFunction((bytes) => Number(document.getElementById('progress').value) >= bytes, pauseAfter);
    await page.click('#pause');
    await page.waitForFunction(() => document.body.dataset.state === 'paused');
    result.pausedAtProgress = await page.evaluate(() => Number(document.getElementById('progress').value));

    // While paused: the proxy holds part of the file, the backend has no document yet.
    const proxyHead = await fetch(env('PROXY_DOCUMENT_URL'), {
      method: 'HEAD', headers: { 'Tus-Resumable': '1.0.0', Authorization: `Bearer ${token}` },
    });
    result.pausedProxyStatus = proxyHead.status;
    result.pausedProxyOffset = Number(proxyHead.headers.get('Upload-Offset'));
    const backend = await fetch(env('BACKEND_DOCUMENT_URL'), { headers: { Authorization: `Bearer ${token}` } });
    result.pausedBackendStatus = backend.status;

    if (throughput > 0) await throttle(-1);
    await page.click('#resume');
  }
  await page.waitForFunction(() => ['done', 'error'].includes(document.body.dataset.state), null, { timeout: 300_000 });
  result.finalState = await page.evaluate(() => document.body.dataset.state);
  result.lastError = await page.evaluate(() => document.body.dataset.lastError ?? null);
  result.resumedFrom = await page.evaluate(() => Number(document.body.dataset.resumedFrom ?? -1));
  result.etag = await page.textContent('#etag');
  result.finalStatus = await page.textContent('#final-status');
  result.documentLink = await page.getAttribute('#document-link', 'href');
  if (result.finalState === 'done') {
    // The page's link fetches the stored document through the proxy with the token (a CORS GET).
    const [download] = await Promise.all([page.waitForEvent('download'), page.click('#document-link')]);
    const bytes = readFileSync(await download.path());
    result.downloaded = { name: download.suggestedFilename(), length: bytes.length, sha256: createHash('sha256').update(bytes).digest('hex') };
  }
  result.log = await page.$$eval('#log li', (items) => items.map((item) => item.textContent));
} finally {
  await close();
}
console.log(JSON.stringify(result));
