/**
 * Where Sealbox's two workers come from. By default each starts from the file next to the module that
 * creates it (`new Worker(new URL('./workers/<name>.worker.js', import.meta.url))` in the package), a
 * form vite, webpack and Parcel follow and copy into the app's build. `setBasePath` points both at a
 * folder of their own for hosting that moves files (a CDN path, a copied `dist/workers/` folder); a
 * client's `createWorker` option replaces both for anything else.
 */

/** Sealbox's workers: `crypto` holds the unlocked key and runs openpgp.js, `pdf` parses PDF previews. */
export type SealWorkerKind = 'crypto' | 'pdf';

/** Starts one of Sealbox's workers; see the `createWorker` client option. */
export type SealWorkerFactory = (kind: SealWorkerKind) => Worker;

const FILES: Record<SealWorkerKind, string> = { crypto: 'crypto.worker.js', pdf: 'pdf.worker.js' };

let basePath: string | undefined;

/**
 * Loads Sealbox's workers from `path` (a folder URL, absolute or relative to the page) instead of from
 * next to the package's modules: for apps whose bundler does not follow `new URL(…, import.meta.url)`
 * (esbuild, Rollup without a plugin) and copy `sealbox/dist/workers/` themselves, or that serve them
 * from elsewhere. Call it before the first client starts; `undefined` restores the default.
 */
export function setBasePath(path: string | undefined): void {
  if (path !== undefined && (typeof path !== 'string' || path.trim() === '')) {
    throw new TypeError('setBasePath needs a folder URL, e.g. "/static/sealbox/"');
  }
  basePath = path === undefined ? undefined : path.endsWith('/') ? path : `${path}/`;
}

/** The folder set with `setBasePath`, if any. */
export function getBasePath(): string | undefined {
  return basePath;
}

/**
 * Starts worker `kind`: from the base path when one is set, else with `bundled`, the literal
 * `new Worker(new URL(...))` of the calling module that bundlers follow. A worker script on another
 * origin (the package served from a CDN) cannot be started directly, so it is started from a
 * same-origin module that imports `file.path` relative to `file.base` (the caller's `import.meta.url`;
 * kept apart from `new URL` so bundlers do not copy the file a second time as a plain asset).
 */
export function startWorker(kind: SealWorkerKind, bundled: () => Worker, file: { path: string; base: string }): Worker {
  const name = `sealbox-${kind}`;
  if (basePath !== undefined) return startAt(new URL(FILES[kind], new URL(basePath, document.baseURI)), name);
  try {
    return bundled();
  } catch (error) {
    // Browsers throw SecurityError at once for a worker script on another origin.
    if ((error as { name?: string } | null)?.name !== 'SecurityError') throw error;
    return startFromImport(new URL(file.path, file.base), name);
  }
}

function startAt(url: URL, name: string): Worker {
  return url.origin === location.origin ? new Worker(url, { type: 'module', name }) : startFromImport(url, name);
}

function startFromImport(url: URL, name: string): Worker {
  const bootstrap = URL.createObjectURL(new Blob([`import ${JSON.stringify(url.href)};\n`], { type: 'text/javascript' }));
  try {
    return new Worker(bootstrap, { type: 'module', name });
  } finally {
    // The worker fetches its script before this task ends; the URL is not needed after that.
    setTimeout(() => URL.revokeObjectURL(bootstrap), 10_000);
  }
}

/**
 * Explains a worker that did not load, for the developer reading the console; users see the error
 * code's own words.
 */
export function workerLoadHint(kind: SealWorkerKind): string {
  const where = basePath !== undefined ? `from ${new URL(FILES[kind], new URL(basePath, document.baseURI)).href}` : 'from next to the Sealbox package';
  return (
    `Sealbox's ${kind} worker did not load ${where}. If your bundler does not copy workers referenced as ` +
    `new Worker(new URL(…, import.meta.url)) (esbuild, Rollup without a plugin), copy sealbox/dist/workers/ ` +
    `to your site and call setBasePath() with its URL, or pass createWorker; check that the page's CSP allows ` +
    `the worker (worker-src) and WebAssembly ('wasm-unsafe-eval').`
  );
}
