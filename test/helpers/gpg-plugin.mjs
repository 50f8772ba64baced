// A @web/test-runner plugin that lets browser tests drive a real GnuPG (`gpg`) through
// `executeServerCommand` from '@web/test-runner-commands'.
//
// Each generated key lives in its own temporary GNUPGHOME; the homes (and the gpg-agent
// started for each) are removed when the test runner stops or the process exits.
// Untrusted input (user ids, armored keys and messages, plaintext) goes to gpg as separate
// arguments or on stdin, never through a shell.
//
// Commands:
//   gpg-available                                            -> { available, version?, reason? }
//   gpg-generate-key  { userId }                             -> { home, fingerprint, armoredPublicKey }
//   gpg-decrypt       { home, armoredMessage, senderArmoredKey }
//                     -> { ok, plaintext, goodSignature, signerFingerprint, status }
//   gpg-encrypt-sign  { home, recipientArmoredKey, plaintext, notations? } -> { armoredMessage }
//                     notations: { name: value } added to the signature (`--set-notation`)
//   gpg-decrypt and gpg-reassemble also report each signature's notations ({ name: value }), as gpg read them.
//   gpg-reassemble    { home, senderArmoredKey, armoredEnvelope, attachment, chunks: base64[] }
//                     -> { envelope, chunks: [{ sha256, digestMatches, ok, goodSignature, signerFingerprint }], file: { size, sha256 }, manifest }
//                     follows docs/attachments.md with files on disk: decrypts the envelope, checks each
//                     chunk file's SHA-256 against the manifest, decrypts each chunk with
//                     `gpg --decrypt --output`, concatenates the parts and hashes the result.
import { execFileSync, spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const GPG = process.env.GPG_PATH || 'gpg';
const TIMEOUT_MS = 60_000;
/** quick-generate-key with ed25519/cv25519 needs GnuPG 2.1.17 or later. */
const MIN_VERSION = [2, 1, 17];

/** Homes this plugin created; commands only accept these. */
const homes = new Set();

/**
 * Runs gpg with `args`, writing `input` to its stdin. Status lines (`--status-fd 3`) are read
 * from a separate pipe so that stdout carries only data.
 * @param {string[]} args
 * @param {{ home?: string, input?: string }} [options]
 * @returns {Promise<{ code: number | null, stdout: string, stderr: string, status: string[] }>}
 */
function runGpg(args, { home, input = '' } = {}) {
  const base = ['--batch', '--no-tty', '--pinentry-mode', 'loopback', '--status-fd', '3'];
  if (home) base.unshift('--homedir', home);
  return new Promise((resolve, reject) => {
    const child = spawn(GPG, [...base, ...args], {
      stdio: ['pipe', 'pipe', 'pipe', 'pipe'],
      env: { ...process.env, ...(home ? { GNUPGHOME: home } : {}), LC_ALL: 'C', LANGUAGE: 'C' },
    });
    const out = [];
    const err = [];
    const status = [];
    child.stdout.on('data', (chunk) => out.push(chunk));
    child.stderr.on('data', (chunk) => err.push(chunk));
    child.stdio[3].on('data', (chunk) => status.push(chunk));
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`gpg ${args.join(' ')} timed out after ${TIMEOUT_MS} ms`));
    }, TIMEOUT_MS);
    child.on('error', (error) => {
      clearTimeout(timer);
      reject(error);
    });
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve({
        code,
        stdout: Buffer.concat(out).toString('utf8'),
        stderr: Buffer.concat(err).toString('utf8'),
        status: Buffer.concat(status)
          .toString('utf8')
          .split('\n')
          .filter((line) => line.startsWith('[GNUPG:] '))
          .map((line) => line.slice('[GNUPG:] '.length)),
      });
    });
    // gpg may exit before reading all of stdin (e.g. on a malformed key): ignore EPIPE.
    child.stdin.on('error', () => {});
    child.stdin.end(input);
  });
}

/** Throws with gpg's own message when it failed. */
function check(result, what) {
  if (result.code !== 0) {
    throw new Error(`gpg ${what} failed (exit ${result.code}): ${result.stderr.trim() || result.status.join('; ')}`);
  }
  return result;
}

/** Fields of the status lines with the given keyword. */
function statusFields(status, keyword) {
  return status.filter((line) => line.split(' ')[0] === keyword).map((line) => line.split(' ').slice(1));
}

function requireString(payload, name) {
  const value = payload?.[name];
  if (typeof value !== 'string' || value.length === 0) throw new Error(`${name} must be a non-empty string`);
  return value;
}

function requireHome(payload) {
  const home = requireString(payload, 'home');
  if (!homes.has(home)) throw new Error('home must be a GNUPGHOME returned by gpg-generate-key');
  return home;
}

