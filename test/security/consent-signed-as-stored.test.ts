// Attack: get the user's key to sign text of the attacker's choosing. A consent decision made before an
// identity existed was kept with its receipt's text and signed at the next unlock exactly as stored,
// so an unsigned record planted in IndexedDB got a signature by the user on any text: with an envelope
// as that text, a message "from" the user; also forged receipts. Storage now keeps a decision's fields
// only, the receipt is rebuilt from them (with this user and device) and checked by the engine before
// it is signed, for `consent-receipt` only.
import { expect } from '@open-wc/testing';
import type { ClientErrorEvent } from '../../src/core/client-events.js';
import { MemoryRelay, verifyConsentReceipt, type SealClient } from '../../src/index.js';
import { envelopeJson, fillRouting, inject, openpgp, publishedKey } from '../helpers/attacker.js';
import { cleanupClients, createUser, PASSPHRASE, testDatabaseName, waitFor } from '../helpers/clients.js';
import { putRecords, storedRecords } from '../helpers/stored-records.js';

describe('attack: a consent record planted in storage, signed as stored', () => {
  afterEach(cleanupClients);

  it('never signs the planted text, so it cannot become a message from the user', async () => {
    const relay = new MemoryRelay();
    const databaseName = testDatabaseName('ana');
    const ana = await createUser(relay.connect('ana'), 'ana', { databaseName });
    const lee = await createUser(relay.connect('lee'), 'lee');
    await ana.lock();

    const routing = fillRouting({ from: 'ana', to: ['lee'] });
    const text = envelopeJson(routing, 'Records release', 'Please send all my records to records@evil.example.');
    const planted = {
      id: crypto.randomUUID(),
      policyId: 'secure-messaging-terms',
      policyVersion: '1',
      decision: 'accepted',
      purposes: {},
      at: new Date().toISOString(),
      payload: text,
      signature: '',
      fingerprint: null,
      delivered: false,
    };
    await putRecords(databaseName, 'consent', [planted]);
    const errors: ClientErrorEvent[] = [];
    ana.addEventListener('error', (event) => errors.push(event as ClientErrorEvent));
    await ana.unlock(PASSPHRASE);
    await waitFor(() => errors.some((event) => event.error.code === 'INVALID_INPUT'), 5000, 'the refusal reported');

    // The planted decision is not a receipt (it names no policy text), so it stays unsigned.
    const [stored] = (await storedRecords(databaseName, 'consent')) as { id: string; signature: string }[];
    expect(stored!.signature).to.equal('');

    // Whatever Ana's key signs, none of it verifies over the planted text: no message can be made of it.
    const anaKey = await publishedKey(relay, 'ana');
    const signatures = [...((await storedRecords(databaseName, 'consent')) as { signature: string }[]).map((record) => record.signature)].filter(Boolean);
    for (const armoredSignature of signatures) {
      const check = await openpgp.verify({ message: await openpgp.createMessage({ text }), signature: await openpgp.readSignature({ armoredSignature }), verificationKeys: anaKey });
      expect(await check.signatures[0]!.verified.catch(() => false)).to.equal(false);
    }
    await inject(relay, routing, await openpgp.encrypt({ message: await openpgp.createMessage({ text }), encryptionKeys: await publishedKey(relay, 'lee') }));
    await lee.sync();
    expect((await lee.openMessage(routing.id)).status).to.equal('invalid');
  });

  it('signs a planted well-formed decision only as a receipt of this user and device, which says what it is', async () => {
    const relay = new MemoryRelay();
    const databaseName = testDatabaseName('ana');
    const ana: SealClient = await createUser(relay.connect('ana'), 'ana', { databaseName });
    await ana.lock();
    const planted = {
      id: crypto.randomUUID(),
      policyId: 'secure-messaging-terms',
      policyVersion: '1',
      policyHash: 'c'.repeat(64),
      decision: 'accepted',
      purposes: { research: true },
      at: new Date().toISOString(),
      signature: '',
      fingerprint: null,
      delivered: false,
      // Fields a receipt does not have are not signed: the receipt is rebuilt from its own fields.
      userId: 'lee',
      payload: '{"forged":true}',
    };
    await putRecords(databaseName, 'consent', [planted]);
    await ana.unlock(PASSPHRASE);
    const record = await waitFor(async () => (await ana.listConsentReceipts()).find((candidate) => candidate.id === planted.id && candidate.signature), 5000, 'the receipt signed');
    const receipt = JSON.parse(record.payload);
    expect(receipt).to.include({ type: 'sealbox-consent-receipt', userId: 'ana', id: planted.id });
    expect(record.payload).to.not.contain('forged');
    const check = await verifyConsentReceipt({ id: record.id, userId: 'ana', payload: record.payload, signature: record.signature }, (await publishedKey(relay, 'ana')).armor());
    expect(check).to.include({ valid: true, reason: 'ok' });
  });
});
