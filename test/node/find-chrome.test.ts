import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, afterEach, before, describe, it } from 'node:test';
import { findChrome } from '../../scripts/find-chrome.mjs';

describe('findChrome', () => {
  const saved = process.env.CHROME_PATH;
  let dir = '';

  before(() => {
    dir = mkdtempSync(join(tmpdir(), 'find-chrome-'));
  });
  after(() => rmSync(dir, { recursive: true, force: true }));
  afterEach(() => {
    if (saved === undefined) delete process.env.CHROME_PATH;
    else process.env.CHROME_PATH = saved;
  });

  it('returns CHROME_PATH when that file exists', () => {
    const browser = join(dir, 'my chrome');
    writeFileSync(browser, '');
    process.env.CHROME_PATH = browser;
    assert.equal(findChrome(), browser);
  });

  it('returns null when CHROME_PATH names a missing file, without falling back', () => {
    process.env.CHROME_PATH = join(dir, 'no-such-chrome');
    assert.equal(findChrome(), null);
  });

  it('falls back to an existing install path when CHROME_PATH is empty', () => {
    process.env.CHROME_PATH = '';
    const found = findChrome();
    assert.ok(found === null || existsSync(found), `findChrome() returned a missing path: ${found}`);
  });
});
