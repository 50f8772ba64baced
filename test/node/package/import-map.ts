// An import map for a page that loads installed packages unbundled, as from a CDN that serves npm
// packages as they are (jsDelivr's /npm/, unpkg): every package name the page's modules import,
// found by following their imports from the entry points, mapped to the file a browser would get.
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { dirname, join, relative, sep } from 'node:path';
import { init, parse } from 'es-module-lexer';

/** Conditions a browser build resolves with, in order of preference. */
const CONDITIONS = ['browser', 'import', 'module', 'default'];

type Target = string | null | Target[] | { [condition: string]: Target };

function pick(target: Target): string | null {
  if (target === null || typeof target === 'string') return target;
  if (Array.isArray(target)) return target.map(pick).find((found) => found) ?? null;
  for (const [condition, value] of Object.entries(target)) {
    if (CONDITIONS.includes(condition)) {
      const found = pick(value);
      if (found) return found;
    }
  }
  return null;
}

/** The package's file for `subpath` ('.' or './x'), by its exports or else its fields. */
function entryOf(manifest: Record<string, unknown>, subpath: string): string | null {
  const exports = manifest.exports as Target | undefined;
  if (exports !== undefined) {
    const map = typeof exports === 'string' || Array.isArray(exports) || !Object.keys(exports ?? {}).some((key) => key.startsWith('.')) ? { '.': exports } : (exports as Record<string, Target>);
    if (subpath in map) return pick(map[subpath]!);
    for (const [key, value] of Object.entries(map)) {
      const star = key.indexOf('*');
      if (star < 0 || !subpath.startsWith(key.slice(0, star)) || !subpath.endsWith(key.slice(star + 1))) continue;
      const matched = subpath.slice(star, subpath.length - (key.length - star - 1));
      return pick(value)?.replaceAll('*', matched) ?? null;
    }
    return null;
  }
  if (subpath !== '.') return subpath;
  return (manifest.module as string | undefined) ?? (manifest.main as string | undefined) ?? './index.js';
}

/**
 * `{ specifier: url }` for every package import reachable from `entries` (package specifiers), with
 * the packages in `modules` (a node_modules folder) served at `cdn`.
 */
export async function importMap(modules: string, cdn: string, entries: readonly string[]): Promise<Record<string, string>> {
  await init;
  const imports: Record<string, string> = {};
  const seen = new Set<string>();

  async function resolveBare(specifier: string): Promise<string | null> {
    const parts = specifier.split('/');
    const name = specifier.startsWith('@') ? parts.slice(0, 2).join('/') : parts[0]!;
    const subpath = specifier === name ? '.' : `./${specifier.slice(name.length + 1)}`;
    const manifest = JSON.parse(await readFile(join(modules, name, 'package.json'), 'utf8')) as Record<string, unknown>;
    const entry = entryOf(manifest, subpath);
    assert.ok(entry, `${specifier} has no browser entry`);
    return join(modules, name, entry);
  }

  async function visit(file: string): Promise<void> {
    if (seen.has(file)) return;
    seen.add(file);
    const [found] = parse(await readFile(file, 'utf8'), file);
    for (const { n: specifier } of found) {
      if (!specifier || specifier.startsWith('#') || /^[a-z]+:/.test(specifier)) continue;
      if (specifier.startsWith('.') || specifier.startsWith('/')) {
        await visit(join(dirname(file), specifier));
        continue;
      }
      if (!(specifier in imports)) {
        const target = await resolveBare(specifier);
        if (!target) continue;
        imports[specifier] = new URL(relative(modules, target).split(sep).join('/'), cdn).href;
        await visit(target);
      }
    }
  }

  for (const entry of entries) {
    const target = await resolveBare(entry);
    if (target) {
      imports[entry] = new URL(relative(modules, target).split(sep).join('/'), cdn).href;
      await visit(target);
    }
  }
  return imports;
}
