// Runs inside the benchmark page (see scripts/bench-inbox.mjs): seeds one user's mailbox with real
// encrypted messages, then measures <seal-inbox> on it. Exposes window.bench for the driver.
import { virtualizerRef } from '@lit-labs/virtualizer/virtualize.js';
import * as openpgp from 'openpgp';
import { createSealClient, MemoryRelay } from '../../src/index.ts';
import '../../src/elements/inbox/seal-inbox.ts';

const PASSPHRASE = 'bench passphrase 1357';
const DATABASE = `sealbox-bench:ana:${Date.now()}`;
const PEOPLE = {
  ana: { displayName: 'Ana Ruiz', role: 'Patient' },
  'dr-lee': { displayName: 'Dr. Lee', role: 'Clinician' },
  'nurse-kim': { displayName: 'Nurse Kim', role: 'Nurse' },
  'dr-okonkwo': { displayName: 'Dr. Adaeze Okonkwo-Featherstonehaugh de la Cruz', role: 'Consultant Endocrinologist' },
};
const SENDERS = ['dr-lee', 'nurse-kim', 'dr-okonkwo'];
const TOPICS = ['Lab results', 'Prescription refill', 'Appointment change', 'Blood pressure log', 'Referral letter'];

const relay = new MemoryRelay();
const databases = [DATABASE];

function open(userId, databaseName) {
  return createSealClient({
    transport: relay.connect(userId, PEOPLE[userId]),
    userId,
    ...PEOPLE[userId],
    databaseName,
    keyProtection: 'iterated',
    pollIntervalMs: 0,
    autoLockMs: 60 * 60_000,
  });
}

const frame = () => new Promise((resolve) => requestAnimationFrame(() => resolve(performance.now())));

/** Resolves once `check()` is true, checked every frame; rejects after `timeoutMs`. */
async function until(check, timeoutMs = 120_000, what = 'condition') {
  const deadline = performance.now() + timeoutMs;
  while (!check()) {
    if (performance.now() > deadline) throw new Error(`Timed out waiting for ${what}`);
    await frame();
  }
  return performance.now();
}

/**
 * Each correspondent writes to Ana; each message starts a thread. The correspondents are plain
 * OpenPGP keys published on the relay (curve25519, v4, user id = their Sealbox id, as Sealbox makes
 * them), and every message is signed and encrypted exactly as Sealbox's engine does it (the JSON
 * envelope as text, encrypted to Ana and to the sender, signed by the sender, armored). That skips the
 * senders' own Sealbox clients (outbox, audit trail, IndexedDB), which would take many minutes for
 * 10,000 messages; what Ana receives and verifies is the same. Resolves with how long it took.
 */
async function seed(count) {
  const started = performance.now();
  const ana = await open('ana', DATABASE);
  await ana.createIdentity(PASSPHRASE);
  const anaKey = await openpgp.readKey({ armoredKey: (await relay.connect('bench-lookup').lookupKey('ana')).armoredKey });
  const senders = [];
  for (const userId of SENDERS) {
    const { privateKey, publicKey } = await openpgp.generateKey({ type: 'ecc', curve: 'curve25519Legacy', userIDs: [{ name: userId }], format: 'object' });
    const transport = relay.connect(userId, PEOPLE[userId]);
    await transport.publishKey({ userId, armoredKey: publicKey.armor(), ...PEOPLE[userId] });
    senders.push({ userId, privateKey, publicKey, transport });
    await ana.refreshContact(userId);
  }
  // Ana is offline while the mail piles up, like a patient coming back after a long time.
  ana.close();
  const base = Date.now() - count * 60_000;
  for (let i = 0; i < count; i += 1) {
    const sender = senders[i % senders.length];
    const envelope = {
      v: 1,
      id: crypto.randomUUID(),
      threadId: crypto.randomUUID(),
      from: sender.userId,
      to: ['ana'],
      createdAt: new Date(base + i * 60_000).toISOString(),
      subject: `${TOPICS[i % TOPICS.length]} #${i + 1}`,
      body: `Message ${i + 1} of ${count}.`,
    };
    const message = await openpgp.createMessage({ text: JSON.stringify(envelope) });
    const ciphertext = await openpgp.encrypt({ message, encryptionKeys: [anaKey, sender.publicKey], signingKeys: sender.privateKey, format: 'armored' });
    const { v, subject, body, ...routing } = envelope;
    await sender.transport.send({ ...routing, ciphertext, size: new TextEncoder().encode(ciphertext).byteLength });
    if ((i + 1) % 2000 === 0) console.log(`seeded ${i + 1} of ${count}`);
  }
  const sent = performance.now();
  const reader = await open('ana', DATABASE);
  const synced = await reader.sync();
  reader.close();
  return { count, synced, encryptSeconds: (sent - started) / 1000, syncSeconds: (performance.now() - sent) / 1000 };
}

