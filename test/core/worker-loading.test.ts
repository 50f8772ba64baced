// Where Sealbox's crypto worker comes from: setBasePath's folder (on this origin or another one, such
// as a CDN), and what a developer is told when the worker script does not load.
import { expect } from '@open-wc/testing';
import { CryptoClient } from '../../src/core/crypto/crypto-client.js';
import { defaultWorkerStarts, startListeningWorker } from '../../src/core/workers/start-worker.js';
import { setBasePath } from '../../src/index.js';
import { MemoryRelay } from '../../src/transport/memory-transport.js';
import { cleanupClients, openClient, PASSPHRASE } from '../helpers/clients.js';

const FIXTURES = '/test/core/fixtures/workers/';

/** The crypto worker next to the caller, as a bundler that follows `new URL(…)` leaves it. */
const workerFile = {
  bundled: () => new Worker(new URL('../../src/core/crypto/crypto.worker.ts', import.meta.url), { type: 'module' }),
  path: '../../src/core/crypto/crypto.worker.ts',
  base: import.meta.url,
};
/** As Rollup or esbuild leave it: the file `new URL(…)` names was never copied. */
const missingFile = {
  bundled: () => new Worker(new URL('./no-such-folder/crypto.worker.js', import.meta.url), { type: 'module' }),
  path: './no-such-folder/crypto.worker.js',
  base: import.meta.url,
};

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
    const crypto = new CryptoClient([broken], { keyProtection: 'iterated' }, () => {});
    const error = await failure(crypto.call('createIdentity', 'ana', PASSPHRASE));
    expect(error.code).to.equal('CRYPTO_UNAVAILABLE');
    expect(error.details.reason).to.equal('worker-error');
    expect(error.message).to.contain('no WebAssembly here');
    crypto.terminate();
  });

  it('starts the worker from the locate module a bundler emitted for the lazy import', async () => {
    // As in an application built by Rollup or by esbuild with --splitting, which do not follow `new URL(…)`.
    const starts = defaultWorkerStarts('crypto', { ...missingFile, locate: () => import('../../src/core/crypto/crypto-locate.js') });
    const crypto = new CryptoClient(starts, { keyProtection: 'iterated' }, () => {});
    try {
      const identity = await crypto.call('createIdentity', 'ana', PASSPHRASE);
      expect(identity.fingerprint).to.match(/^[0-9A-F]{40}$/);
      expect(await crypto.call('decryptDraft', await crypto.call('encryptDraft', 'a note'))).to.equal('a note');
    } finally {
      crypto.terminate();
    }
  });

  it('starts from the file first, without importing the locate module, where the bundler rewrote its URL', async () => {
    // As vite and webpack leave it: the literal the package shipped ('./workers/crypto.worker.js') is gone.
    let located = 0;
    const starts = defaultWorkerStarts('crypto', {
      ...workerFile,
      path: './workers/crypto.worker.js',
      locate: async () => {
        located += 1;
        return { workerUrl: undefined };
      },
    });
    const crypto = new CryptoClient(starts, { keyProtection: 'iterated' }, () => {});
    try {
      expect((await crypto.call('createIdentity', 'ana', PASSPHRASE)).fingerprint).to.match(/^[0-9A-F]{40}$/);
      expect(located).to.equal(0);
    } finally {
      crypto.terminate();
    }
  });

  it('falls back to the file next to the module when the located chunk cannot run in a worker', async () => {
    // A build that put the locate module into a vendor chunk with page code, which throws in a worker.
    const vendorChunk = URL.createObjectURL(new Blob(['document.title;\nexport const workerUrl = import.meta.url;'], { type: 'text/javascript' }));
    const starts = defaultWorkerStarts('crypto', { ...workerFile, locate: async () => ({ workerUrl: vendorChunk }) });
    const crypto = new CryptoClient(starts, { keyProtection: 'iterated' }, () => {});
    try {
      expect((await crypto.call('createIdentity', 'ana', PASSPHRASE)).fingerprint).to.match(/^[0-9A-F]{40}$/);
    } finally {
      crypto.terminate();
      URL.revokeObjectURL(vendorChunk);
    }
  });

  it('says why the located chunk failed when nothing else loads', async () => {
    const vendorChunk = URL.createObjectURL(new Blob(['document.title;'], { type: 'text/javascript' }));
    const starts = defaultWorkerStarts('crypto', { ...missingFile, locate: async () => ({ workerUrl: vendorChunk }) });
    const crypto = new CryptoClient(starts, { keyProtection: 'iterated' }, () => {});
    const error = await failure(crypto.call('createIdentity', 'ana', PASSPHRASE));
    crypto.terminate();
    URL.revokeObjectURL(vendorChunk);
    expect(error.code).to.equal('CRYPTO_UNAVAILABLE');
    expect(error.details.reason).to.equal('worker-error');
    expect(error.message).to.contain('document is not defined');
    expect(error.message).to.contain('vendor chunk');
  });

  it('starts the worker from the file next to the module when the package is not bundled', async () => {
    // Unbundled (a CDN), the package's `#crypto-locate` import does not resolve.
    const unresolved = ['#crypto', 'locate'].join('-');
    const starts = defaultWorkerStarts('crypto', { ...workerFile, locate: () => import(/* @vite-ignore */ unresolved) });
    const crypto = new CryptoClient(starts, { keyProtection: 'iterated' }, () => {});
    try {
      expect((await crypto.call('createIdentity', 'ana', PASSPHRASE)).fingerprint).to.match(/^[0-9A-F]{40}$/);
    } finally {
      crypto.terminate();
    }
  });

  it("does not start the page's own module as a worker when a bundler inlined the lazy import", async () => {
    // esbuild without --splitting puts the locate module into the caller's file: its URL is the caller's.
    const starts = defaultWorkerStarts('crypto', { ...missingFile, locate: async () => ({ workerUrl: import.meta.url }) });
    expect(await startListeningWorker(starts)).to.deep.equal({ reason: 'worker-load' });
  });

  it('gives up on a worker that loads but never says it listens', async () => {
    const silent = () => new Worker(URL.createObjectURL(new Blob(['// not a Sealbox worker'], { type: 'text/javascript' })), { type: 'module' });
    expect(await startListeningWorker([silent], undefined, 300)).to.deep.equal({ reason: 'worker-silent' });
  });

  it('refuses a base path that is not a folder URL', () => {
    expect(() => setBasePath('')).to.throw(TypeError);
    expect(() => setBasePath(42 as unknown as string)).to.throw(TypeError);
  });
});
