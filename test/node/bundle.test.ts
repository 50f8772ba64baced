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
const BUDGET_GZIP = { 'index.js': 10_500, 'define.js': 1_000 };
const ALL_PAGE_CODE_GZIP = 127_000;

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

  it('ships each worker as a file of its own, started relative to the module that starts it or located by a lazy import', () => {
    const workers = readdirSync(join(outDir, 'workers')).filter((file) => file.endsWith('.js'));
    for (const file of ['crypto.worker.js', 'crypto-locate.js', 'pdf.worker.js', 'pdf-locate.js', 'locate-none.js']) {
      assert.ok(workers.includes(file), `workers/${file} was built: ${workers.join(', ')}`);
    }
    const starters = new Map<string, string>();
    const located = new Set<string>();
    for (const file of sizes.keys()) {
      const code = readFileSync(join(outDir, file), 'utf8');
      for (const match of code.matchAll(/new Worker\(\s*new URL\(\s*"([^"]+)"\s*,\s*import\.meta\.url\s*\)/g)) starters.set(match[1]!, file);
      for (const match of code.matchAll(/import\(\s*"(#[^"]+)"\s*\)/g)) located.add(match[1]!);
      // A root-absolute or ignored URL points at the application's site root, not at the package.
      assert.doesNotMatch(code, /@vite-ignore|["']\/assets\//, `${file} starts a worker from the site root`);
    }
    assert.deepEqual([...starters.keys()].sort(), ['./workers/crypto.worker.js', './workers/pdf.worker.js'], [...starters].join('\n'));
    // The package's imports field names each locate module, and an empty stand-in for webpack.
    const { imports } = JSON.parse(readFileSync('package.json', 'utf8')) as { imports: Record<string, Record<string, string>> };
    assert.deepEqual([...located].sort(), Object.keys(imports).sort());
    for (const [specifier, targets] of Object.entries(imports)) {
      assert.equal(targets.webpack, './dist/workers/locate-none.js', `${specifier} gives webpack no locate module`);
      assert.equal(targets.default, `./dist/workers/${specifier.slice(1)}.js`);
      for (const target of Object.values(targets)) assert.ok(workers.includes(target.replace('./dist/workers/', '')), `${specifier} -> ${target} exists`);
    }
  });

  it('ships self-contained workers: no import by package name, so they run from a copied folder or a CDN', () => {
    for (const file of readdirSync(join(outDir, 'workers')).filter((name) => name.endsWith('.js'))) {
      const code = readFileSync(join(outDir, 'workers', file), 'utf8');
      for (const [, specifier] of code.matchAll(/(?:^import|^export|\bimport\()[^;'"]*?["'`]([^"'`]+)["'`]/gm)) {
        assert.ok(specifier!.startsWith('./'), `workers/${file} imports ${specifier}`);
      }
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
    assert.match(readFileSync(join(outDir, 'workers/pdf.worker.js'), 'utf8'), /\.initializeFromPort\(self\)/, "pdf.js's parser is in the PDF worker");
  });
});
