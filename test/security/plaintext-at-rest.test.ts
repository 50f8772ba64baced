import { expect } from '@open-wc/testing';
import { MemoryRelay, type SealClient } from '../../src/index.js';
import { openpgp } from '../helpers/attacker.js';
import { cleanupClients, createUser, PASSPHRASE, waitFor } from '../helpers/clients.js';
import { FaultyTransport } from '../helpers/faulty-transport.js';
import { textFile } from '../helpers/stored-records.js';

interface Found {
  strings: string[];
  bytes: Uint8Array[];
  /** Records seen per object store name, over all databases. */
  records: Map<string, number>;
}

/** Every record of every store of every IndexedDB database on this origin. */
async function dumpIndexedDb(): Promise<Found> {
  const found: Found = { strings: [], bytes: [], records: new Map() };
  for (const info of await indexedDB.databases()) {
    // A database another test file is deleting or upgrading at this moment cannot open; this test's
    // own databases are idle and always do.
    const db = await new Promise<IDBDatabase | null>((resolve, reject) => {
      const request = indexedDB.open(info.name!);
      let late = false;
      const timer = setTimeout(() => ((late = true), resolve(null)), 3000);
      request.onsuccess = () => {
        clearTimeout(timer);
        if (late) request.result.close();
        else resolve(request.result);
      };
      request.onerror = () => reject(request.error);
    });
    if (!db) continue;
    for (const storeName of Array.from(db.objectStoreNames)) {
      const [keys, values] = await new Promise<[IDBValidKey[], unknown[]]>((resolve, reject) => {
        const store = db.transaction(storeName).objectStore(storeName);
        const keysRequest = store.getAllKeys();
        const valuesRequest = store.getAll();
        valuesRequest.onsuccess = () => resolve([keysRequest.result, valuesRequest.result]);
        valuesRequest.onerror = () => reject(valuesRequest.error);
      });
      collect(keys, found);
      collect(values, found);
      found.records.set(storeName, (found.records.get(storeName) ?? 0) + values.length);
    }
    db.close();
  }
  return found;
}

function collect(value: unknown, found: Found): void {
  if (typeof value === 'string') found.strings.push(value);
  else if (value instanceof Uint8Array) found.bytes.push(value);
  else if (value instanceof ArrayBuffer) found.bytes.push(new Uint8Array(value));
  else if (ArrayBuffer.isView(value)) found.bytes.push(new Uint8Array(value.buffer, value.byteOffset, value.byteLength));
  else if (Array.isArray(value)) value.forEach((item) => collect(item, found));
  else if (value && typeof value === 'object') Object.values(value).forEach((item) => collect(item, found));
}

const toHex = (bytes: Uint8Array) => Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('');
const toBase64 = (bytes: Uint8Array) => btoa(String.fromCharCode(...bytes));

function containsBytes(haystack: Uint8Array, needle: Uint8Array): boolean {
  outer: for (let i = 0; i + needle.length <= haystack.length; i += 1) {
    for (let j = 0; j < needle.length; j += 1) if (haystack[i + j] !== needle[j]) continue outer;
    return true;
  }
  return false;
}

/** The secret scalars of a user's key, read from their backup with the passphrase (test-side only). */
async function secretParams(client: SealClient): Promise<Uint8Array[]> {
  const locked = await openpgp.readPrivateKey({ armoredKey: await client.exportBackup(PASSPHRASE) });
  const key = await openpgp.decryptKey({ privateKey: locked, passphrase: PASSPHRASE });
  const packets = [key.keyPacket, ...key.subkeys.map((subkey) => subkey.keyPacket)];
  return packets.flatMap((packet) => Object.values((packet as unknown as { privateParams: Record<string, Uint8Array> }).privateParams));
}

