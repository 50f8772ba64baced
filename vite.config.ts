import { resolve } from 'node:path';
import { defineConfig } from 'vite';

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
            entry: { index: resolve(import.meta.dirname, 'src/index.ts'), 'testing/index': resolve(import.meta.dirname, 'src/testing/index.ts') },
            formats: ['es'],
          },
          rollupOptions: {
            external: [/^lit/, /^@lit\//, 'idb', 'comlink', 'valibot'],
          },
        },
        worker: { format: 'es' },
      },
);