/** Imports armored keys into `home` and returns the primary fingerprints gpg imported. */
async function importKeys(home, armoredKey) {
  const result = check(await runGpg(['--import'], { home, input: armoredKey }), '--import');
  const fingerprints = [...new Set(statusFields(result.status, 'IMPORT_OK').map((fields) => fields[1]))];
  if (fingerprints.length === 0) throw new Error('gpg --import imported no key');
  return fingerprints;
}

function compareVersions(a, b) {
  for (let i = 0; i < Math.max(a.length, b.length); i++) {
    const diff = (a[i] ?? 0) - (b[i] ?? 0);
    if (diff !== 0) return diff;
  }
  return 0;
}

/** @type {Promise<{ available: boolean, version?: string, reason?: string }> | undefined} */
let availability;

async function probe() {
  let result;
  try {
    result = await runGpg(['--version']);
  } catch (error) {
    const reason =
      error?.code === 'ENOENT' ? GPG === 'gpg' ? 'gpg not found on PATH' : `${GPG} not found` : `${GPG} --version failed: ${error?.message ?? error}`;
    return { available: false, reason };
  }
  if (result.code !== 0) {
    return { available: false, reason: `${GPG} --version exited with ${result.code}: ${result.stderr.trim()}` };
  }
  const match = /^gpg \(GnuPG[^)]*\) (\d+)\.(\d+)\.(\d+)/m.exec(result.stdout);
  if (!match) return { available: false, reason: `unrecognised ${GPG} --version output` };
  const version = `${match[1]}.${match[2]}.${match[3]}`;
  if (compareVersions(match.slice(1, 4).map(Number), MIN_VERSION) < 0) {
    return { available: false, version, reason: `GnuPG ${version} is older than ${MIN_VERSION.join('.')}` };
  }
  return { available: true, version };
}

async function generateKey(payload) {
  const userId = requireString(payload, 'userId');
  if (/[\r\n\0]/.test(userId) || userId.startsWith('-')) throw new Error('userId must be one line not starting with "-"');

  const home = mkdtempSync(join(tmpdir(), 'sealbox-gpg-'));
  homes.add(home);
  const created = check(
    await runGpg(['--passphrase', '', '--quick-generate-key', userId, 'ed25519', 'sign', '0'], { home }),
    '--quick-generate-key',
  );
  const primary = statusFields(created.status, 'KEY_CREATED').find((fields) => fields[0] === 'P' || fields[0] === 'B');
  if (!primary) throw new Error('gpg --quick-generate-key reported no KEY_CREATED');
  const fingerprint = primary[1];
  check(await runGpg(['--passphrase', '', '--quick-add-key', fingerprint, 'cv25519', 'encr', '0'], { home }), '--quick-add-key');
  const exported = check(await runGpg(['--armor', '--export', fingerprint], { home }), '--export');
  return { home, fingerprint, armoredPublicKey: exported.stdout };
}

/** What gpg's status lines say about a decryption and its signature. */
function decryptionOutcome(status, code) {
  const has = (keyword) => statusFields(status, keyword).length > 0;
  const ok = code === 0 && has('DECRYPTION_OKAY') && !has('DECRYPTION_FAILED');
  // VALIDSIG <signing key fpr> <date> <timestamp> <expire> <version> <reserved> <pk algo> <hash algo> <class> <primary fpr>
  const validSig = statusFields(status, 'VALIDSIG')[0];
  const goodSignature =
    has('GOODSIG') && validSig !== undefined && !has('BADSIG') && !has('ERRSIG') && !has('EXPKEYSIG') && !has('REVKEYSIG');
  const signerFingerprint = validSig ? (validSig.length >= 10 ? validSig[validSig.length - 1] : validSig[0]) : null;
  // NOTATION_NAME <name> is followed by NOTATION_DATA <percent-escaped value> line(s).
  const notations = {};
  let name = null;
  for (const line of status) {
    const [, keyword, rest = ''] = line.match(/^(\S+) ?(.*)$/) ?? [];
    if (keyword === 'NOTATION_NAME') {
      name = rest;
      notations[name] = '';
    } else if (keyword === 'NOTATION_DATA' && name !== null) notations[name] += decodeURIComponent(rest.replace(/\+/g, ' '));
  }
  return { ok, goodSignature, signerFingerprint, notations };
}

async function decrypt(payload) {
  const home = requireHome(payload);
  const armoredMessage = requireString(payload, 'armoredMessage');
  const senderArmoredKey = requireString(payload, 'senderArmoredKey');
  await importKeys(home, senderArmoredKey);

  const result = await runGpg(['--trust-model', 'always', '--passphrase', '', '--decrypt'], {
    home,
    input: armoredMessage,
  });
  return { ...decryptionOutcome(result.status, result.code), plaintext: result.stdout, status: result.status };
}

