// Copies the two browser bundles the page loads from node_modules into lib/, so the folder can be
// served as plain static files (the proxy's Examples:BrowserPath, or any web server).
import { copyFileSync, mkdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
const bundles = [
  ['remotestoragejs/release/remotestorage.js', 'remotestorage.js'],
  ['tus-js-client/dist/tus.min.js', 'tus.min.js'],
];
mkdirSync(join(here, 'lib'), { recursive: true });
for (const [from, to] of bundles) {
  copyFileSync(join(here, 'node_modules', from), join(here, 'lib', to));
}
