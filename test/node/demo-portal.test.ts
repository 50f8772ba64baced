// What `npm start` gives a new user: the relay and the portal pages together. A patient page and a
// clinician page, each signed in as its user, exchange a verified end-to-end encrypted message through
// the relay in real Chromium; afterwards no row and no file of the relay's database holds the plaintext.
import assert from 'node:assert/strict';
import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { PGlite } from '@electric-sql/pglite';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { startDemo, type Demo } from '../../demo/server/start-demo.js';
import { CHROME_ARGS, findChrome } from '../../scripts/find-chrome.mjs';

const PASSPHRASE = 'riverside demo passphrase 7';
const SUBJECT = 'Question about my A1C result';
const BODY = 'Is an A1C of 6.1 something I should worry about before my appointment?';

async function createIdentity(page: Page): Promise<void> {
  await page.getByLabel('Passphrase', { exact: true }).fill(PASSPHRASE);
  await page.getByLabel('Confirm passphrase').fill(PASSPHRASE);
  await page.getByRole('button', { name: 'Create identity' }).click();
  // The next step offers the encrypted key backup.
  await page.getByRole('button', { name: 'Continue' }).click({ timeout: 60_000 });
}

/** Every file under `dir`, recursively. */
async function files(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { withFileTypes: true, recursive: true });
  return entries.filter((entry) => entry.isFile()).map((entry) => join(entry.parentPath, entry.name));
}

describe('demo portal served by npm start', () => {
  let dataDir: string;
  let demo: Demo | undefined;
  let browser: Browser;
  let context: BrowserContext;
  const errors: string[] = [];

  before(async () => {
    dataDir = await mkdtemp(join(tmpdir(), 'sealbox-demo-'));
    demo = await startDemo({ port: 0, relayPort: 0, dataDir, log: false, logLevel: 'silent' });
    const executablePath = findChrome();
    assert.ok(executablePath, 'Chrome or Chromium is needed (npm test installs it on Debian)');
    browser = await chromium.launch({ executablePath, args: CHROME_ARGS });
    context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
    context.on('weberror', (error) => errors.push(error.error().message));
  });

  after(async () => {
    await browser?.close();
    await demo?.close();
    await rm(dataDir, { recursive: true, force: true });
  });

  it('lets Ana and Dr. Lee, each signed in, exchange a signed, encrypted message through the relay', { timeout: 120_000 }, async () => {
    const lee = await context.newPage();
    await lee.goto(new URL('clinician.html', demo!.url).href);
    await lee.getByText('Signed in as Dr. Lee').waitFor({ timeout: 30_000 });
    await createIdentity(lee);
    await lee.getByRole('button', { name: 'New message' }).first().waitFor({ timeout: 60_000 });

    const ana = await context.newPage();
    await ana.goto(new URL('patient.html', demo!.url).href);
    await ana.getByText('Signed in as Ana Ruiz').waitFor({ timeout: 30_000 });
    await createIdentity(ana);
    await ana.getByRole('button', { name: 'Accept' }).click({ timeout: 60_000 });
    await ana.getByRole('button', { name: 'New message' }).first().click({ timeout: 60_000 });
    await ana.getByRole('combobox', { name: 'To' }).fill('lee');
    await ana.getByRole('option', { name: /Dr\. Lee/ }).first().click({ timeout: 15_000 });
    await ana.getByLabel('Subject').fill(SUBJECT);
    await ana.getByLabel('Message', { exact: true }).fill(BODY);
    await ana.getByRole('button', { name: 'Send', exact: true }).click();
    // Dr. Lee is new to Ana: the misdirection guard asks first.
    await ana.getByRole('button', { name: 'Confirm and send' }).click({ timeout: 15_000 });

    const row = lee.getByRole('option', { name: new RegExp(SUBJECT) });
    await row.waitFor({ timeout: 30_000 });
    assert.match(await row.innerText(), /Ana Ruiz/);
    await row.click();
    await lee.getByText(BODY).waitFor({ timeout: 30_000 });
    // Signed by Ana's pinned key; "not yet verified" until they compare fingerprints.
    const status = lee.locator('seal-thread [part~="message"] [part~="status"]').first();
    assert.match(await status.innerText(), /Not yet verified/);
    assert.deepEqual(errors, []);
  });

  it('keeps only ciphertext in the database: no row and no file holds the subject or the text', { timeout: 60_000 }, async () => {
    const stored = await demo!.relay.store.storedEnvelopes(['ana', 'dr-lee']);
    assert.equal(stored.length, 1);
    assert.match(stored[0]!.ciphertext, /^-----BEGIN PGP MESSAGE-----/);
    await demo!.close();
    demo = undefined;

    const db = await PGlite.create(join(dataDir, 'pglite'));
    try {
      const { rows: tables } = await db.query<{ name: string }>(`SELECT quote_ident(table_name) AS name FROM information_schema.tables WHERE table_schema = 'public'`);
      assert.ok(tables.length > 0);
      for (const { name } of tables) {
        const { rows } = await db.query<{ row: string }>(`SELECT row_to_json(t)::text AS row FROM ${name} t`);
        for (const { row } of rows) {
          assert.ok(!row.includes(SUBJECT) && !row.includes(BODY), `table ${name} holds plaintext`);
          assert.ok(!row.includes(PASSPHRASE), `table ${name} holds a passphrase`);
        }
      }
    } finally {
      await db.close();
    }
    for (const file of await files(dataDir)) {
      const bytes = await readFile(file);
      for (const secret of [SUBJECT, 'A1C of 6.1', PASSPHRASE]) assert.equal(bytes.indexOf(secret), -1, `${file} holds "${secret}"`);
    }
  });
});
