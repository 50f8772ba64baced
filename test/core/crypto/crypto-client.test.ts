import { expect } from '@open-wc/testing';
import { CryptoClient, cryptoWorkerStarts } from '../../../src/core/crypto/crypto-client.js';

describe('CryptoClient (worker)', () => {
  it('creates an identity in the worker and round-trips a self-encrypted note', async () => {
    const client = new CryptoClient(cryptoWorkerStarts(), { keyProtection: 'iterated' }, () => {});
    const identity = await client.call('createIdentity', 'ana', 'correct horse battery');
    expect(identity.armoredPrivateKey).to.contain('BEGIN PGP PRIVATE KEY BLOCK');
    expect(identity.fingerprint).to.match(/^[0-9A-F]{40}$/);
    const ciphertext = await client.call('encryptDraft', 'draft text');
    expect(ciphertext).to.not.contain('draft text');
    expect(await client.call('decryptDraft', ciphertext)).to.equal('draft text');
    client.terminate();
  });
});
