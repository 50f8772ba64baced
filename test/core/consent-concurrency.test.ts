import { expect } from '@open-wc/testing';
import { MemoryRelay } from '../../src/index.js';
import { transportError, type SealTransport, type SignedRecord } from '../../src/transport/transport.js';
import { cleanupClients, createUser, openClient, PASSPHRASE, testDatabaseName, waitFor } from '../helpers/clients.js';
import { slowWorker } from '../helpers/slow-network.js';

const POLICY = {
  id: 'secure-messaging-terms',
  version: '2026-11',
  text: 'Secure messages are for non-urgent questions. Your care team answers within two business days.',
};

/** A portal that refuses, non-retryably, a receipt different from the one it keeps under the same id (the contract allows it). */
function strictPortal(relay: MemoryRelay, userId: string): SealTransport {
  const inner = relay.connect(userId);
  return new Proxy(inner, {
    get(target, key) {
      if (key === 'recordConsent') {
        return async (record: SignedRecord) => {
          const kept = relay.consentRecords().find((candidate) => candidate.id === record.id);
          if (kept && kept.signature !== record.signature) throw transportError(`Receipt ${record.id} is already kept`, { retryable: false });
          return inner.recordConsent!(record);
        };
      }
      const value: unknown = Reflect.get(target, key, target);
      return typeof value === 'function' ? value.bind(target) : value;
    },
  });
}

/**
 * A decision made while the key is locked is signed at the next unlock. Two tabs can unlock at about
 * the same time; the receipt must end up signed once, so the copy kept here is the one the portal
 * holds and later receipts (a withdrawal) still reach the portal.
 */
describe('consent receipts signed by two tabs at once', () => {
  afterEach(cleanupClients);

  it('keeps the signature the other tab delivered first, and later decisions still reach the portal', async () => {
    const relay = new MemoryRelay();
    const databaseName = testDatabaseName('ana');
    const tab = await createUser(strictPortal(relay, 'ana'), 'ana', { databaseName });
    await tab.lock();
    const decided = await tab.recordConsent(POLICY, 'accepted');
    expect(decided.signature).to.equal('');

    const worker = slowWorker('signConsentReceipt');
    const other = await openClient(strictPortal(relay, 'ana'), 'ana', { databaseName, createWorker: worker.createWorker });
    worker.control.hold = true;
    const unlocking = other.unlock(PASSPHRASE);
    await waitFor(() => worker.control.asked > 0, 5000, 'the other tab to sign the receipt');
    // This tab signs and delivers the receipt while the other tab's signature is still being made.
    await tab.unlock(PASSPHRASE);
    expect(relay.consentRecords().map((record) => record.id)).to.deep.equal([decided.id]);
    worker.control.hold = false;
    worker.control.release();
    await unlocking;

    const kept = relay.consentRecords()[0]!;
    const [stored] = await other.listConsentReceipts();
    expect(stored).to.include({ id: decided.id, signature: kept.signature, delivered: true });

    const withdrawn = await other.recordConsent(POLICY, 'withdrawn');
    await waitFor(() => relay.consentRecords().some((record) => record.id === withdrawn.id), 5000, 'the withdrawal to reach the portal');
  });
});
