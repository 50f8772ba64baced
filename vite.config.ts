import { resolve } from 'node:path';
import { readdirSync } from 'node:fs';
import { defineConfig } from 'vite';

// Every element folder with a define module (`src/elements/<name>/seal-<name>.ts`) is an entry.
const ELEMENTS = readdirSync(resolve(import.meta.dirname, 'src/elements'), { withFileTypes: true })
  .filter((entry) => entry.isDirectory() && readdirSync(resolve(import.meta.dirname, 'src/elements', entry.name)).includes(`seal-${entry.name}.ts`))
  .map((entry) => entry.name);

// `npm start` serves the demo portal; `npm run build` builds the library into dist/.
export default defineConfig(({ command }) =>
  command === 'serve'
    ? {
        root: 'demo',
        server: { port: Number(process.env.PORT ?? 5173), strictPort: false, fs: { allow: ['..'] } },
        worker: { format: 'es' },
      }
    : {
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
          rollupOptions: {
            external: [/^lit/, /^@lit\//, /^@lit-labs\//, 'idb', 'comlink', 'valibot', 'openpgp', 'pdfjs-dist'],
          },
        },
        worker: { format: 'es' },
      },
);
