// Attack: edit what the device stores about keys. Unlock did not compare the stored fingerprint with
// the unlocked key, so someone with the browser profile could replace the user's own public key in the
// identity record and have messages "from me" signed by another key shown as verified; and contact
// records had no integrity protection, so an edit at rest could re-point a verified contact to another
// key (messages were then encrypted to it, and its signatures shown as verified) or mark a contact
// verified. The user's own key data now comes from the unlocked key, and every contact record is sealed
// with a key only the unlocked crypto worker holds: an edited record is shown as `altered`, nothing is
// sent to it, and none of it counts until the user checks a key again.
import { expect } from '@open-wc/testing';
import type { ContactRecord, IdentityRecord } from '../../src/core/store/database.js';
import { MemoryRelay, type ContactChangeEvent, type ReadableMessage, type SealClient } from '../../src/index.js';
import { ENVELOPE_PURPOSE, envelopeJson, fillRouting, inject, openpgp, publishedKey, rawKey } from '../helpers/attacker.js';
import { cleanupClients, createUser, nextEvent, openClient, PASSPHRASE, rejectsWith, testDatabaseName, waitFor } from '../helpers/clients.js';
import { putRecords, storedRecords } from '../helpers/stored-records.js';

/** Writes into a store with out-of-line keys (`identity`, `meta`), as someone with the profile could. */
async function putKeyed(databaseName: string, storeName: string, key: string, value: unknown): Promise<void> {
  const db = await new Promise<IDBDatabase>((resolve, reject) => {
    const request = indexedDB.open(databaseName);
    request.onsuccess = () => resolve(request.result);
    request.onerror = () => reject(request.error);
  });
  const tx = db.transaction(storeName, 'readwrite');
  tx.objectStore(storeName).put(value, key);
  await new Promise<void>((resolve, reject) => {
    tx.oncomplete = () => resolve();
    tx.onerror = () => reject(tx.error);
  });
  db.close();
}

/** A message "from" `from` to Ana, signed by `key`, stored on the relay as a hostile server could. */
async function signedBy(relay: MemoryRelay, from: string, key: openpgp.PrivateKey, threadId?: string): Promise<string> {
  const routing = fillRouting({ from, to: ['ana'], ...(threadId ? { threadId } : {}) });
  const message = await openpgp.createMessage({ text: envelopeJson(routing, 'Your results', 'Please call this number.') });
  const ciphertext = (await openpgp.encrypt({ message, encryptionKeys: await publishedKey(relay, 'ana'), signingKeys: key, signatureNotations: ENVELOPE_PURPOSE })) as string;
  await inject(relay, routing, ciphertext);
  return routing.id;
}

async function contactRecord(databaseName: string, userId: string): Promise<ContactRecord> {
  const records = (await storedRecords(databaseName, 'contacts')) as ContactRecord[];
  return records.find((record) => record.userId === userId)!;
}

/** Ana, who verified Dr. Lee's key, on a database the test can reopen; Mallory's key claims Lee's name. */
async function verifiedLee(): Promise<{ relay: MemoryRelay; database: string; lee: SealClient; mallory: Awaited<ReturnType<typeof rawKey>> }> {
  const relay = new MemoryRelay();
  const database = testDatabaseName('ana');
  const ana = await createUser(relay.connect('ana'), 'ana', { databaseName: database });
  const lee = await createUser(relay.connect('lee'), 'lee');
  const contact = await ana.refreshContact('lee');
  await ana.verifyContact('lee', contact.fingerprint);
  ana.close();
  return { relay, database, lee, mallory: await rawKey('lee') };
}

