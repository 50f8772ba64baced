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

/**
 * The files of dist/workers/: each worker, and the small module that finds it for bundlers that do not
 * follow `new URL(…, import.meta.url)` (see crypto-locate.ts). `literal` is how the page-side source
 * names the file, `source` the module built into it.
 */
export const WORKER_FILES = {
  'crypto.worker': { source: 'src/core/crypto/crypto.worker.ts', literal: './crypto.worker.ts' },
  'crypto-locate': { source: 'src/core/crypto/crypto-locate.ts', literal: './crypto-locate.js' },
  'pdf.worker': { source: 'src/elements/shared/attachments/pdf/pdf.worker.ts', literal: './pdf.worker.ts' },
  'pdf-locate': { source: 'src/elements/shared/attachments/pdf/pdf-locate.ts', literal: './pdf-locate.js' },
} as const;

type Name = keyof typeof WORKER_FILES;
const NAMES = Object.keys(WORKER_FILES) as Name[];
const placeholder = (name: Name) => `__SEALBOX_WORKER_FILE_${name.replace(/\W/g, '_')}__`;
const escape = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** The file's path from a chunk, as a `./`-relative URL. */
function workerPathFrom(chunkFile: string, name: Name): string {
  const path = relative(dirname(chunkFile), `workers/${name}.js`).split('\\').join(posix.sep);
  return path.startsWith('.') ? path : `./${path}`;
}

/** Points the library's every mention of a dist/workers/ file (`'./crypto.worker.ts'`, …) at that file. */
export function workerUrls(): Plugin {
  return {
    name: 'sealbox-worker-urls',
    enforce: 'pre',
    transform(code) {
      let changed = code;
      for (const name of NAMES) {
        const literal = new RegExp(`(['"])${escape(WORKER_FILES[name].literal)}\\1`, 'g');
        changed = changed.replace(literal, placeholder(name));
      }
      return changed === code ? null : { code: changed, map: null };
    },
    renderChunk(code, chunk) {
      let changed = code;
      for (const name of NAMES) {
        changed = changed.replaceAll(placeholder(name), JSON.stringify(workerPathFrom(chunk.fileName, name)));
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
        entry: Object.fromEntries(NAMES.map((name) => [`workers/${name}`, `${root}/${WORKER_FILES[name].source}`])),
        formats: ['es'],
      },
      rollupOptions: { external, output: { chunkFileNames: 'workers/[name]-[hash].js' } },
    },
  };
}
