import { resolve } from 'node:path';
import { readdirSync, readFileSync } from 'node:fs';
import { defineConfig } from 'vite';
import { workerBuild, workerUrls } from './scripts/build/worker-files.js';

// Every element folder with a define module (`src/elements/<name>/seal-<name>.ts`) is an entry.
const ELEMENTS = readdirSync(resolve(import.meta.dirname, 'src/elements'), { withFileTypes: true })
  .filter((entry) => entry.isDirectory() && readdirSync(resolve(import.meta.dirname, 'src/elements', entry.name)).includes(`seal-${entry.name}.ts`))
  .map((entry) => entry.name);

/**
 * The package's dependencies and peer dependencies stay imports, so an application bundles one copy of
 * each, shared with its own code: nothing is both bundled and installed. (Build helpers, such as the
 * decorator runtime, are bundled.)
 */
const manifest = JSON.parse(readFileSync(resolve(import.meta.dirname, 'package.json'), 'utf8')) as Record<string, Record<string, string> | undefined>;
const INSTALLED = Object.keys({ ...manifest.dependencies, ...manifest.peerDependencies });
const isPackageImport = (id: string) => INSTALLED.some((name) => id === name || id.startsWith(`${name}/`));

// `npm start` serves the demo portal; `npm run build` builds the library into dist/, then
// `vite build --mode workers` adds dist/workers/.
export default defineConfig(({ command, mode }) =>
  command === 'serve'
    ? {
        root: 'demo',
        server: { port: Number(process.env.PORT ?? 5173), strictPort: false, fs: { allow: ['..'] } },
        worker: { format: 'es' },
      }
    : mode === 'workers'
      ? workerBuild(import.meta.dirname)
      : {
          plugins: [workerUrls()],
          build: {
            outDir: 'dist',
            emptyOutDir: true,
            sourcemap: true,
            target: 'es2022',
            lib: {
              entry: {
                index: resolve(import.meta.dirname, 'src/index.ts'),
                define: resolve(import.meta.dirname, 'src/define.ts'),
                'testing/index': resolve(import.meta.dirname, 'src/testing/index.ts'),
                ...Object.fromEntries(
                  ELEMENTS.map((name) => [`elements/${name}/seal-${name}`, resolve(import.meta.dirname, `src/elements/${name}/seal-${name}.ts`)]),
                ),
              },
              formats: ['es'],
            },
            rollupOptions: { external: isPackageImport },
          },
          worker: { format: 'es' },
        },
);
