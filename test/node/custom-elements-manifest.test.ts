import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { readdirSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';

// The manifest ships with the package and drives Storybook's docs and controls: every tag must be in
// it with its public contract.
describe('custom-elements.json', () => {
  let dir: string;
  let tags: Map<string, Record<string, unknown>>;

  before(() => {
    // The analyzer resolves --outdir against the working directory.
    dir = join('.cache', `cem-test-${process.pid}`);
    const result = spawnSync(process.execPath, ['node_modules/@custom-elements-manifest/analyzer/cem.js', 'analyze', '--config', 'custom-elements-manifest.config.mjs', '--outdir', dir], {
      encoding: 'utf8',
    });
    assert.equal(result.status, 0, result.stderr);
    const manifest = JSON.parse(readFileSync(join(dir, 'custom-elements.json'), 'utf8')) as { modules: { declarations?: Record<string, unknown>[] }[] };
    tags = new Map();
    for (const module of manifest.modules) {
      for (const declaration of module.declarations ?? []) {
        if (typeof declaration.tagName === 'string') tags.set(declaration.tagName, declaration);
      }
    }
  });

  after(() => rmSync(dir, { recursive: true, force: true }));

  it('describes every element that has a define module', () => {
    const defined = readdirSync('src/elements', { withFileTypes: true })
      .filter((entry) => entry.isDirectory())
      .flatMap((entry) => readdirSync(join('src/elements', entry.name)).filter((file) => /^seal-.*\.ts$/.test(file)))
      .map((file) => file.replace(/\.ts$/, ''));
    assert.ok(defined.length >= 3);
    for (const tag of defined) {
      const declaration = tags.get(tag);
      assert.ok(declaration, `${tag} is missing from the manifest`);
      assert.ok(String(declaration.summary ?? declaration.description ?? '').length > 20, `${tag} has no summary`);
    }
  });

  it('names every event, with seal-error on every element', () => {
    for (const [tag, declaration] of tags) {
      const events = (declaration.events as { name?: string }[] | undefined) ?? [];
      assert.ok(events.every((event) => event.name), `${tag} has an unnamed event`);
      assert.ok(events.some((event) => event.name === 'seal-error'), `${tag} does not list seal-error`);
    }
  });

  it("lists the provider's attributes and events", () => {
    const provider = tags.get('seal-provider')!;
    const attributes = (provider.attributes as { name: string }[]).map((attribute) => attribute.name);
    assert.ok(attributes.includes('user-id') && attributes.includes('theme') && attributes.includes('locale'), attributes.join());
    const events = (provider.events as { name: string }[]).map((event) => event.name);
    assert.ok(events.includes('seal-lock-change') && events.includes('seal-message-received'), events.join());
  });
});
