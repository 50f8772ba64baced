// Attack: a message to the crypto worker that names something other than one of the protocol's
// methods (the engine's `configure`, `constructor`, inherited names, a getter). The worker called any
// engine property by name, so such a call could change the limits that guard against hostile input
// (ciphertext size, Argon2 memory) behind the client's back. Only the protocol's methods are called now.
import { expect } from '@open-wc/testing';
import { proxy, wrap } from 'comlink';
import { CryptoClient, cryptoWorkerStarts } from '../../src/core/crypto/crypto-client.js';
import type { CryptoWorkerApi } from '../../src/core/crypto/worker-protocol.js';
import { startListeningWorker } from '../../src/core/workers/start-worker.js';

async function refusal(promise: Promise<unknown>): Promise<{ code: string; message: string }> {
  try {
    await promise;
  } catch (error) {
    return error as { code: string; message: string };
  }
  throw new Error('the worker ran the call');
}

describe('attack: calling crypto engine members outside the worker protocol', () => {
  let crypto: CryptoClient;
  beforeEach(async () => {
    crypto = new CryptoClient(cryptoWorkerStarts(), { keyProtection: 'iterated' }, () => {});
    await crypto.call('createIdentity', 'ana', 'worker protocol passphrase 11');
  });
  afterEach(() => crypto.terminate());

  /** A call by any name, as a message to the worker can carry. */
  const callByName = (name: string, ...args: unknown[]) => (crypto.call as (method: string, ...input: unknown[]) => Promise<unknown>).call(crypto, name, ...args);

  it('refuses configure through run, so the limits the client set stay', async () => {
    const error = await refusal(callByName('configure', { limits: { maxCiphertextBytes: 64, maxDecompressedBytes: 64, maxArgon2MemoryExponent: 30 } }));
    expect(error.code).to.equal('INVALID_INPUT');
    expect(error.message).to.equal('Unknown crypto worker method');
    // Had it run, this note would now be over the 64-byte ciphertext limit.
    const note = 'A note longer than sixty-four bytes, which the lowered limit would refuse.';
    expect(await crypto.call('decryptDraft', await crypto.call('encryptDraft', note))).to.equal(note);
  });

  for (const name of ['constructor', 'unlocked', 'toString', 'hasOwnProperty', '__proto__', 'valueOf']) {
    it(`refuses ${name} with a typed error`, async () => {
      const error = await refusal(callByName(name));
      expect(error.code).to.equal('INVALID_INPUT');
    });
  }

  it('is configured once: a second configure cannot raise the limits', async () => {
    const worker = await startListeningWorker(cryptoWorkerStarts());
    if ('reason' in worker) throw new Error(`the worker did not start: ${worker.reason}`);
    const remote = wrap<CryptoWorkerApi>(worker);
    try {
      await remote.configure({ keyProtection: 'iterated' }, proxy(() => {}));
      let refused: unknown = null;
      await remote.configure({ limits: { maxArgon2MemoryExponent: 30 } as never }, proxy(() => {})).catch((error: unknown) => (refused = error));
      expect((refused as { message?: string } | null)?.message).to.contain('configured once');
    } finally {
      worker.terminate();
    }
  });
});
