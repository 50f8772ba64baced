// The framework examples (examples/react, examples/vue, examples/angular) as their readers would run
// them, against the packed package: each is copied out, installed from the tarball, built with its own
// build command, served with a portal's CSP, and used in Chromium: both people create their identities
// (Argon2 in the crypto worker), Ana writes to Dr. Lee, and Dr. Lee reads it, signed by Ana.
import assert from 'node:assert/strict';
import { cp, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import type { Server } from 'node:http';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { type Browser, type Locator, type Page } from 'playwright-core';
import { launchChromium, packedTarball, ROOT, run, serve } from './packed.js';

/** Each example, and the folder its production build writes the site to. */
const EXAMPLES = [
  { name: 'react', site: 'dist' },
  { name: 'vue', site: 'dist' },
  { name: 'angular', site: 'dist/browser' },
] as const;

/** What a reader's own run leaves in an example folder, not copied. */
const GENERATED = new Set(['node_modules', 'dist', '.angular', 'package-lock.json']);

const SUBJECT = 'Question about my prescription';
const BODY = 'Can I take the new tablets with food, or should I wait an hour after breakfast?';

async function createIdentity(person: Locator, passphrase: string): Promise<void> {
  await person.getByLabel('Passphrase', { exact: true }).fill(passphrase);
  await person.getByLabel('Confirm passphrase').fill(passphrase);
  await person.getByRole('button', { name: 'Create identity' }).click();
  // Then the offer to download the encrypted key backup.
  await person.getByRole('button', { name: 'Continue' }).click({ timeout: 60_000 });
  // The page's own listener for seal-lock-change.
  await person.getByText('Unlocked', { exact: true }).waitFor({ timeout: 15_000 });
}

/** Both people on the example's page: identities, Ana writes to Dr. Lee, Dr. Lee reads it. */
async function exchange(page: Page, url: string): Promise<void> {
  await page.goto(url);
  const ana = page.getByRole('region', { name: 'Ana Ruiz', exact: true });
  const lee = page.getByRole('region', { name: 'Dr. Lee', exact: true });
  await createIdentity(ana, 'ana example passphrase 2468');
  await createIdentity(lee, 'lee example passphrase 1357');

  await ana.getByRole('button', { name: 'New message' }).first().click();
  await ana.getByRole('combobox', { name: 'To' }).fill('lee');
  await ana.getByRole('option', { name: /Dr\. Lee/ }).first().click({ timeout: 15_000 });
  await ana.getByLabel('Subject').fill(SUBJECT);
  await ana.getByLabel('Message', { exact: true }).fill(BODY);
  await ana.getByRole('button', { name: 'Send', exact: true }).click();
  // Dr. Lee is new to Ana: the misdirection guard asks first.
  await ana.getByRole('button', { name: 'Confirm and send' }).click({ timeout: 15_000 });
  // The page's own listener for seal-after-send.
  await ana.getByText('Unlocked · Message sent', { exact: true }).waitFor({ timeout: 30_000 });

  const row = lee.getByRole('option', { name: new RegExp(SUBJECT) });
  await row.waitFor({ timeout: 30_000 });
  assert.match(await row.innerText(), /Ana Ruiz/);
  await row.click();
  await lee.getByText(BODY).waitFor({ timeout: 30_000 });
  // Signed with the key Dr. Lee pinned for Ana: "Not yet verified" until they compare fingerprints.
  const message = lee.locator('seal-thread [part~="message"]').filter({ hasText: BODY });
  assert.match(await message.locator('[part~="sender"]').innerText(), /Ana Ruiz/);
  assert.match(await message.locator('[part~="status"]').innerText(), /Not yet verified/);
}

describe('the framework examples, built against the packed package', { timeout: 20 * 60_000 }, () => {
  let work: string;
  let tarball: string;
  let browser: Browser;
  const servers: Server[] = [];

  before(async () => {
    work = await mkdtemp(join(tmpdir(), 'sealbox-examples-'));
    tarball = await packedTarball();
    browser = await launchChromium();
  });

  after(async () => {
    await browser?.close();
    for (const server of servers) server.close();
    if (work) await rm(work, { recursive: true, force: true });
  });

  for (const example of EXAMPLES) {
    it(`examples/${example.name} builds with its own tools and sends a message in Chromium`, { timeout: 8 * 60_000 }, async (t) => {
      const app = join(work, example.name);
      await cp(join(ROOT, 'examples', example.name), app, { recursive: true, filter: (source) => !GENERATED.has(basename(source)) });
      const manifest = JSON.parse(await readFile(join(app, 'package.json'), 'utf8'));
      manifest.dependencies.sealbox = `file:${tarball}`;
      await writeFile(join(app, 'package.json'), JSON.stringify(manifest, null, 2));

      const timings: string[] = [];
      const timed = async <T>(label: string, step: () => Promise<T>): Promise<T> => {
        const started = Date.now();
        try {
          return await step();
        } finally {
          timings.push(`${label} ${((Date.now() - started) / 1000).toFixed(1)} s`);
        }
      };
      try {
        await timed('install', () => run('npm', ['install', '--no-audit', '--no-fund', '--prefer-offline', '--loglevel=error'], app));
        await timed('build', () => run('npm', ['run', 'build'], app));
        const { url, server } = await serve(join(app, example.site));
        servers.push(server);

        const context = await browser.newContext({ viewport: { width: 1400, height: 1000 } });
        const problems: string[] = [];
        context.on('weberror', (error) => problems.push(error.error().message));
        context.on('console', (message) => {
          if (message.type() === 'error' || message.type() === 'warning') problems.push(message.text());
        });
        try {
          const page = await context.newPage();
          await timed('browser', () =>
            exchange(page, url).catch((error: unknown) => {
              throw new Error(`${(error as Error).message}\nThe page logged:\n${problems.join('\n')}`, { cause: error });
            }),
          );
        } finally {
          await context.close();
        }
        assert.deepEqual(
          problems.filter((text) => !/ResizeObserver loop/.test(text)),
          [],
          'the page logged no errors or warnings',
        );
      } finally {
        t.diagnostic(`examples/${example.name}: ${timings.join(', ')}`);
      }
    });
  }
});
