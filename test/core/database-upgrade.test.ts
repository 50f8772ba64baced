import { expect } from '@open-wc/testing';
import { SCHEMA_VERSION } from '../../src/core/store/database.js';
import { MemoryRelay, type ReadableMessage } from '../../src/index.js';
import { cleanupClients, createUser, openClient, PASSPHRASE, testDatabaseName, waitFor } from '../helpers/clients.js';
import { textFile } from '../helpers/stored-records.js';

type Dump = Map<string, { keys: IDBValidKey[]; values: unknown[] }>;

function request<T>(req: IDBRequest<T>): Promise<T> {
  return new Promise((resolve, reject) => {
    req.onsuccess = () => resolve(req.result);
    req.onerror = () => reject(req.error);
  });
}

async function dump(name: string): Promise<Dump> {
  const db = await request(indexedDB.open(name));
  const result: Dump = new Map();
  for (const store of Array.from(db.objectStoreNames)) {
    const tx = db.transaction(store);
    result.set(store, { keys: await request(tx.objectStore(store).getAllKeys()), values: await request(tx.objectStore(store).getAll()) });
  }
  db.close();
  return result;
}

/**
 * A database laid out as an earlier version of the schema wrote it, holding `records`: version 2
 * (before attachments), 3 (before draft files), 4 (thread summaries built from routing data) or 5
 * (contact records without seals).
 */
async function writeLegacy(name: string, version: 2 | 3 | 4 | 5, records: Dump): Promise<void> {
  const open = indexedDB.open(name, version);
  open.onupgradeneeded = () => {
    const db = open.result;
    db.createObjectStore('identity');
    db.createObjectStore('security');
    db.createObjectStore('contacts', { keyPath: 'userId' });
    db.createObjectStore('messages', { keyPath: 'id' }).createIndex('byThread', ['threadId', 'createdAt', 'id']);
    db.createObjectStore('threads', { keyPath: 'threadId' }).createIndex('byRecent', ['lastMessageAt', 'threadId']);
    db.createObjectStore('drafts', { keyPath: 'id' }).createIndex('byUpdated', ['updatedAt', 'id']);
    db.createObjectStore('outbox', { keyPath: 'id' }).createIndex('byCreated', ['createdAt', 'id']);
    db.createObjectStore('meta');
    db.createObjectStore('audit', { keyPath: 'seq' });
    db.createObjectStore('auditSeals', { keyPath: 'throughSeq' });
    db.createObjectStore('consent', { keyPath: 'id' }).createIndex('byPolicy', ['policyId', 'at']);
    if (version >= 3) db.createObjectStore('blobChunks', { keyPath: ['blobId', 'index'] }).createIndex('byMessage', ['messageId', 'storedAt']);
    if (version >= 4) db.createObjectStore('draftFiles', { keyPath: ['draftId', 'blobId', 'index'] }).createIndex('byDraft', ['draftId', 'storedAt']);
  };
  const db = await request(open);
  const stores = Array.from(db.objectStoreNames);
  const tx = db.transaction(stores, 'readwrite');
  for (const store of stores) {
    const objectStore = tx.objectStore(store);
    const { keys, values } = records.get(store) ?? { keys: [], values: [] };
    values.forEach((value, index) => (objectStore.keyPath === null ? objectStore.put(value, keys[index]) : objectStore.put(value)));
  }
  await new Promise<void>((resolve, reject) => {
    tx.oncomplete = () => resolve();
    tx.onerror = () => reject(tx.error);
  });
  db.close();
}

