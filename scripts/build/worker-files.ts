// The package build's handling of Sealbox's two workers (see src/core/workers/start-worker.ts).
//
// Source modules start a worker with `new Worker(new URL('./crypto.worker.ts', import.meta.url), …)`
// and locate it with a lazy `import('./crypto-locate.js')`, which the test runner and the demo serve as
// they are. In the package, the workers and their locate modules are files of their own in
// dist/workers/ (built by `workerBuild`), and the page-side chunks name them so:
// - `new Worker(new URL("./workers/crypto.worker.js", import.meta.url), …)`, relative to the chunk: the
//   form vite, webpack and Parcel recognise in an installed package, follow and copy into the
//   application's build (vite's own library handling would instead rewrite it to a root-absolute
//   "/assets/…" URL behind `@vite-ignore`, which points at the application's site root);
// - `import("#crypto-locate")`, through the package's `imports` field: the locate module for Rollup and
//   esbuild, which follow a lazy import, and locate-none.js under the `webpack` and `sealbox-no-locate`
//   conditions, so none of a worker's code enters those page bundles.
import { dirname, posix, relative } from 'node:path';
import type { Plugin, UserConfig } from 'vite';

/**
 * The files of dist/workers/ -> the source module built into each; for those the page names, how its
 * source does (the literal in `new URL(…)` or `import(…)`) and, for a locate module, the package
 * import that names it in the package (package.json `imports`).
 */
export const WORKER_FILES = {
  'crypto.worker': { source: 'src/core/crypto/crypto.worker.ts', literal: './crypto.worker.ts' },
  'crypto-locate': { source: 'src/core/crypto/crypto-locate.ts', literal: './crypto-locate.js', specifier: '#crypto-locate' },
  'pdf.worker': { source: 'src/elements/shared/attachments/pdf/pdf.worker.ts', literal: './pdf.worker.ts' },
  'pdf-locate': { source: 'src/elements/shared/attachments/pdf/pdf-locate.ts', literal: './pdf-locate.js', specifier: '#pdf-locate' },
  'locate-none': { source: 'src/core/workers/locate-none.ts' },
} as const satisfies Record<string, { source: string; literal?: string; specifier?: string }>;

type Name = keyof typeof WORKER_FILES;
const NAMES = Object.keys(WORKER_FILES) as Name[];
/** The files page-side source names. */
const NAMED = NAMES.filter((name) => 'literal' in WORKER_FILES[name]) as Exclude<Name, 'locate-none'>[];
const placeholder = (name: Name) => `__SEALBOX_WORKER_FILE_${name.replace(/\W/g, '_')}__`;
const escape = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** How a chunk names the file: its package import, or its path from the chunk as a `./`-relative URL. */
function workerPathFrom(chunkFile: string, name: (typeof NAMED)[number]): string {
  const file = WORKER_FILES[name];
  if ('specifier' in file) return file.specifier;
  const path = relative(dirname(chunkFile), `workers/${name}.js`).split('\\').join(posix.sep);
  return path.startsWith('.') ? path : `./${path}`;
}

/**
 * Points the library's every mention of a dist/workers/ file at that file. The literal becomes a bare
 * placeholder first, so the library's own build neither copies a worker nor bundles a locate module.
 */
export function workerUrls(): Plugin {
  return {
    name: 'sealbox-worker-urls',
    enforce: 'pre',
    transform(code) {
      let changed = code;
      for (const name of NAMED) {
        const literal = new RegExp(`(['"])${escape(WORKER_FILES[name].literal)}\\1`, 'g');
        changed = changed.replace(literal, placeholder(name));
      }
      return changed === code ? null : { code: changed, map: null };
    },
    renderChunk(code, chunk) {
      let changed = code;
      for (const name of NAMED) {
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
 * dist/workers/: each worker with everything it runs inside (Sealbox's code, openpgp.js, comlink,
 * valibot, pdf.js's parser) and no import by package name, so that it runs the same from an
 * application's build, a copied folder or a CDN (a worker gets no import map); its lazily loaded parts
 * (openpgp.js's Argon2 and curves) are chunks beside it. A worker is a realm of its own, so this adds
 * no second copy of anything to the page. The locate modules import their worker lazily.
 */
export function workerBuild(root: string): UserConfig {
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
      rollupOptions: { output: { chunkFileNames: 'workers/[name]-[hash].js' } },
    },
  };
}
