import { expect } from '@open-wc/testing';
import { MemoryRelay } from '../../src/index.js';
import { cleanupClients, createUser, openClient, PASSPHRASE, rejectsWith, testDatabaseName, useProductionKdf } from '../helpers/clients.js';

// The passphrase KDF and the lockout are under test: keys keep the production S2K.
useProductionKdf();

describe('attack: guessing passphrases and reloading to reset the delay', () => {
  afterEach(cleanupClients);

  it('delays the 6th try even after a reload, and even for the right passphrase', async () => {
    const relay = new MemoryRelay();
    const databaseName = testDatabaseName('ana');
    const first = await createUser(relay.connect('ana'), 'ana', { databaseName });
    await first.lock();
    for (let i = 1; i <= 5; i += 1) await rejectsWith(first.unlock(`guess ${i}`), 'WRONG_PASSPHRASE');
    first.close();

    const reloaded = await openClient(relay.connect('ana'), 'ana', { databaseName });
    const sixth = await rejectsWith(reloaded.unlock('guess 6'), 'LOCKED_OUT');
    const retryAt = (sixth as unknown as { retryAt: number }).retryAt;
    expect(retryAt - Date.now()).to.be.within(25_000, 30_000);
    await rejectsWith(reloaded.unlock(PASSPHRASE), 'LOCKED_OUT');
    expect(reloaded.state).to.equal('locked');
    expect((await reloaded.lockoutStatus()).failures).to.equal(5);

    // changePassphrase is no way around the delay either.
    await rejectsWith(reloaded.changePassphrase(PASSPHRASE, 'something new'), 'LOCKED_OUT');
  });
});
