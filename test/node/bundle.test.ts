import assert from 'node:assert/strict';
import { readdirSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { after, before, describe, it } from 'node:test';
import { build } from 'vite';

// A size report that guards the runtime bundle: the page-side code stays small, and openpgp.js is
// never part of it (it loads in the worker, or lazily for the verification helpers). Sizes are the
// library's unminified gzip output (applications minify further); lit, idb, comlink and valibot are
// peers the application shares. Raise a budget deliberately, in its own commit.
const BUDGET_GZIP = { 'index.js': 10_000, 'define.js': 1_000 };
const ALL_PAGE_CODE_GZIP = 120_000;

describe('library bundle', () => {
  const outDir = join('.cache', `bundle-test-${process.pid}`);
  const sizes = new Map<string, number>();

  before(async () => {
    await build({ configFile: 'vite.config.ts', logLevel: 'silent', build: { outDir, sourcemap: false, emptyOutDir: true } });
    await build({ configFile: 'vite.config.ts', mode: 'workers', logLevel: 'silent', build: { outDir, sourcemap: false } });
    for (const file of readdirSync(outDir, { recursive: true }) as string[]) {
      if (!file.endsWith('.js') || file.startsWith('workers')) continue;
      sizes.set(file, gzipSync(readFileSync(join(outDir, file))).byteLength);
    }
  });

  after(() => rmSync(outDir, { recursive: true, force: true }));

  it('keeps the entry points within budget', () => {
    const report = [...sizes].sort(([, a], [, b]) => b - a).map(([file, size]) => `${file}: ${(size / 1024).toFixed(1)} KiB gzip`);
    console.log(report.join('\n'));
    for (const [file, budget] of Object.entries(BUDGET_GZIP)) {
      assert.ok(sizes.has(file), `${file} was not built`);
      assert.ok(sizes.get(file)! <= budget, `${file} is ${sizes.get(file)} bytes gzip, over its ${budget} budget`);
    }
    const total = [...sizes].filter(([file]) => !file.startsWith('testing')).reduce((sum, [, size]) => sum + size, 0);
    assert.ok(total <= ALL_PAGE_CODE_GZIP, `page-side code is ${total} bytes gzip, over ${ALL_PAGE_CODE_GZIP}`);
  });

  it('never imports openpgp statically on the page', () => {
    for (const file of sizes.keys()) {
      const code = readFileSync(join(outDir, file), 'utf8');
      assert.doesNotMatch(code, /^import[^;]*from\s*["']openpgp/m, `${file} imports openpgp statically`);
    }
  });

  it('ships each worker as a file of its own, started relative to the module that starts it', () => {
    assert.deepEqual(readdirSync(join(outDir, 'workers')).sort(), ['crypto.worker.js', 'pdf.worker.js']);
    const starters = new Map<string, string>();
    for (const file of sizes.keys()) {
      const code = readFileSync(join(outDir, file), 'utf8');
      for (const match of code.matchAll(/new Worker\(\s*new URL\(\s*"([^"]+)"\s*,\s*import\.meta\.url\s*\)/g)) starters.set(match[1]!, file);
      // A root-absolute or ignored URL points at the application's site root, not at the package.
      assert.doesNotMatch(code, /@vite-ignore|["']\/assets\//, `${file} starts a worker from the site root`);
    }
    assert.deepEqual([...starters.keys()].sort(), ['./workers/crypto.worker.js', './workers/pdf.worker.js'], [...starters].join('\n'));
  });

  it('bundles none of its npm dependencies: they stay imports the application shares', () => {
    const manifest = JSON.parse(readFileSync('package.json', 'utf8'));
    const installed = Object.keys({ ...manifest.dependencies, ...manifest.peerDependencies });
    const files = [...sizes.keys(), 'workers/crypto.worker.js', 'workers/pdf.worker.js'];
    for (const file of files) {
      const code = readFileSync(join(outDir, file), 'utf8');
      for (const [, specifier] of code.matchAll(/(?:^import|^export)[^;'"]*?["']([^"'.][^"']*)["']/gm)) {
        assert.ok(installed.some((name) => specifier === name || specifier!.startsWith(`${name}/`)), `${file} imports ${specifier}, which the package does not install`);
      }
      // Tell-tale strings of comlink, lit and idb: a bundled copy would be a second one in the app.
      assert.doesNotMatch(code, /Comlink\.proxy|litHtmlVersions|reactiveElementVersions|idbProxyableTypes/, `${file} bundles a dependency`);
    }
  });

  it('loads pdf.js only when a PDF is previewed, with its parser in a worker file of its own', () => {
    const importers = [...sizes.keys()].filter((file) => /from\s*["']pdfjs-dist/.test(readFileSync(join(outDir, file), 'utf8')));
    assert.deepEqual(importers.map((file) => file.replace(/-[\w-]{8}\.js$/, '')), ['pdf-engine']);
    const dynamicImporters = [...sizes.keys()].filter((file) => /import\(["'][^"']*pdf-engine-[\w-]+\.js["']\)/.test(readFileSync(join(outDir, file), 'utf8')));
    assert.ok(dynamicImporters.length > 0, 'nothing loads pdf-engine lazily');
    for (const file of sizes.keys()) {
      assert.doesNotMatch(readFileSync(join(outDir, file), 'utf8'), /^import[^;]*from\s*["'][^"']*pdf-engine/m, `${file} imports pdf-engine statically`);
    }
    assert.match(readFileSync(join(outDir, 'workers/pdf.worker.js'), 'utf8'), /^import\s*["']pdfjs-dist\/build\/pdf\.worker\.min\.mjs["']/m);
  });
});