describe('local database upgrade', () => {
  afterEach(cleanupClients);

  it('adds the attachment chunk store to a version 2 database, keeping the identity and messages', async () => {
    const relay = new MemoryRelay();
    const current = testDatabaseName('ana');
    const ana = await createUser(relay.connect('ana'), 'ana', { databaseName: current });
    const lee = await createUser(relay.connect('lee'), 'lee');
    const earlier = await ana.send({ to: ['lee'], subject: 'Before the upgrade', body: 'Written with version 2' });
    await waitFor(async () => (await ana.listOutbox()).length === 0);
    ana.close();

    const legacy = testDatabaseName('ana');
    const records = await dump(current);
    records.delete('blobChunks');
    records.delete('draftFiles');
    await writeLegacy(legacy, 2, records);

    const upgraded = await openClient(relay.connect('ana'), 'ana', { databaseName: legacy });
    await upgraded.unlock(PASSPHRASE);
    expect(((await upgraded.openMessage(earlier.id)) as ReadableMessage).body).to.equal('Written with version 2');
    const db = await request(indexedDB.open(legacy));
    expect(db.version).to.equal(SCHEMA_VERSION);
    expect(Array.from(db.objectStoreNames)).to.include.members(['blobChunks', 'draftFiles']);
    db.close();

    const sent = await upgraded.send({ to: ['lee'], subject: 'After', body: 'b', threadId: earlier.threadId, attachments: [textFile('a.txt', 'UPG', 500)] });
    await waitFor(async () => (await upgraded.listOutbox()).length === 0);
    await lee.sync();
    const message = (await lee.openMessage(sent.id)) as ReadableMessage;
    expect(await (await lee.openAttachment(sent.id, message.attachments[0]!.id)).text()).to.contain('UPG');
  });

  it('adds the draft file store to a version 3 database, keeping drafts, which can then take files', async () => {
    const relay = new MemoryRelay();
    const current = testDatabaseName('ana');
    const ana = await createUser(relay.connect('ana'), 'ana', { databaseName: current });
    const draft = await ana.saveDraft({ to: ['lee'], subject: 'Before the upgrade', body: 'Written with version 3', threadId: null, replyTo: null });
    ana.close();

    const legacy = testDatabaseName('ana');
    const records = await dump(current);
    records.delete('draftFiles');
    await writeLegacy(legacy, 3, records);

    const upgraded = await openClient(relay.connect('ana'), 'ana', { databaseName: legacy });
    await upgraded.unlock(PASSPHRASE);
    const db = await request(indexedDB.open(legacy));
    expect(db.version).to.equal(SCHEMA_VERSION);
    expect(Array.from(db.objectStoreNames)).to.include('draftFiles');
    db.close();
    expect(await upgraded.openDraft(draft.id)).to.deep.include({ body: 'Written with version 3', files: [] });
    expect(await upgraded.openDraftFiles(draft.id)).to.deep.equal([]);

    const file = textFile('labs.txt', 'UPG4', 700);
    await upgraded.saveDraft({ to: ['lee'], subject: 'After', body: 'b', threadId: null, replyTo: null, files: [{ key: 'labs', file }] }, draft.id);
    const [opened] = await upgraded.openDraftFiles(draft.id);
    expect(opened!.file.name).to.equal('labs.txt');
    expect(await opened!.file.text()).to.equal(await file.text());
  });

  it('rebuilds thread summaries from verified messages on the upgrade to version 5', async () => {
    const relay = new MemoryRelay();
    const current = testDatabaseName('ana');
    const ana = await createUser(relay.connect('ana'), 'ana', { databaseName: current });
    const lee = await createUser(relay.connect('lee'), 'lee');
    const sent = await lee.send({ to: ['ana'], subject: 'Results', body: 'Your A1C is 6.1.' });
    await waitFor(async () => (await lee.listOutbox()).length === 0);
    await ana.sync();
    await ana.openMessage(sent.id);
    ana.close();

    // Version 4 put everyone an envelope's routing data named into its thread, verified or not.
    const records = await dump(current);
    const threads = records.get('threads')!;
    threads.values = threads.values.map((thread) => ({ ...(thread as object), participants: ['lee', 'ana', 'mallory'], addressed: undefined, invalidCount: undefined }));
    const legacy = testDatabaseName('ana');
    await writeLegacy(legacy, 4, records);

    const upgraded = await openClient(relay.connect('ana'), 'ana', { databaseName: legacy });
    const thread = (await upgraded.getThread(sent.threadId))!;
    expect(thread.correspondents).to.deep.equal(['lee']);
    expect(thread).to.include({ messageCount: 1, invalidCount: 0, lastMessageId: sent.id });
    expect(thread.addressed).to.deep.equal([]);
  });

  it('seals the contacts of a version 5 database at the first unlock, keeping who was verified', async () => {
    const relay = new MemoryRelay();
    const current = testDatabaseName('ana');
    const ana = await createUser(relay.connect('ana'), 'ana', { databaseName: current });
    const lee = await createUser(relay.connect('lee'), 'lee');
    await createUser(relay.connect('kim'), 'kim');
    await ana.verifyContact('lee', (await ana.refreshContact('lee')).fingerprint);
    await ana.refreshContact('kim');
    ana.close();

    // Version 5 kept contact records without seals, and no record key.
    const records = await dump(current);
    const contacts = records.get('contacts')!;
    contacts.values = contacts.values.map((record) => ({ ...(record as object), seal: undefined }));
    const meta = records.get('meta')!;
    const kept = meta.keys.flatMap((key, index) => (key === 'recordKey' ? [] : [index]));
    records.set('meta', { keys: kept.map((index) => meta.keys[index]!), values: kept.map((index) => meta.values[index]) });
    const legacy = testDatabaseName('ana');
    await writeLegacy(legacy, 5, records);

    const upgraded = await openClient(relay.connect('ana'), 'ana', { databaseName: legacy });
    await upgraded.unlock(PASSPHRASE);
    expect((await upgraded.getContact('lee'))!).to.include({ state: 'verified', fingerprint: lee.fingerprint });
    expect((await upgraded.getContact('kim'))!.state).to.equal('unverified');
    upgraded.close();
    // Sealed now: a record without a seal from here on is one changed outside Sealbox.
    const sealed = (await dump(legacy)).get('contacts')!.values as { seal?: string }[];
    expect(sealed.every((record) => typeof record.seal === 'string')).to.equal(true);
    const again = await openClient(relay.connect('ana'), 'ana', { databaseName: legacy });
    await again.unlock(PASSPHRASE);
    expect((await again.getContact('lee'))!.state).to.equal('verified');
  });
});
