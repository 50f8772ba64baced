/**
 * Where Sealbox's two workers come from. Each worker file is self-contained (it imports nothing by
 * package name), so it runs the same wherever it is served from. By default a worker starts from:
 * - the file next to the module that starts it (`new Worker(new URL('./workers/<kind>.worker.js',
 *   import.meta.url))` in the package): the form vite, webpack and Parcel follow and copy into the
 *   app's build, and which a page loading the package unbundled (from a CDN) reaches as it is;
 * - a locate module the app's bundler emitted for a lazy `import()`, for bundlers that do not follow
 *   `new URL(…)` (Rollup, esbuild with `--splitting`): imported on the page it only says its own URL;
 *   started as a worker it loads the worker's code (see crypto-locate.ts). The package names it through
 *   its `imports` field, which gives webpack an empty stand-in (locate-none.js).
 * A bundler that follows `new URL(…)` rewrites the literal, so a caller whose literal is still in its
 * own code was not rewritten: the locate module comes first there, and no request goes to a file the
 * bundler never copied. `setBasePath` points both workers at a folder of their own instead; a
 * client's `createWorker` option replaces all of this.
 */
import { WORKER_LISTENING } from './listening.js';

/** Sealbox's workers: `crypto` holds the unlocked key and runs openpgp.js, `pdf` parses PDF previews. */
export type SealWorkerKind = 'crypto' | 'pdf';

/** Starts one of Sealbox's workers; see the `createWorker` client option. */
export type SealWorkerFactory = (kind: SealWorkerKind) => Worker;

/** One way to start a worker; null when it does not apply to this build. */
export type WorkerStart = () => Worker | null | Promise<Worker | null>;

/** Why no worker could be started: none loaded, one ran and failed, or one loaded and never answered. */
export type WorkerFailure = { reason: 'worker-load' } | { reason: 'worker-error'; message: string } | { reason: 'worker-silent' };

/** Longest wait for a started worker to say that it listens. */
const LISTEN_TIMEOUT_MS = 30_000;

const FILES: Record<SealWorkerKind, string> = { crypto: 'crypto.worker.js', pdf: 'pdf.worker.js' };

let basePath: string | undefined;

/**
 * Loads Sealbox's workers from `path` (a folder URL, absolute or relative to the page) instead of from
 * next to the package's modules: for a copy of `sealbox/dist/workers/` the application serves itself
 * (a bundler that inlines lazy imports, such as esbuild without `--splitting`), or any other hosting.
 * Call it before the first worker starts; `undefined` restores the default.
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

/** How the calling module can start worker `kind`: the literal bundlers follow, and its locate module. */
export interface DefaultWorker {
  /** The calling module's own `new Worker(new URL(…, import.meta.url))`, the form bundlers follow. */
  readonly bundled: () => Worker;
  /** The literal in `bundled`, a path relative to `base`, the caller's `import.meta.url`. */
  readonly path: string;
  readonly base: string | undefined;
  /** The caller's lazy `import()` of the worker's locate module (see crypto-locate.ts). */
  readonly locate: () => Promise<{ readonly workerUrl: string | undefined }>;
}

/**
 * The default ways to start worker `kind`, in the order they are tried (see the top of this file); the
 * base path is read when the worker starts.
 */
export function defaultWorkerStarts(kind: SealWorkerKind, own: DefaultWorker): WorkerStart[] {
  const name = `sealbox-${kind}`;
  const fromBasePath: WorkerStart = () => (basePath === undefined ? null : startAt(new URL(FILES[kind], new URL(basePath, document.baseURI)), name));
  const fromFile: WorkerStart = () => {
    if (basePath !== undefined) return null;
    try {
      return own.bundled();
    } catch (error) {
      // Browsers throw SecurityError at once for a worker script on another origin (a CDN).
      if ((error as { name?: string } | null)?.name === 'SecurityError' && own.base) return startFromImport(new URL(own.path, own.base), name);
      // No usable import.meta.url (a classic-script bundle): this way does not apply.
      if (error instanceof TypeError) return null;
      throw error;
    }
  };
  const fromLocated: WorkerStart = async () => {
    if (basePath !== undefined) return null;
    // Unbundled, the package's `#…-locate` import does not resolve: another way applies.
    const { workerUrl } = await own.locate().catch(() => ({ workerUrl: undefined }));
    // A bundler that inlined the lazy import put the locate module into the caller's own file, which
    // must not run as a worker; webpack names modules by their file: path, which no page can load.
    if (typeof workerUrl !== 'string' || workerUrl === own.base || !/^(https?|blob):/.test(workerUrl)) return null;
    return startAt(new URL(workerUrl), name);
  };
  const rewritten = !String(own.bundled).includes(own.path);
  return rewritten ? [fromBasePath, fromFile, fromLocated] : [fromBasePath, fromLocated, fromFile];
}

