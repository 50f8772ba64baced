// Where Sealbox's crypto worker comes from: setBasePath's folder (on this origin or another one, such
// as a CDN), and what a developer is told when the worker script does not load.
import { expect } from '@open-wc/testing';
import { CryptoClient } from '../../src/core/crypto/crypto-client.js';
import { setBasePath } from '../../src/index.js';
import { MemoryRelay } from '../../src/transport/memory-transport.js';
import { cleanupClients, openClient, PASSPHRASE } from '../helpers/clients.js';

const FIXTURES = '/test/core/fixtures/workers/';

async function failure(promise: Promise<unknown>): Promise<{ code: string; message: string; details: Record<string, unknown> }> {
  try {
    await promise;
  } catch (error) {
    return error as { code: string; message: string; details: Record<string, unknown> };
  }
  throw new Error('expected a rejection');
}

describe('loading the crypto worker', () => {
  afterEach(async () => {
    setBasePath(undefined);
    await cleanupClients();
  });

  it('starts the worker from the folder given to setBasePath', async () => {
    setBasePath(FIXTURES.slice(0, -1));
    const client = await openClient(new MemoryRelay().connect('ana'), 'ana');
    await client.createIdentity(PASSPHRASE);
    expect(client.state).to.equal('unlocked');
  });

  it('starts a worker on another origin (a CDN) from a same-origin module that imports it', async () => {
    // localhost and 127.0.0.1 are different origins served by the same test server.
    const other = new URL(FIXTURES, location.href);
    other.hostname = location.hostname === '127.0.0.1' ? 'localhost' : '127.0.0.1';
    setBasePath(other.href);
    const client = await openClient(new MemoryRelay().connect('ana'), 'ana');
    await client.createIdentity(PASSPHRASE);
    expect(client.state).to.equal('unlocked');
  });

  it('says that the worker did not load, and how to fix it, instead of blaming the browser', async () => {
    setBasePath('/no-such-folder/');
    const client = await openClient(new MemoryRelay().connect('ana'), 'ana');
    const started = Date.now();
    const error = await failure(client.createIdentity(PASSPHRASE));
    expect(error.code).to.equal('CRYPTO_UNAVAILABLE');
    expect(error.details.reason).to.equal('worker-load');
    expect(error.message).to.contain(new URL('/no-such-folder/crypto.worker.js', location.href).href);
    expect(error.message).to.contain('setBasePath');
    expect(Date.now() - started, 'fails at once, not after a time-out').to.be.below(10_000);
    // Later calls fail the same way instead of waiting.
    expect((await failure(client.createIdentity(PASSPHRASE))).code).to.equal('CRYPTO_UNAVAILABLE');
  });

  it('says why when the worker script ran and failed', async () => {
    const broken = () => new Worker(URL.createObjectURL(new Blob(['throw new Error("no WebAssembly here")'], { type: 'text/javascript' })), { type: 'module' });
    const crypto = new CryptoClient(broken, { keyProtection: 'iterated' }, () => {});
    const error = await failure(crypto.call('createIdentity', 'ana', PASSPHRASE));
    expect(error.code).to.equal('CRYPTO_UNAVAILABLE');
    expect(error.details.reason).to.equal('worker-error');
    expect(error.message).to.contain('no WebAssembly here');
    crypto.terminate();
  });

  it('refuses a base path that is not a folder URL', () => {
    expect(() => setBasePath('')).to.throw(TypeError);
    expect(() => setBasePath(42 as unknown as string)).to.throw(TypeError);
  });
});
