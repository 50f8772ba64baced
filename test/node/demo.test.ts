import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { chromium, type Browser } from 'playwright-core';
import { createServer, type ViteDevServer } from 'vite';
import { CHROME_ARGS, findChrome } from '../../scripts/find-chrome.mjs';

// What `npm start` serves: the demo page, driven in Chromium like a visitor would.
describe('demo served by npm start', () => {
  let server: ViteDevServer;
  let browser: Browser;
  let url: string;

  before(async () => {
    server = await createServer({ configFile: 'vite.config.ts', server: { port: 0 }, logLevel: 'silent' });
    await server.listen();
    url = server.resolvedUrls!.local[0]!;
    const executablePath = findChrome();
    assert.ok(executablePath, 'Chrome or Chromium is needed (npm test installs it on Debian)');
    browser = await chromium.launch({ executablePath, args: CHROME_ARGS });
  });

  after(async () => {
    await browser?.close();
    await server?.close();
  });

  it('sends a message from Ana that Dr. Lee reads, while the relay shows only ciphertext', async () => {
    const page = await browser.newPage();
    const errors: string[] = [];
    page.on('pageerror', (error) => errors.push(error.message));
    page.on('console', (message) => message.type() === 'error' && errors.push(message.text()));
    await page.goto(new URL('engine.html', url).href);
    await page.waitForFunction(() => document.querySelectorAll('.fingerprint')[1]?.textContent, null, { timeout: 30_000 });
    await page.getByRole('button', { name: 'Send to Dr. Lee' }).click();
    const received = page.locator('[data-user="dr-lee"] .inbox li').first();
    await received.waitFor({ timeout: 15_000 });
    const text = await received.innerText();
    assert.match(text, /not yet verified/);
    assert.match(text, /Is an A1C of 6\.1 something to worry about\?/);
    const stored = await page.locator('.stored').innerText();
    assert.match(stored, /BEGIN PGP MESSAGE/);
    assert.doesNotMatch(stored, /A1C/);
    assert.deepEqual(errors, []);
  });
});
