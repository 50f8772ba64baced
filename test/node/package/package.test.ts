// The package as a portal developer gets it: built, packed with `npm pack`, installed from the tarball
// into a small application (test/node/package/app), bundled by vite, webpack, Rollup and esbuild with no
// configuration for Sealbox, or loaded unbundled from a CDN, served, and used in Chromium. Creating
// identities starts the crypto worker (with openpgp.js's lazily loaded Argon2), and previewing a received
// PDF starts the PDF worker: both must load from the application's own build (or the CDN).
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { cp, mkdir, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import type { Server } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { type Browser, type Page } from 'playwright-core';
import { importMap } from './import-map.js';
import { launchChromium, packedTarball, ROOT, run, serve } from './packed.js';

const APP = join(import.meta.dirname, 'app');
const ESBUILD = { bundle: true, format: 'esm', platform: 'browser', target: 'es2022', logLevel: 'silent' } as const;

/** Ana's page: identities made, Dr. Lee's PDF received, then previewed in her thread. */
async function usePortal(page: Page, url: string): Promise<void> {
  const problems: string[] = [];
  page.on('pageerror', (error) => problems.push(error.message));
  page.on('console', (message) => {
    if (message.type() === 'error' || message.type() === 'warning') problems.push(message.text());
  });
  await page.goto(url);
  const status = page.locator('#status');
  await status.and(page.locator('[data-state="message received"], [data-state^="failed"]')).waitFor({ timeout: 90_000 });
  assert.equal(await status.textContent(), 'message received', `the page says: ${await status.textContent()}\n${problems.join('\n')}`);
  await page.getByRole('button', { name: 'Download referral-letter.pdf' }).click({ timeout: 30_000 });
  await page.getByRole('button', { name: 'Preview referral-letter.pdf' }).click({ timeout: 30_000 });
  const drawn = page.locator('canvas[part~="preview-page"]');
  await drawn.waitFor({ timeout: 30_000 });
  await page.waitForFunction(
    () => {
      const thread = document.querySelector('seal-thread');
      const canvas = thread?.shadowRoot?.querySelector<HTMLCanvasElement>('canvas[part~="preview-page"]');
      return !!canvas && canvas.width > 0 && canvas.getAttribute('aria-label') === 'Page 1 of 1 of referral-letter.pdf';
    },
    undefined,
    { timeout: 30_000 },
  );
  assert.deepEqual(
    problems.filter((text) => !/ResizeObserver loop/.test(text)),
    [],
    'the page logged no errors or warnings',
  );
}

describe('the packed package in a portal application', { timeout: 15 * 60_000 }, () => {
  let work: string;
  let app: string;
  let browser: Browser;
  const servers: Server[] = [];

  before(async () => {
    work = await mkdtemp(join(tmpdir(), 'sealbox-package-'));
    const tarball = await packedTarball();

    app = join(work, 'app');
    await cp(APP, app, { recursive: true });
    await writeFile(
      join(app, 'package.json'),
      JSON.stringify({ name: 'fixture-portal', private: true, type: 'module', dependencies: { sealbox: `file:${tarball}` } }, null, 2),
    );
    await run('npm', ['install', '--no-audit', '--no-fund', '--prefer-offline', '--loglevel=error'], app);

    browser = await launchChromium();
  });

  after(async () => {
    await browser?.close();
    for (const server of servers) server.close();
    if (work) await rm(work, { recursive: true, force: true });
  });

  /** Serves a built application folder until the tests end. */
  async function served(dir: string): Promise<string> {
    const { url, server } = await serve(dir);
    servers.push(server);
    return url;
  }

  async function open(url: string): Promise<void> {
    const context = await browser.newContext({ viewport: { width: 1100, height: 900 } });
    try {
      await usePortal(await context.newPage(), url);
    } finally {
      await context.close();
    }
  }

  it('type-checks in an application with skipLibCheck off, through every entry point', async () => {
    await run(process.execPath, [join(ROOT, 'node_modules/typescript/bin/tsc'), '-p', join(app, 'tsconfig.json')], app);
  });

  it('works when vite builds the application', async () => {
    const { build } = await import('vite');
    const outDir = join(app, 'dist-vite');
    await build({ root: app, configFile: false, logLevel: 'silent', build: { outDir, emptyOutDir: true } });
    const built = await readdir(join(outDir, 'assets'));
    assert.ok(built.some((file) => /^crypto\.worker-.*\.js$/.test(file)), `vite copied the crypto worker: ${built.join(', ')}`);
    await open(await served(outDir));
  });

  it('works when webpack builds the application', async () => {
    const { default: webpack } = await import('webpack');
    const outDir = join(app, 'dist-webpack');
    const stats = await new Promise<import('webpack').Stats>((done, fail) =>
      webpack(
        {
          mode: 'production',
          context: app,
          entry: './main.js',
          output: { path: outDir, filename: 'main.js', clean: true },
          performance: { hints: false },
        },
        (error, result) => (error || !result ? fail(error) : done(result)),
      ),
    );
    assert.ok(!stats.hasErrors(), stats.toString('errors-only'));
    const html = (await readFile(join(app, 'index.html'), 'utf8')).replace('<script type="module" src="./main.js">', '<script defer src="./main.js">');
    await writeFile(join(outDir, 'index.html'), html);
    await open(await served(outDir));
  });

  it('works when Rollup builds the application', async () => {
    const { rollup } = await import('rollup');
    const { nodeResolve } = await import('@rollup/plugin-node-resolve');
    const outDir = join(app, 'dist-rollup');
    const bundle = await rollup({ input: join(app, 'main.js'), plugins: [nodeResolve({ browser: true })], onwarn: () => {} });
    await bundle.write({ dir: outDir, format: 'es' });
    await bundle.close();
    await writeFile(join(outDir, 'index.html'), await readFile(join(app, 'index.html'), 'utf8'));
    await open(await served(outDir));
  });

  it('works when esbuild bundles the application with code splitting', async () => {
    const esbuild = await import('esbuild');
    const outDir = join(app, 'dist-esbuild');
    await esbuild.build({ ...ESBUILD, splitting: true, entryPoints: [join(app, 'main.js')], outdir: outDir, entryNames: 'main' });
    await writeFile(join(outDir, 'index.html'), await readFile(join(app, 'index.html'), 'utf8'));
    await open(await served(outDir));
  });

  it('works when esbuild bundles the application into one file, with the workers copied and setBasePath', async () => {
    // The README's recipe for bundles without lazy chunks; the sealbox-no-locate condition keeps the
    // workers' code out of the bundle.
    const esbuild = await import('esbuild');
    const outDir = join(app, 'dist-esbuild-single');
    await esbuild.build({ ...ESBUILD, conditions: ['sealbox-no-locate'], entryPoints: [join(app, 'esbuild-entry.js')], outfile: join(outDir, 'main.js') });
    await cp(join(app, 'node_modules/sealbox/dist/workers'), join(outDir, 'sealbox'), { recursive: true });
    const bundled = await readFile(join(outDir, 'main.js'), 'utf8');
    assert.ok(!/Unknown crypto worker method|\.initializeFromPort\(self\)/.test(bundled), 'the bundle holds no worker code');
    await writeFile(join(outDir, 'index.html'), await readFile(join(app, 'index.html'), 'utf8'));
    await open(await served(outDir));
  });

  it('works unbundled from a CDN on another origin, with an import map for the page', async () => {
    // The installed folder served as a CDN serves npm packages (jsDelivr's /npm/, unpkg): files as they
    // are, with CORS; the page maps package names to it and lets the CDN's scripts and blob: workers run.
    const cdn = await serve(join(app, 'node_modules'), { cors: true });
    servers.push(cdn.server);
    const imports = await importMap(join(app, 'node_modules'), cdn.url, ['sealbox', 'sealbox/define']);
    const map = JSON.stringify({ imports });
    const hash = createHash('sha256').update(map).digest('base64');
    const csp = `default-src 'self'; script-src 'self' ${new URL(cdn.url).origin} 'sha256-${hash}' 'wasm-unsafe-eval'; worker-src 'self' blob: ${new URL(cdn.url).origin}; style-src 'self' 'unsafe-inline'; img-src 'self' blob: data:`;
    const outDir = join(app, 'dist-cdn');
    await mkdir(outDir, { recursive: true });
    await cp(join(app, 'main.js'), join(outDir, 'main.js'));
    const html = (await readFile(join(app, 'index.html'), 'utf8')).replace('<script type="module"', `<script type="importmap">${map}</script>\n    <script type="module"`);
    await writeFile(join(outDir, 'index.html'), html);
    const site = await serve(outDir, { csp });
    servers.push(site.server);
    await open(site.url);
  });

  it('works in vite\'s dev server, with the package pre-bundled by its dependency optimizer', async () => {
    const { createServer: createViteServer } = await import('vite');
    const server = await createViteServer({ root: app, configFile: false, logLevel: 'silent', server: { port: 0, host: '127.0.0.1' } });
    await server.listen();
    try {
      await open(server.resolvedUrls!.local[0]!);
    } finally {
      await server.close();
    }
  });
});
