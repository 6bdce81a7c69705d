// Builds the browser bundles into dist/: tus-js-client's browser build included, remotestorage.js
// not (the app loads it already and hands its instance over).
//   dist/remotestorage-resumable.js   <script src>: sets window.RemoteStorageResumable
//   dist/remotestorage-resumable.mjs  <script type="module">: the same exports
import { build } from 'esbuild';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const common = {
  entryPoints: [join(root, 'src', 'index.js')],
  bundle: true,
  platform: 'browser',
  target: ['es2020'],
  minify: true,
  sourcemap: true,
  legalComments: 'linked',
  logLevel: 'warning',
};
await build({ ...common, format: 'iife', globalName: 'RemoteStorageResumable', outfile: join(root, 'dist', 'remotestorage-resumable.js') });
await build({ ...common, format: 'esm', outfile: join(root, 'dist', 'remotestorage-resumable.mjs') });