describe('attack: key data edited at rest', () => {
  afterEach(cleanupClients);

  it("takes the user's own key from the unlocked key, not from the stored identity", async () => {
    const relay = new MemoryRelay();
    const database = testDatabaseName('ana');
    const ana = await createUser(relay.connect('ana'), 'ana', { databaseName: database });
    const real = ana.fingerprint!;
    ana.close();

    // Mallory puts her own key, under Ana's name, where Ana's public key was kept, and writes "as Ana".
    const mallory = await rawKey('ana');
    const [identity] = (await storedRecords(database, 'identity')) as IdentityRecord[];
    await putKeyed(database, 'identity', 'self', { ...identity!, fingerprint: mallory.publicKey.getFingerprint().toUpperCase(), armoredPublicKey: mallory.publicKey.armor() });
    const forged = await signedBy(relay, 'ana', mallory.privateKey);

    const reopened = await openClient(relay.connect('ana'), 'ana', { databaseName: database });
    await reopened.unlock(PASSPHRASE);
    expect(reopened.fingerprint).to.equal(real);
    await reopened.sync();
    const opened = await reopened.openMessage(forged);
    expect(opened.status).to.equal('invalid');
    // The record is written back as the key says, and the change is in the audit log.
    const [repaired] = (await storedRecords(database, 'identity')) as IdentityRecord[];
    expect(repaired!.fingerprint).to.equal(real);
    expect(repaired!.armoredPublicKey).to.equal(identity!.armoredPublicKey);
    const entries = await reopened.auditEntries();
    expect(entries.some((entry) => entry.kind === 'stored-data-altered' && entry.data.record === 'identity')).to.equal(true);
  });

  it('shows a contact re-pointed at rest as altered: nothing is sent to the planted key and its messages are not verified', async () => {
    const { relay, database, lee, mallory } = await verifiedLee();
    const stored = await contactRecord(database, 'lee');
    const planted = { ...stored, pinned: { ...stored.pinned, fingerprint: mallory.publicKey.getFingerprint().toUpperCase(), armoredKey: mallory.publicKey.armor() } };
    await putRecords(database, 'contacts', [planted]);
    const forged = await signedBy(relay, 'lee', mallory.privateKey);

    const ana = await openClient(relay.connect('ana'), 'ana', { databaseName: database });
    // Locked, the seal cannot be checked: the contact is not shown as verified.
    expect((await ana.getContact('lee'))!.state).to.equal('unverified');
    const altered = nextEvent<ContactChangeEvent>(ana, 'contact-change', 5000, (event) => event.reason === 'altered');
    await ana.unlock(PASSPHRASE);
    const contact = (await ana.getContact('lee'))!;
    expect(contact.state).to.equal('altered');
    expect(contact.verifiedAt).to.equal(null);
    await altered;
    await rejectsWith(ana.send({ to: ['lee'], subject: 'Results', body: 'My lab values' }), 'CONTACT_ALTERED');
    await ana.sync();
    expect((await ana.openMessage(forged)).status).to.equal('signer-unverified');
    expect((await ana.auditEntries()).some((entry) => entry.kind === 'stored-data-altered' && entry.data.userId === 'lee')).to.equal(true);

    // The published key is offered next to the stored one; comparing it with Dr. Lee settles the contact.
    const refreshed = await ana.refreshContact('lee');
    expect(refreshed.state).to.equal('altered');
    expect(refreshed.pendingFingerprint).to.equal(lee.fingerprint);
    await rejectsWith(ana.verifyContact('lee', 'AAAA'.repeat(10)), 'INVALID_INPUT');
    const settled = await ana.verifyContact('lee', lee.fingerprint!);
    expect(settled.state).to.equal('verified');
    expect(settled.fingerprint).to.equal(lee.fingerprint);
    await ana.send({ to: ['lee'], subject: 'Results', body: 'My lab values' });
    await waitFor(async () => (await ana.listOutbox()).length === 0);
    await lee.sync();
    const [thread] = (await lee.listThreads()).items;
    const [message] = (await lee.listMessages(thread!.threadId)).items;
    expect(((await lee.openMessage(message!.id)) as ReadableMessage).body).to.equal('My lab values');
    ana.close();

    // Settled and sealed again: still verified after a reload.
    const again = await openClient(relay.connect('ana'), 'ana', { databaseName: database });
    await again.unlock(PASSPHRASE);
    expect((await again.getContact('lee'))!.state).to.equal('verified');
  });

  it('does not count a verification mark written at rest', async () => {
    const relay = new MemoryRelay();
    const database = testDatabaseName('ana');
    const ana = await createUser(relay.connect('ana'), 'ana', { databaseName: database });
    const mallory = await rawKey('mallory');
    await relay.connect('mallory').publishKey({ userId: 'mallory', armoredKey: mallory.publicKey.armor() });
    await ana.refreshContact('mallory');
    ana.close();
    const stored = await contactRecord(database, 'mallory');
    await putRecords(database, 'contacts', [{ ...stored, verifiedAt: new Date().toISOString() }]);
    const written = await signedBy(relay, 'mallory', mallory.privateKey);

    const reopened = await openClient(relay.connect('ana'), 'ana', { databaseName: database });
    await reopened.unlock(PASSPHRASE);
    expect((await reopened.getContact('mallory'))!.state).to.equal('altered');
    await reopened.sync();
    expect((await reopened.openMessage(written)).status).to.equal('signer-unverified');
    const [thread] = (await reopened.listThreads()).items;
    expect((await reopened.listMessages(thread!.threadId)).items[0]!.status).to.equal('signer-unverified');
  });

  it('shows records as altered when their seal is removed or the record key is replaced', async () => {
    const { relay, database, mallory } = await verifiedLee();
    const stored = await contactRecord(database, 'lee');
    const { seal: _removed, ...unsealed } = stored;
    await putRecords(database, 'contacts', [unsealed]);
    let ana = await openClient(relay.connect('ana'), 'ana', { databaseName: database });
    await ana.unlock(PASSPHRASE);
    expect((await ana.getContact('lee'))!.state).to.equal('altered');
    ana.close();

    // A record key of Mallory's making (wrapped to Ana's public key, which anyone has) does not open.
    await putRecords(database, 'contacts', [stored]);
    const bytes = crypto.getRandomValues(new Uint8Array(32));
    const wrapped = await openpgp.encrypt({
      message: await openpgp.createMessage({ binary: bytes }),
      encryptionKeys: await publishedKey(relay, 'ana'),
      signingKeys: mallory.privateKey,
    });
    await putKeyed(database, 'meta', 'recordKey', wrapped);
    ana = await openClient(relay.connect('ana'), 'ana', { databaseName: database });
    await ana.unlock(PASSPHRASE);
    expect((await ana.getContact('lee'))!.state).to.equal('altered');
  });
});

