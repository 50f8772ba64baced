// What every benchmark starts with: the project served by vite (no reloads, no dependency
// re-optimization mid-run) and headless Chromium. Exits with a one-line message when no browser is found.
import { dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';
import { createServer } from 'vite';
import { CHROME_ARGS, findChrome } from '../find-chrome.mjs';

export const ROOT = dirname(dirname(dirname(fileURLToPath(import.meta.url))));

/** Resolves with the server, the browser, the browser's path and `url(path)` for pages under the root. */
export async function startBench() {
  const executablePath = findChrome();
  if (!executablePath) {
    console.error('No Chrome or Chromium found: set CHROME_PATH or install Chromium (Debian/Ubuntu: apt-get install chromium).');
    process.exit(1);
  }
  const server = await createServer({
    configFile: false,
    root: ROOT,
    logLevel: 'error',
    // No reloads: a file saved elsewhere in the project must not restart a run.
    server: { port: 0, strictPort: false, hmr: false, watch: null },
    worker: { format: 'es' },
    // Every dependency is plain ESM: serve it as is, so no re-optimization can invalidate modules mid-run.
    optimizeDeps: { noDiscovery: true, include: [] },
  });
  await server.listen();
  const browser = await chromium.launch({ executablePath, args: CHROME_ARGS });
  return {
    server,
    browser,
    executablePath,
    url: (path) => new URL(path, server.resolvedUrls.local[0]).href,
    async close() {
      await browser.close();
      await server.close();
    },
  };
}
