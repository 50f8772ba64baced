// The browser tests' passphrase KDF: a smaller iterated S2K count than production (see
// test/helpers/openpgp-test-kdf.ts), except for clients that ask for the production one.
import { expect } from '@open-wc/testing';
import { config, decryptKey, readPrivateKey, type PrivateKey } from 'openpgp';
import { MemoryRelay } from '../../src/index.js';
import { cleanupClients, createUser, PASSPHRASE, rejectsWith } from '../helpers/clients.js';
import { productionKdfWorker } from '../helpers/test-kdf.js';

interface IteratedS2k {
  type: string;
  c: number;
  salt: Uint8Array;
}

async function storedKey(backup: string): Promise<{ key: PrivateKey; s2k: IteratedS2k }> {
  const key = await readPrivateKey({ armoredKey: backup });
  return { key, s2k: (key.keyPacket as unknown as { s2k: IteratedS2k }).s2k };
}

describe('passphrase KDF in browser tests', () => {
  afterEach(cleanupClients);

  it('protects test keys with a salted, iterated S2K of 64 KiB, which only the passphrase opens', async () => {
    const ana = await createUser(new MemoryRelay().connect('ana'), 'ana');
    const { key, s2k } = await storedKey(await ana.exportBackup(PASSPHRASE));
    expect(key.isDecrypted()).to.equal(false);
    expect(s2k.type).to.equal('iterated');
    expect(s2k.c).to.equal(96);
    expect(s2k.salt).to.have.length(8);
    await decryptKey({ privateKey: key, passphrase: PASSPHRASE });
    let wrong: unknown;
    await decryptKey({ privateKey: key, passphrase: 'not the passphrase' }).catch((error: unknown) => (wrong = error));
    expect(wrong).to.be.instanceOf(Error);
    await ana.lock();
    await rejectsWith(ana.unlock('not the passphrase'), 'WRONG_PASSPHRASE');
    await ana.unlock(PASSPHRASE);
    expect(ana.state).to.equal('unlocked');
  });

  it('keeps openpgp\'s default count for a client on the production KDF worker', async () => {
    const ana = await createUser(new MemoryRelay().connect('ana'), 'ana', { createWorker: productionKdfWorker });
    const { s2k } = await storedKey(await ana.exportBackup(PASSPHRASE));
    expect(s2k.type).to.equal('iterated');
    expect(config.s2kIterationCountByte).to.equal(224);
    expect(s2k.c).to.equal(config.s2kIterationCountByte);
    await ana.lock();
    await ana.unlock(PASSPHRASE);
    expect(ana.state).to.equal('unlocked');
  });
});