describe('attack: key data edited at rest, with what the upgrade and the checks trust', () => {
  afterEach(cleanupClients);

  it('seals nothing for a planted "still to be sealed" mark: an unsealed record stays altered', async () => {
    const { relay, database, mallory } = await verifiedLee();
    const { seal: _removed, ...stored } = await contactRecord(database, 'lee');
    await putRecords(database, 'contacts', [{ ...stored, pinned: { ...stored.pinned, fingerprint: mallory.publicKey.getFingerprint().toUpperCase(), armoredKey: mallory.publicKey.armor() } }]);
    await putKeyed(database, 'meta', 'contactSeals', 'unsealed');
    const ana = await openClient(relay.connect('ana'), 'ana', { databaseName: database });
    await ana.unlock(PASSPHRASE);
    expect((await ana.getContact('lee'))!.state).to.equal('altered');
    await rejectsWith(ana.send({ to: ['lee'], subject: 'Results', body: 'My lab values' }), 'CONTACT_ALTERED');
  });

  it('does not settle an altered contact on a stored key whose text is another key than its fingerprint', async () => {
    const { relay, database, lee, mallory } = await verifiedLee();
    const stored = await contactRecord(database, 'lee');
    // Dr. Lee's fingerprint, shown to be compared, over Mallory's key, which would be encrypted to.
    await putRecords(database, 'contacts', [{ ...stored, pinned: { ...stored.pinned, armoredKey: mallory.publicKey.armor() } }]);
    const ana = await openClient(relay.connect('ana'), 'ana', { databaseName: database });
    await ana.unlock(PASSPHRASE);
    const contact = (await ana.getContact('lee'))!;
    expect(contact).to.include({ state: 'altered', fingerprint: lee.fingerprint });
    await rejectsWith(ana.verifyContact('lee', lee.fingerprint!), 'INVALID_INPUT');
    // Looking Dr. Lee up again replaces the stored text with his published key; then comparing settles it.
    await ana.refreshContact('lee');
    expect((await ana.verifyContact('lee', lee.fingerprint!)).state).to.equal('verified');
    const sent = await ana.send({ to: ['lee'], subject: 'Results', body: 'For Dr. Lee only' });
    await waitFor(async () => (await ana.listOutbox()).length === 0);
    await lee.sync();
    expect(((await lee.openMessage(sent.id)) as ReadableMessage).body).to.equal('For Dr. Lee only');
  });

  it('does not offer the stored fingerprint as the user’s own, nor check the audit log with a stored key, before unlock', async () => {
    const relay = new MemoryRelay();
    const database = testDatabaseName('ana');
    const ana = await createUser(relay.connect('ana'), 'ana', { databaseName: database });
    ana.close();
    const mallory = await rawKey('ana');
    const [identity] = (await storedRecords(database, 'identity')) as IdentityRecord[];
    await putKeyed(database, 'identity', 'self', { ...identity!, fingerprint: mallory.publicKey.getFingerprint().toUpperCase(), armoredPublicKey: mallory.publicKey.armor() });
    const reopened = await openClient(relay.connect('ana'), 'ana', { databaseName: database });
    expect(reopened.isFingerprintChecked).to.equal(false);
    expect((await reopened.exportAuditLog()).publicKey).to.equal(null);
    await reopened.unlock(PASSPHRASE);
    expect(reopened.isFingerprintChecked).to.equal(true);
    expect(reopened.fingerprint).to.equal(identity!.fingerprint);
    expect((await reopened.exportAuditLog()).publicKey).to.equal(identity!.armoredPublicKey);
  });
});
