// Copies the two browser bundles the page loads from node_modules into lib/, so the folder can be
// served as plain static files (the proxy's Examples:BrowserPath, or any web server).
import { copyFileSync, existsSync, mkdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
const bundles = [
  ['remotestoragejs/release/remotestorage.js', 'remotestorage.js'],
  // A link to clients/remotestorage-resumable, whose own "npm ci" builds the bundle.
  ['remotestorage-resumable/dist/remotestorage-resumable.js', 'remotestorage-resumable.js'],
];
mkdirSync(join(here, 'lib'), { recursive: true });
for (const [from, to] of bundles) {
  const source = join(here, 'node_modules', from);
  if (!existsSync(source)) {
    console.error(`${source} is missing. Build the add-on first: npm ci --prefix ../../clients/remotestorage-resumable`);
    process.exit(1);
  }
  copyFileSync(source, join(here, 'lib', to));
}
