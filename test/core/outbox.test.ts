import { expect } from '@open-wc/testing';
import { MemoryRelay, type OutboxChangeEvent, type ReadableMessage } from '../../src/index.js';
import { cleanupClients, createUser, nextEvent, openClient, PASSPHRASE, testDatabaseName, waitFor } from '../helpers/clients.js';
import { FaultyTransport } from '../helpers/faulty-transport.js';

const fastRetry = { baseDelayMs: 20, maxDelayMs: 100 };

describe('durable outbox', () => {
  afterEach(cleanupClients);

  it('delivers exactly once after the transport fails several times', async () => {
    const relay = new MemoryRelay();
    const flaky = new FaultyTransport(relay.connect('ana'));
    const ana = await createUser(flaky, 'ana', { outbox: fastRetry });
    const lee = await createUser(relay.connect('lee'), 'lee');
    flaky.failNextSends = 4;

    const sent = await ana.send({ to: ['lee'], subject: 'Retry me', body: 'Body' });
    await waitFor(async () => (await ana.listOutbox()).length === 0, 5000, 'delivery');

    expect(flaky.sendAttempts.filter((id) => id === sent.id)).to.have.length(5);
    expect(relay.envelopes().filter((envelope) => envelope.id === sent.id)).to.have.length(1);
    await lee.sync();
    const { items } = await lee.listMessages(sent.threadId);
    expect(items).to.have.length(1);
  });

  it('shows a queued state while offline, then delivers when back online', async () => {
    const relay = new MemoryRelay();
    const flaky = new FaultyTransport(relay.connect('ana'));
    const ana = await createUser(flaky, 'ana', { outbox: { baseDelayMs: 60_000, maxDelayMs: 60_000 } });
    await createUser(relay.connect('lee'), 'lee');
    await ana.refreshContact('lee');
    flaky.offline = true;

    const sent = await ana.send({ to: ['lee'], subject: 'Offline', body: 'Written on the train' });
    const queued = await waitFor(async () => (await ana.listOutbox()).find((item) => item.state === 'queued' && item.attempts === 1));
    expect(queued).to.include({ id: sent.id, threadId: sent.threadId });
    expect(queued.lastError?.code).to.equal('TRANSPORT');
    expect((await ana.listMessages(sent.threadId)).items[0]!.delivery).to.equal('queued');

    flaky.offline = false;
    window.dispatchEvent(new Event('online'));
    await waitFor(async () => (await ana.listOutbox()).length === 0, 5000, 'delivery after online');
    expect(relay.envelopes().map((envelope) => envelope.id)).to.include(sent.id);
  });

  it('loses nothing and sends nothing twice across a reload between commit and delivery', async () => {
    const relay = new MemoryRelay();
    const databaseName = testDatabaseName('ana');
    const flaky = new FaultyTransport(relay.connect('ana'));
    const before = await createUser(flaky, 'ana', { databaseName, outbox: { baseDelayMs: 60_000, maxDelayMs: 60_000 } });
    const lee = await createUser(relay.connect('lee'), 'lee');
    await before.refreshContact('lee');
    flaky.offline = true;
    const sent = await before.send({ to: ['lee'], subject: 'Survives reload', body: 'Committed before the tab closed' });
    before.close();
    expect(relay.envelopes()).to.have.length(0);

    // The page reloads: a new client on the same database, back online.
    const after = await openClient(relay.connect('ana'), 'ana', { databaseName, outbox: fastRetry });
    expect((await after.listOutbox()).map((item) => item.id)).to.deep.equal([sent.id]);
    await waitFor(async () => (await after.listOutbox()).length === 0, 5000, 'delivery after reload');
    expect(relay.envelopes().filter((envelope) => envelope.id === sent.id)).to.have.length(1);

    await lee.sync();
    expect(((await lee.openMessage(sent.id)) as ReadableMessage).body).to.equal('Committed before the tab closed');
    await after.unlock(PASSPHRASE);
    expect(((await after.openMessage(sent.id)) as ReadableMessage).body).to.equal('Committed before the tab closed');
  });

  it('stores a message once when the response was lost and the page reloads before the retry', async () => {
    const relay = new MemoryRelay();
    const databaseName = testDatabaseName('ana');
    const flaky = new FaultyTransport(relay.connect('ana'));
    const before = await createUser(flaky, 'ana', { databaseName, outbox: { baseDelayMs: 60_000, maxDelayMs: 60_000 } });
    const lee = await createUser(relay.connect('lee'), 'lee');
    flaky.loseResponses = true;
    const sent = await before.send({ to: ['lee'], subject: 'Twice?', body: 'Once' });
    await waitFor(async () => (await before.listOutbox())[0]?.attempts === 1, 5000, 'first attempt');
    before.close();

    const after = await openClient(relay.connect('ana'), 'ana', { databaseName, outbox: fastRetry });
    await waitFor(async () => (await after.listOutbox()).length === 0, 5000, 'redelivery');
    expect(relay.envelopes().filter((envelope) => envelope.id === sent.id)).to.have.length(1);
    await lee.sync();
    expect((await lee.listMessages(sent.threadId)).items).to.have.length(1);
  });

  it('marks a refused message failed, and retries or discards it on request', async () => {
    const relay = new MemoryRelay();
    const flaky = new FaultyTransport(relay.connect('ana'));
    const ana = await createUser(flaky, 'ana', { outbox: fastRetry });
    await createUser(relay.connect('lee'), 'lee');
    flaky.refuseWith = 'Recipient not allowed';

    const first = await ana.send({ to: ['lee'], subject: 'a', body: 'b' });
    const failed = await waitFor(async () => (await ana.listOutbox()).find((item) => item.state === 'failed'));
    expect(failed.id).to.equal(first.id);
    expect(failed.lastError).to.include({ code: 'TRANSPORT', retryable: false });

    flaky.refuseWith = null;
    const change = nextEvent<OutboxChangeEvent>(ana, 'outbox-change', 5000, (event) => event.items.length === 0);
    await ana.retryOutbox(first.id);
    await change;
    expect(relay.envelopes().map((envelope) => envelope.id)).to.deep.equal([first.id]);

    flaky.refuseWith = 'Recipient not allowed';
    const second = await ana.send({ to: ['lee'], subject: 'c', body: 'd' });
    await waitFor(async () => (await ana.listOutbox()).find((item) => item.state === 'failed'));
    expect(await ana.discardOutbox(second.id)).to.equal(true);
    expect(await ana.listOutbox()).to.have.length(0);
    expect(await ana.getThread(second.threadId)).to.equal(null);
    expect(await ana.discardOutbox(second.id)).to.equal(false);
  });
});
