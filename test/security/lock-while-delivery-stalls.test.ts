// Attack: keep the key unlocked by stalling the backend. `lock()` waited for the audit seal's delivery
// before wiping the key, so an adapter that never answered kept the key in the worker indefinitely
// (and a page that locked on leaving never got there). Lock now wipes the key first, within a bounded
// time: the seal is signed only if that is quick, delivered afterwards, and a worker that does not
// answer is ended.
import { expect } from '@open-wc/testing';
import { wrap } from 'comlink';
import type { CryptoWorkerApi } from '../../src/core/crypto/worker-protocol.js';
import { MemoryRelay, type SealTransport } from '../../src/index.js';
import { cleanupClients, createUser, PASSPHRASE, waitFor } from '../helpers/clients.js';
import { slowWorker } from '../helpers/slow-network.js';

/** The relay, except that audit records are never acknowledged. */
function stallingAudit(inner: SealTransport): { transport: SealTransport; asked: () => number } {
  let asked = 0;
  const transport = new Proxy(inner, {
    get(target, key) {
      if (key === 'recordAudit') return () => ((asked += 1), new Promise<never>(() => {}));
      const value: unknown = Reflect.get(target, key, target);
      return typeof value === 'function' ? value.bind(target) : value;
    },
  });
  return { transport, asked: () => asked };
}

const BOUND_MS = 6_000;

async function timed(work: Promise<unknown>): Promise<number> {
  const started = performance.now();
  let timer: ReturnType<typeof setTimeout> | undefined;
  await Promise.race([work, new Promise((_, reject) => (timer = setTimeout(() => reject(new Error('lock() did not finish')), BOUND_MS * 2)))]).finally(() => clearTimeout(timer));
  return performance.now() - started;
}

describe('attack: a stalled backend keeps the key unlocked', () => {
  afterEach(cleanupClients);

  it('wipes the key in the worker within a bounded time while audit delivery hangs', async () => {
    const workers: Worker[] = [];
    const createWorker = () => {
      const worker = new Worker(new URL('../../src/core/crypto/crypto.worker.ts', import.meta.url), { type: 'module', name: 'sealbox-crypto' });
      workers.push(worker);
      return worker;
    };
    const { transport, asked } = stallingAudit(new MemoryRelay().connect('ana'));
    const ana = await createUser(transport, 'ana', { createWorker });
    await ana.saveDraft({ to: ['lee'], subject: 'x', body: 'y', threadId: null, replyTo: null });
    await waitFor(() => asked() > 0, 10_000, 'an audit delivery under way');

    expect(await timed(ana.lock())).to.be.below(BOUND_MS);
    expect(ana.state).to.equal('locked');
    // Asked directly, the worker holds no key.
    const outcome = await wrap<CryptoWorkerApi>(workers[0]!).run('encryptDraft', ['after the lock']);
    expect(outcome.ok).to.equal(false);
    expect(!outcome.ok && outcome.error.code).to.equal('LOCKED');
    await ana.unlock(PASSPHRASE);
    expect(ana.state).to.equal('unlocked');
  });

  it('ends a worker too busy to answer, and the key with it', async () => {
    const worker = slowWorker('signAuditSeal');
    const ana = await createUser(new MemoryRelay().connect('ana'), 'ana', { createWorker: worker.createWorker });
    await ana.saveDraft({ to: ['lee'], subject: 'x', body: 'y', threadId: null, replyTo: null });
    // The seal's signature never reaches the worker; the lock must not wait for it.
    worker.control.hold = true;
    expect(await timed(ana.lock())).to.be.below(BOUND_MS);
    expect(ana.state).to.equal('locked');
    worker.control.hold = false;
    await ana.unlock(PASSPHRASE);
    expect(await ana.saveDraft({ to: ['lee'], subject: 'a', body: 'b', threadId: null, replyTo: null })).to.have.property('id');
  });
});
