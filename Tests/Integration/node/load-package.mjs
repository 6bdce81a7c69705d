// Loads an npm package from testenv/node_modules for the test drivers in this folder.
//
// ESM `import 'pkg'` resolves relative to THIS file (Tests/Integration/node/), not to the working directory, and
// ignores NODE_PATH. The packages live in testenv/node_modules, so resolve through a CommonJS require
// anchored at the working directory (NodeScript runs the drivers with cwd = testenv), which also
// honours NODE_PATH as a fallback. The packages used here ship a CommonJS "main", so require() gives
// the same API as import.
import path from 'node:path';
import { createRequire } from 'node:module';

export function loadPackage(name) {
  const anchors = [path.join(process.cwd(), 'noop.js'), import.meta.url];
  let lastError;
  for (const anchor of anchors) {
    try {
      return createRequire(anchor)(name);
    } catch (error) {
      lastError = error;
    }
  }
  throw new Error(`cannot load ${name} (run from testenv or set NODE_PATH): ${lastError?.message}`);
}