describe('attack: reading IndexedDB after a full round trip', () => {
  afterEach(cleanupClients);

  it('finds no plaintext, no passphrase and no unencrypted key material in any store', async function () {
    // Three identities, messages, a file sent and opened, then a scan of every record: slow on 2 busy cores.
    this.timeout(120_000);
    const relay = new MemoryRelay();
    const flakyAna = new FaultyTransport(relay.connect('ana'));
    const ana = await createUser(flakyAna, 'ana', { outbox: { baseDelayMs: 60_000, maxDelayMs: 60_000 }, attachmentChunkSize: 1024 });
    const lee = await createUser(relay.connect('lee'), 'lee');
    const secrets = ['Subject-7d1f PSA results', 'Body-93ac PSA is 4.2 ng/mL', 'Reply-51be come in Tuesday', 'Draft-c0de I am worried', 'Queued-e11a offline note', PASSPHRASE];

    // Files whose content must never be stored unencrypted: one delivered and opened, one waiting in the outbox.
    const fileSecrets = ['File-5e7a haemoglobin 9.8 g/dL', 'QueuedFile-3c9d biopsy benign'];
    const first = await ana.send({ to: ['lee'], subject: secrets[0]!, body: secrets[1]!, attachments: [textFile('labs.txt', fileSecrets[0]!, 3000)] });
    await waitFor(async () => (await ana.listOutbox()).length === 0);
    await lee.sync();
    const opened = await lee.openMessage(first.id);
    if (opened.status === 'invalid') throw new Error('the message should open');
    expect(await (await lee.openAttachment(first.id, opened.attachments[0]!.id)).text()).to.contain(fileSecrets[0]!);
    expect(await (await ana.openAttachment(first.id, opened.attachments[0]!.id)).text()).to.contain(fileSecrets[0]!);
    await lee.verifyContact('ana', ana.fingerprint!);
    const reply = await lee.send({ to: ['ana'], subject: 'Re', body: secrets[2]!, threadId: first.threadId });
    await waitFor(async () => (await lee.listOutbox()).length === 0);
    await ana.sync();
    await ana.openMessage(reply.id);
    await ana.saveDraft({ to: ['lee'], subject: 'draft', body: secrets[3]!, threadId: first.threadId, replyTo: null });
    flakyAna.offline = true;
    await ana.send({ to: ['lee'], subject: 'q', body: secrets[4]!, attachments: [textFile('biopsy.txt', fileSecrets[1]!, 3000)] });
    await waitFor(async () => (await ana.listOutbox())[0]?.state === 'queued');

    const webStorage = [JSON.stringify({ ...localStorage }), JSON.stringify({ ...sessionStorage }), document.cookie, location.href].join('\n');
    for (const secret of secrets) expect(webStorage, 'localStorage, sessionStorage, cookies and the URL').to.not.contain(secret);

    const dump = await dumpIndexedDb();
    expect(dump.strings.length).to.be.greaterThan(20);
    const everything = dump.strings.join('\n');
    for (const secret of secrets) expect(everything, `IndexedDB holds "${secret}"`).to.not.contain(secret);

    // The queued message's encrypted chunks are stored, and scanned, as bytes.
    expect(dump.records.get('blobChunks') ?? 0).to.be.greaterThanOrEqual(3);
    for (const secret of fileSecrets) {
      expect(everything, `IndexedDB holds "${secret}"`).to.not.contain(secret);
      const marker = new TextEncoder().encode(secret);
      for (const bytes of dump.bytes) expect(containsBytes(bytes, marker), `IndexedDB holds the bytes of "${secret}"`).to.equal(false);
    }

    // Other test files' databases on this origin are scanned too: at least Ana's and Lee's keys.
    const privateBlocks = dump.strings.filter((text) => text.includes('BEGIN PGP PRIVATE KEY BLOCK'));
    expect(privateBlocks.length).to.be.greaterThanOrEqual(2);
    for (const armoredKey of privateBlocks) {
      expect((await openpgp.readPrivateKey({ armoredKey })).isDecrypted(), 'stored private key is protected').to.equal(false);
    }

    const scalars = [...(await secretParams(ana)), ...(await secretParams(lee))];
    expect(scalars.length).to.be.greaterThanOrEqual(4);
    for (const scalar of scalars) {
      const hex = toHex(scalar);
      const base64 = toBase64(scalar).slice(0, 24);
      expect(everything.toLowerCase()).to.not.contain(hex);
      expect(everything).to.not.contain(base64);
      for (const bytes of dump.bytes) expect(containsBytes(bytes, scalar)).to.equal(false);
    }
  });
});
