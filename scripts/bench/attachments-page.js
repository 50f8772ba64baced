// Runs inside the benchmark page (see scripts/bench-attachments.mjs). Encrypts and decrypts one file
// two ways: Sealbox's chunked attachments through the crypto worker, and plain openpgp.js as one
// message on the page. Stored ciphertext is kept in Blobs (the browser's blob store, as a download
// would arrive), so what the page holds is what each approach itself needs. Exposes window.bench.
import * as openpgp from 'openpgp';
import { DEFAULT_ATTACHMENT_LIMITS, openFile, sealFile, workerChunkCipher } from '../../src/core/attachments/index.ts';
import { CryptoClient, cryptoWorkerStarts } from '../../src/core/crypto/crypto-client.ts';

const MiB = 1024 * 1024;
const LIMITS = { ...DEFAULT_ATTACHMENT_LIMITS, maxFileBytes: 512 * MiB };

const state = { file: null, sealbox: null, plain: null, keys: null };

async function identity(userId) {
  const client = new CryptoClient(cryptoWorkerStarts(), { keyProtection: 'iterated', autoLockMs: 0 }, () => {});
  const { armoredPublicKey } = await client.call('createIdentity', userId, 'bench passphrase 2468');
  return { client, cipher: workerChunkCipher(client, 'attachment-chunk'), armoredPublicKey };
}

async function setup() {
  const [ana, lee] = await Promise.all([identity('ana'), identity('lee')]);
  const plainKey = async (name) =>
    (await openpgp.generateKey({ type: 'ecc', curve: 'curve25519Legacy', userIDs: [{ name }], format: 'object' })).privateKey;
  const [sender, recipient] = await Promise.all([plainKey('ana'), plainKey('lee')]);
  state.keys = { ana, lee, sender, recipient };
}

/** A PNG-looking file of random bytes, built in 1 MiB parts so the page never holds all of it. */
function makeFile(size) {
  const parts = [];
  for (let offset = 0; offset < size; offset += MiB) {
    const part = new Uint8Array(Math.min(MiB, size - offset));
    for (let at = 0; at < part.length; at += 65536) crypto.getRandomValues(part.subarray(at, Math.min(at + 65536, part.length)));
    if (offset === 0) part.set([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
    parts.push(new Blob([part]));
  }
  state.file = new File(parts, 'scan.png', { type: 'image/png' });
  state.sealbox = null;
  state.plain = null;
  return state.file.size;
}

async function timed(work) {
  const started = performance.now();
  const detail = await work();
  return { ms: performance.now() - started, ...detail };
}

const operations = {
  sealboxEncrypt: () =>
    timed(async () => {
      const { ana, lee } = state.keys;
      const chunks = [];
      const sealing = sealFile(state.file, { cipher: ana.cipher, recipientKeys: [lee.armoredPublicKey], limits: LIMITS });
      let step = await sealing.next();
      while (!step.done) {
        chunks.push(new Blob([step.value.bytes]));
        step = await sealing.next();
      }
      state.sealbox = { manifest: step.value, chunks };
      return { bytesOut: chunks.reduce((sum, chunk) => sum + chunk.size, 0) };
    }),
  sealboxDecrypt: () =>
    timed(async () => {
      const { ana, lee } = state.keys;
      const { manifest, chunks } = state.sealbox;
      const blob = await openFile(manifest, (index) => chunks[index].arrayBuffer(), {
        cipher: lee.cipher,
        candidates: [{ armoredKey: ana.armoredPublicKey }],
        limits: LIMITS,
      });
      if (blob.size !== state.file.size) throw new Error('Sealbox decrypted the wrong size');
      return { bytesOut: blob.size };
    }),
  plainEncrypt: () =>
    timed(async () => {
      const { sender, recipient } = state.keys;
      const message = await openpgp.createMessage({ binary: new Uint8Array(await state.file.arrayBuffer()) });
      const encrypted = await openpgp.encrypt({ message, encryptionKeys: [recipient.toPublic(), sender.toPublic()], signingKeys: sender, format: 'binary' });
      state.plain = new Blob([encrypted]);
      return { bytesOut: state.plain.size };
    }),
  plainDecrypt: () =>
    timed(async () => {
      const { sender, recipient } = state.keys;
      const message = await openpgp.readMessage({ binaryMessage: new Uint8Array(await state.plain.arrayBuffer()) });
      const { data } = await openpgp.decrypt({
        message,
        decryptionKeys: recipient,
        verificationKeys: sender.toPublic(),
        expectSigned: true,
        format: 'binary',
        config: { maxDecompressedMessageSize: 1024 * MiB },
      });
      const blob = new Blob([data]);
      if (blob.size !== state.file.size) throw new Error('openpgp.js decrypted the wrong size');
      return { bytesOut: blob.size };
    }),
};

window.bench = { setup, makeFile, run: (name) => operations[name]() };
window.benchReady = true;