const sha256File = (path) => createHash('sha256').update(readFileSync(path)).digest('hex');

async function reassemble(payload) {
  const home = requireHome(payload);
  const senderArmoredKey = requireString(payload, 'senderArmoredKey');
  const armoredEnvelope = requireString(payload, 'armoredEnvelope');
  const attachment = payload?.attachment ?? 0;
  const chunks = payload?.chunks;
  if (!Number.isInteger(attachment) || attachment < 0) throw new Error('attachment must be an index');
  if (!Array.isArray(chunks) || !chunks.every((chunk) => typeof chunk === 'string')) throw new Error('chunks must be base64 strings');
  await importKeys(home, senderArmoredKey);

  const dir = mkdtempSync(join(home, 'attachment-'));
  const gpgDecrypt = async (input, output) => {
    const result = await runGpg(['--trust-model', 'always', '--passphrase', '', '--decrypt', '--output', output, input], { home });
    return decryptionOutcome(result.status, result.code);
  };
  writeFileSync(join(dir, 'message.asc'), armoredEnvelope);
  const envelope = await gpgDecrypt(join(dir, 'message.asc'), join(dir, 'envelope.json'));
  if (!envelope.ok) return { envelope, chunks: [], file: null, manifest: null };
  const manifest = JSON.parse(readFileSync(join(dir, 'envelope.json'), 'utf8')).attachments?.[attachment];
  if (!manifest) throw new Error(`the envelope has no attachment ${attachment}`);

  const results = [];
  const parts = join(dir, 'parts');
  mkdirSync(parts);
  for (const [index, chunk] of chunks.entries()) {
    const name = String(index).padStart(4, '0');
    const file = join(dir, `chunk-${name}.pgp`);
    writeFileSync(file, Buffer.from(chunk, 'base64'));
    const sha256 = sha256File(file);
    const digestMatches = manifest.chunks[index]?.sha256 === sha256;
    results.push({ sha256, digestMatches, ...(await gpgDecrypt(file, join(parts, `part-${name}`))) });
  }
  const summary = { size: manifest.size, sha256: manifest.sha256, chunks: manifest.chunks.length };
  if (!results.every((result) => result.ok)) return { envelope, chunks: results, file: null, manifest: summary };
  const whole = join(dir, 'file');
  writeFileSync(whole, Buffer.concat(chunks.map((_, index) => readFileSync(join(parts, `part-${String(index).padStart(4, '0')}`)))));
  return { envelope, chunks: results, file: { size: readFileSync(whole).byteLength, sha256: sha256File(whole) }, manifest: summary };
}

async function encryptSign(payload) {
  const home = requireHome(payload);
  const recipientArmoredKey = requireString(payload, 'recipientArmoredKey');
  const plaintext = payload?.plaintext;
  if (typeof plaintext !== 'string') throw new Error('plaintext must be a string');
  const [recipient, ...others] = await importKeys(home, recipientArmoredKey);
  if (others.length > 0) throw new Error('recipientArmoredKey must hold exactly one key');
  const notations = Object.entries(payload?.notations ?? {}).flatMap(([name, value]) => {
    if (!/^[\x21-\x3c\x3e-\x7e]+@[\x21-\x3c\x3e-\x7e]+$/.test(name) || typeof value !== 'string' || /[\r\n]/.test(value)) throw new Error('notations must be name@domain = one line of text');
    return ['--set-notation', `${name}=${value}`];
  });

  const result = check(
    await runGpg(
      ['--trust-model', 'always', '--passphrase', '', ...notations, '--encrypt', '--sign', '--armor', '--recipient', recipient],
      { home, input: plaintext },
    ),
    '--encrypt --sign',
  );
  return { armoredMessage: result.stdout };
}

/** Stops the gpg-agent of each home and deletes the homes. Synchronous so it can run on exit. */
function cleanup() {
  for (const home of homes) {
    try {
      execFileSync('gpgconf', ['--homedir', home, '--kill', 'all'], { stdio: 'ignore', timeout: 10_000 });
    } catch {
      // No gpgconf, or no agent running: nothing to stop.
    }
    rmSync(home, { recursive: true, force: true });
  }
  homes.clear();
}

process.once('exit', cleanup);

export function gpgPlugin() {
  return {
    name: 'sealbox-gpg',
    serverStop() {
      cleanup();
    },
    /** @param {{ command: string, payload?: any }} options */
    async executeCommand({ command, payload }) {
      switch (command) {
        case 'gpg-available':
          availability ??= probe();
          return availability;
        case 'gpg-generate-key':
          return generateKey(payload);
        case 'gpg-decrypt':
          return decrypt(payload);
        case 'gpg-encrypt-sign':
          return encryptSign(payload);
        case 'gpg-reassemble':
          return reassemble(payload);
        default:
          return undefined;
      }
    },
  };
}