/**
 * Starts a worker by the first of `starts` that works, resolving once it says it listens (nothing is
 * sent to a worker before, so no message is lost while a worker loads its code). A worker that ran and
 * failed is followed by the next way (a located chunk may hold code that cannot run in a worker), and
 * its failure is the one reported if none works; one that loaded and never answered ends the search.
 */
export async function startListeningWorker(
  starts: readonly WorkerStart[],
  signal?: AbortSignal,
  timeoutMs = LISTEN_TIMEOUT_MS,
): Promise<Worker | WorkerFailure> {
  let failure: WorkerFailure = { reason: 'worker-load' };
  for (const start of starts) {
    signal?.throwIfAborted();
    let worker: Worker | null;
    try {
      worker = await start();
    } catch (error) {
      if (failure.reason === 'worker-load') failure = { reason: 'worker-error', message: error instanceof Error ? error.message : String(error) };
      continue;
    }
    if (!worker) continue;
    const outcome = await listening(worker, signal, timeoutMs);
    if (outcome === 'listening') return worker;
    worker.terminate();
    signal?.throwIfAborted();
    if (outcome === 'not-loaded') continue;
    if (outcome.reason === 'worker-silent') return outcome;
    if (failure.reason === 'worker-load') failure = outcome;
  }
  return failure;
}

function listening(worker: Worker, signal: AbortSignal | undefined, timeoutMs: number): Promise<'listening' | 'not-loaded' | WorkerFailure> {
  return new Promise((resolve) => {
    const stop = new AbortController();
    const settle = (outcome: 'listening' | 'not-loaded' | WorkerFailure) => {
      stop.abort();
      clearTimeout(timer);
      resolve(outcome);
    };
    const timer = setTimeout(() => settle({ reason: 'worker-silent' }), timeoutMs);
    worker.addEventListener(
      'message',
      (event) => {
        if (event.data === WORKER_LISTENING) settle('listening');
      },
      { signal: stop.signal },
    );
    worker.addEventListener(
      'error',
      (event) => {
        event.preventDefault();
        // A script that did not load says nothing; one that ran and threw says what.
        settle(event.message ? { reason: 'worker-error', message: event.message } : 'not-loaded');
      },
      { signal: stop.signal },
    );
    signal?.addEventListener('abort', () => settle('not-loaded'), { signal: stop.signal });
  });
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
 * Explains a worker that did not start, for the developer reading the console; users see the error
 * code's own words.
 */
export function workerLoadHint(kind: SealWorkerKind, failure: WorkerFailure = { reason: 'worker-load' }): string {
  const copy = `copy sealbox/dist/workers/ to your site and call setBasePath() with its URL, or pass createWorker`;
  if (failure.reason === 'worker-error') {
    return (
      `Sealbox's ${kind} worker failed as it started: ${failure.message}. If your build puts ` +
      `sealbox/dist/workers/ into shared chunks (manualChunks, a vendor chunk), keep it out of them, or ${copy}.`
    );
  }
  if (failure.reason === 'worker-silent') {
    return `Sealbox's ${kind} worker loaded but did not answer within ${LISTEN_TIMEOUT_MS / 1000} s: check that createWorker starts sealbox/dist/workers/${FILES[kind]}.`;
  }
  const where = basePath !== undefined ? `from ${new URL(FILES[kind], new URL(basePath, document.baseURI)).href}` : 'next to the Sealbox package';
  return (
    `Sealbox's ${kind} worker did not load ${where}. If your bundler inlines lazy imports (esbuild without ` +
    `--splitting, Rollup with inlineDynamicImports), ${copy}; check that the page's CSP allows the worker ` +
    `(worker-src) and WebAssembly ('wasm-unsafe-eval').`
  );
}
