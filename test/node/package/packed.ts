// What the package tests share: the package built and packed once per state of the working tree (a
// lock keeps test files that run side by side from building into dist/ at the same time), a way to
// run commands, and a static server that sends a portal's Content Security Policy.
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdir, readdir, readFile, rm, stat, utimes, writeFile } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { extname, join, normalize, resolve } from 'node:path';
import { chromium, type Browser } from 'playwright-core';
import { CHROME_ARGS, findChrome } from '../../../scripts/find-chrome.mjs';

export const ROOT = resolve(import.meta.dirname, '../../..');
const PACKED = join(ROOT, '.cache', 'packed');
const LOCK = join(PACKED, 'lock');
const LOCK_WAIT_MS = 10 * 60_000;
/** How long the package of an older state of the tree is kept. */
const KEEP_MS = 60 * 60_000;

/** What a portal might send: scripts, workers and WebAssembly from its own origin only. */
export const CSP = "default-src 'self'; script-src 'self' 'wasm-unsafe-eval'; worker-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' blob: data:";

/** Runs a command, resolving with its output; rejects with the end of the output when it fails. */
export function run(command: string, args: string[], cwd: string): Promise<string> {
  return new Promise((resolvePromise, reject) => {
    const child = spawn(command, args, { cwd, env: { ...process.env, npm_config_yes: 'true' }, stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    child.stdout.on('data', (chunk) => (output += chunk));
    child.stderr.on('data', (chunk) => (output += chunk));
    child.on('error', reject);
    child.on('close', (code) => (code === 0 ? resolvePromise(output) : reject(new Error(`${command} ${args.join(' ')} exited with ${code}:\n${output.slice(-4000)}`))));
  });
}

/**
 * The tree's state: HEAD, the changes to tracked files and the untracked files. Without git, a key
 * of its own for every call, so the package is always built.
 */
async function treeKey(): Promise<string> {
  const hash = createHash('sha256');
  try {
    hash.update(await run('git', ['rev-parse', 'HEAD'], ROOT));
    hash.update(await run('git', ['diff', 'HEAD', '--binary'], ROOT));
    const untracked = (await run('git', ['ls-files', '-z', '--others', '--exclude-standard'], ROOT)).split('\0').filter(Boolean).sort();
    for (const file of untracked) hash.update(`\0${file}\0`).update(await readFile(join(ROOT, file)).catch(() => Buffer.alloc(0)));
  } catch {
    hash.update(`${process.pid}:${Date.now()}:${Math.random()}`);
  }
  return hash.digest('hex').slice(0, 16);
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** Holds .cache/packed/lock while `work` runs; a lock left by a process that died is taken over. */
async function withLock<T>(work: () => Promise<T>): Promise<T> {
  await mkdir(PACKED, { recursive: true });
  const deadline = Date.now() + LOCK_WAIT_MS;
  for (;;) {
    try {
      await mkdir(LOCK);
      await writeFile(join(LOCK, 'pid'), String(process.pid));
      break;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
      const owner = Number(await readFile(join(LOCK, 'pid'), 'utf8').catch(() => ''));
      if (owner && !alive(owner)) await rm(LOCK, { recursive: true, force: true });
      else if (Date.now() > deadline) throw new Error(`${LOCK} is still held by process ${owner || '(starting)'}`);
      else await new Promise((wait) => setTimeout(wait, 250));
    }
  }
  try {
    return await work();
  } finally {
    await rm(LOCK, { recursive: true, force: true });
  }
}

/**
 * The package as `npm pack` makes it after `npm run build`: the path of the tarball. Built once for
 * each state of the working tree and kept in .cache/packed/, so the test files that install it share
 * one build.
 */
export async function packedTarball(): Promise<string> {
  return withLock(async () => {
    const key = await treeKey();
    const dir = join(PACKED, key);
    const packed = await readdir(dir).catch(() => [] as string[]);
    const existing = packed.find((file) => file.endsWith('.tgz'));
    if (existing) {
      const now = new Date();
      await utimes(dir, now, now);
      return join(dir, existing);
    }
    // Older trees' packages, but not one that a test file which started a moment ago may still be installing.
    for (const entry of await readdir(PACKED)) {
      const { mtimeMs } = await stat(join(PACKED, entry));
      if (entry !== 'lock' && Date.now() - mtimeMs > KEEP_MS) await rm(join(PACKED, entry), { recursive: true, force: true });
    }
    await mkdir(dir, { recursive: true });
    await run('npm', ['run', 'build', '--silent'], ROOT);
    await run('npm', ['pack', '--silent', '--pack-destination', dir], ROOT);
    const tarball = (await readdir(dir)).find((file) => file.endsWith('.tgz'));
    assert.ok(tarball, 'npm pack wrote a tarball');
    return join(dir, tarball);
  });
}

const TYPES: Record<string, string> = {
  '.html': 'text/html',
  '.js': 'text/javascript',
  '.mjs': 'text/javascript',
  '.css': 'text/css',
  '.wasm': 'application/wasm',
  '.map': 'application/json',
  '.json': 'application/json',
  '.svg': 'image/svg+xml',
};

/**
 * Serves a built application folder on loopback, as a portal's web server would, with its CSP (`csp`
 * instead of the default); `cors` lets pages on other origins load the files, as a CDN does.
 */
export async function serve(dir: string, options: { csp?: string; cors?: boolean } = {}): Promise<{ url: string; server: Server }> {
  const server = createServer(async (request, response) => {
    const path = normalize(decodeURIComponent(new URL(request.url ?? '/', 'http://app').pathname)).replace(/^(\.\.[/\\])+/, '');
    const file = join(dir, path.endsWith('/') ? `${path}index.html` : path);
    try {
      const body = await readFile(file);
      response.writeHead(200, {
        'content-type': TYPES[extname(file)] ?? 'application/octet-stream',
        'content-security-policy': options.csp ?? CSP,
        ...(options.cors ? { 'access-control-allow-origin': '*' } : {}),
      });
      response.end(body);
    } catch {
      response.writeHead(404, { 'content-type': 'text/plain' });
      response.end('Not found');
    }
  });
  await new Promise<void>((ready) => server.listen(0, '127.0.0.1', ready));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/`, server };
}

/** Chromium for the package tests (npm test installs Debian's when none is found). */
export async function launchChromium(): Promise<Browser> {
  const executablePath = findChrome();
  assert.ok(executablePath, 'Chrome or Chromium is needed (npm test installs it on Debian)');
  return chromium.launch({ executablePath, args: CHROME_ARGS });
}
