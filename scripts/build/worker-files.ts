// The package build's handling of Sealbox's two workers.
//
// Source modules start a worker with `new Worker(new URL('./crypto.worker.ts', import.meta.url), …)`,
// which the test runner and the demo serve as is. In the package, the workers are files of their own at
// dist/workers/<kind>.worker.js (built by `workerBuild`), and every chunk that starts one must say
// `new Worker(new URL("./workers/crypto.worker.js", import.meta.url), …)` relative to itself: the form
// vite, webpack and Parcel recognise in an installed package, follow and copy into the application's
// build. Vite's own library handling would instead rewrite it to a root-absolute "/assets/…" URL behind
// `@vite-ignore`, which points at the application's site root.
import { dirname, posix, relative } from 'node:path';
import type { Plugin, UserConfig } from 'vite';

/** Worker kind -> its source module (relative to the project) and the module that starts it. */
export const WORKERS = {
  crypto: { source: 'src/core/crypto/crypto.worker.ts', literal: './crypto.worker.ts' },
  pdf: { source: 'src/elements/shared/attachments/pdf/pdf.worker.ts', literal: './pdf.worker.ts' },
} as const;

type Kind = keyof typeof WORKERS;
const KINDS = Object.keys(WORKERS) as Kind[];
const placeholder = (kind: Kind) => `__SEALBOX_WORKER_FILE_${kind}__`;
const escape = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** The worker's path from a chunk, as a `./`-relative URL. */
function workerPathFrom(chunkFile: string, kind: Kind): string {
  const path = relative(dirname(chunkFile), `workers/${kind}.worker.js`).split('\\').join(posix.sep);
  return path.startsWith('.') ? path : `./${path}`;
}

/** Points every `new URL('./<kind>.worker.ts', import.meta.url)` of the library at dist/workers/. */
export function workerUrls(): Plugin {
  return {
    name: 'sealbox-worker-urls',
    enforce: 'pre',
    transform(code) {
      let changed = code;
      for (const kind of KINDS) {
        const literal = new RegExp(`(['"])${escape(WORKERS[kind].literal)}\\1`, 'g');
        changed = changed.replace(literal, placeholder(kind));
      }
      return changed === code ? null : { code: changed, map: null };
    },
    renderChunk(code, chunk) {
      let changed = code;
      for (const kind of KINDS) {
        changed = changed.replaceAll(placeholder(kind), JSON.stringify(workerPathFrom(chunk.fileName, kind)));
      }
      return changed === code ? null : { code: changed, map: null };
    },
    generateBundle(_options, bundle) {
      for (const chunk of Object.values(bundle)) {
        if (chunk.type === 'chunk' && /__SEALBOX_WORKER_FILE_/.test(chunk.code)) {
          this.error(`${chunk.fileName} still names a worker placeholder`);
        }
      }
    },
  };
}

/**
 * dist/workers/<kind>.worker.js: one file per worker with all of Sealbox's own code inside and the npm
 * dependencies (openpgp, comlink, pdfjs-dist) left as bare imports, which the application's bundler
 * resolves to the same copies the page uses.
 */
export function workerBuild(root: string, external: (id: string) => boolean): UserConfig {
  return {
    build: {
      outDir: 'dist',
      emptyOutDir: false,
      sourcemap: true,
      target: 'es2022',
      lib: {
        entry: Object.fromEntries(KINDS.map((kind) => [`workers/${kind}.worker`, `${root}/${WORKERS[kind].source}`])),
        formats: ['es'],
      },
      rollupOptions: { external, output: { chunkFileNames: 'workers/[name]-[hash].js' } },
    },
  };
}