function parts(inbox) {
  const list = inbox.shadowRoot.querySelector('[role="listbox"]');
  return { list, rows: [...inbox.shadowRoot.querySelectorAll('[role="option"]')] };
}

function visibleRows(inbox) {
  const { list, rows } = parts(inbox);
  if (!list) return [];
  const box = list.getBoundingClientRect();
  return rows.filter((row) => {
    const rect = row.getBoundingClientRect();
    return rect.bottom > box.top + 1 && rect.top < box.bottom - 1;
  });
}

function previewsReady(inbox) {
  const rows = visibleRows(inbox);
  return rows.length > 0 && rows.every((row) => !row.querySelector('[data-state="pending"]'));
}

function rowShown(inbox, index) {
  return visibleRows(inbox).some((row) => Number(row.dataset.index) === index);
}

/** Jumps to the last loaded thread until `index` is loaded (the inbox pages in as it scrolls, like End does). */
async function loadThrough(inbox, index) {
  const { list } = parts(inbox);
  while (inbox.threads.length <= index) {
    const before = inbox.threads.length;
    list[virtualizerRef].element(before - 1).scrollIntoView({ block: 'end' });
    await until(() => inbox.threads.length > before, 60_000, `threads beyond ${before}`);
  }
}

/** Jumps to `index` and measures until its row is on screen, then until the visible subjects are decrypted. */
async function jumpTo(inbox, index) {
  const { list } = parts(inbox);
  const start = performance.now();
  list[virtualizerRef].element(index).scrollIntoView({ block: 'center' });
  const shown = await until(() => rowShown(inbox, index), 30_000, `row ${index}`);
  const decrypted = await until(() => previewsReady(inbox), 60_000, `previews around row ${index}`);
  return { renderMs: shown - start, previewsMs: decrypted - start, domRows: parts(inbox).rows.length };
}

/** Scrolls 400 px a frame for 120 frames and reports frame times. */
async function sweep(inbox) {
  const { list } = parts(inbox);
  const times = [];
  let last = await frame();
  for (let i = 0; i < 120; i += 1) {
    list.scrollTop += 400 * (i < 60 ? -1 : 1);
    const now = await frame();
    times.push(now - last);
    last = now;
  }
  times.sort((a, b) => a - b);
  return { p50FrameMs: times[Math.floor(times.length * 0.5)], p95FrameMs: times[Math.floor(times.length * 0.95)], maxFrameMs: times.at(-1) };
}

async function run(total) {
  const client = await open('ana', DATABASE);
  await client.unlock(PASSPHRASE);
  const host = document.getElementById('host');
  const start = performance.now();
  const inbox = document.createElement('seal-inbox');
  inbox.client = client;
  host.append(inbox);
  const rendered = await until(() => parts(inbox).rows.length > 0, 60_000, 'first rows');
  const decrypted = await until(() => previewsReady(inbox), 60_000, 'first previews');
  const top = { renderMs: rendered - start, previewsMs: decrypted - start, domRows: parts(inbox).rows.length };

  const middleIndex = Math.floor(total / 2);
  const pagingStart = performance.now();
  await loadThrough(inbox, middleIndex);
  const pagingToMiddleMs = performance.now() - pagingStart;
  const middle = await jumpTo(inbox, middleIndex);
  const smooth = await sweep(inbox);

  const pagingEndStart = performance.now();
  await loadThrough(inbox, total - 1);
  const pagingToEndMs = performance.now() - pagingEndStart;
  const end = await jumpTo(inbox, total - 1);
  const domNodes = inbox.shadowRoot.querySelectorAll('*').length;

  inbox.remove();
  client.close();
  return { top, pagingToMiddleMs, middle, pagingToEndMs, end, smooth, domNodes, loaded: total };
}

async function cleanup() {
  await Promise.all(databases.map((name) => new Promise((resolve) => {
    const request = indexedDB.deleteDatabase(name);
    request.onsuccess = request.onerror = request.onblocked = () => resolve();
  })));
}

window.bench = { seed, run, cleanup };
window.benchReady = true;
