import { expect } from '@open-wc/testing';
import { MemoryRelay } from '../../src/index.js';
import { cleanupClients, createUser, openClient, PASSPHRASE, rejectsWith } from '../helpers/clients.js';

describe('attack: a key backup that asks Argon2 for more memory than allowed', () => {
  afterEach(cleanupClients);

  it('is refused as TOO_LARGE before any memory is allocated', async () => {
    const relay = new MemoryRelay();
    // A default backup asks for 2^16 KiB (64 MiB); a device capped at 2^15 KiB must refuse it.
    const ana = await createUser(relay.connect('ana'), 'ana', { keyProtection: 'argon2' });
    const backup = await ana.exportBackup(PASSPHRASE);
    const capped = await openClient(relay.connect('ana'), 'ana', { limits: { maxArgon2MemoryExponent: 15 } });
    await rejectsWith(capped.importBackup(backup, PASSPHRASE), 'TOO_LARGE');
    expect(capped.state).to.equal('no-identity');
    // The wrong-passphrase counter is not involved: this is not a guess.
    expect((await capped.lockoutStatus()).failures).to.equal(0);
  });
});
