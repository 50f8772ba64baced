// <seal-provider> makes one client per transport and user id, in whatever order a framework sets its
// properties and connects it, and never closes the transport it was given (the portal owns it).
import { expect, fixture } from '@open-wc/testing';
import { html, render } from 'lit';
import type { SealClient } from '../../src/core/client.js';
import '../../src/elements/provider/seal-provider.js';
import type { SealProvider } from '../../src/elements/provider/provider.js';
import { MemoryRelay } from '../../src/transport/memory-transport.js';
import type { SealTransport } from '../../src/transport/transport.js';

const PASSPHRASE = 'provider transport 2468';

/** The portal's transport, counting what the provider's clients do with it. */
function portalTransport(relay: MemoryRelay, userId: string) {
  const inner = relay.connect(userId, { displayName: userId, role: 'Patient' });
  const counts = { subscribed: 0, unsubscribed: 0, closed: 0 };
  // Every method of the real transport, bound to it, except the two being counted.
  const methods = Object.getOwnPropertyNames(Object.getPrototypeOf(inner)).filter((name) => name !== 'constructor');
  const transport = Object.fromEntries(
    methods.map((name) => [name, (inner as unknown as Record<string, (...args: unknown[]) => unknown>)[name]!.bind(inner)]),
  ) as unknown as SealTransport;
  Object.assign(transport, {
    subscribe: (listener: Parameters<typeof inner.subscribe>[0]) => {
      counts.subscribed += 1;
      const unsubscribe = inner.subscribe(listener);
      return () => {
        counts.unsubscribed += 1;
        unsubscribe();
      };
    },
    close: () => {
      counts.closed += 1;
      inner.close();
    },
  });
  return { transport, counts };
}

const databases: string[] = [];
function options() {
  const databaseName = `sealbox-test:provider:${crypto.randomUUID()}`;
  databases.push(databaseName);
  return { databaseName, keyProtection: 'iterated' as const, pollIntervalMs: 0 };
}

/** A provider given its transport, user id and options before it is connected, as React 19 and Vue 3 do. */
function appendProvider(transport: SealTransport, userId: string): SealProvider {
  const provider = document.createElement('seal-provider');
  provider.transport = transport;
  provider.userId = userId;
  provider.options = options();
  document.body.append(provider);
  return provider;
}

/** Lets every pending client creation finish. */
async function settle(provider: SealProvider): Promise<SealClient> {
  await provider.updateComplete;
  const client = await provider.whenReady();
  for (let i = 0; i < 5; i += 1) await new Promise((resolve) => setTimeout(resolve, 20));
  await provider.updateComplete;
  return client;
}

/** The client works through the portal's transport: creating an identity publishes the key. */
async function expectWorking(client: SealClient, relay: MemoryRelay, userId: string): Promise<void> {
  await client.createIdentity(PASSPHRASE);
  const published = await relay.connect('someone-else').lookupKey(userId);
  expect(published, `${userId}'s key was published`).to.not.equal(null);
}

describe('<seal-provider> and the portal transport', () => {
  let relay: MemoryRelay;
  beforeEach(() => {
    relay = new MemoryRelay();
  });
  afterEach(async () => {
    for (const provider of document.querySelectorAll('seal-provider')) provider.remove();
    await new Promise((resolve) => setTimeout(resolve));
    for (const name of databases.splice(0)) indexedDB.deleteDatabase(name);
  });

  it('makes one client when properties are set before it is connected (React 19, Vue 3, createElement + append)', async () => {
    const { transport, counts } = portalTransport(relay, 'ana');
    const provider = appendProvider(transport, 'ana');
    const client = await settle(provider);
    expect(counts).to.deep.equal({ subscribed: 1, unsubscribed: 0, closed: 0 });
    await expectWorking(client, relay, 'ana');
  });

  it('makes one client from a Lit template that binds the transport as a property', async () => {
    const { transport, counts } = portalTransport(relay, 'ana');
    const provider = await fixture<SealProvider>(html`<seal-provider .transport=${transport} user-id="ana" .options=${options()}></seal-provider>`);
    const client = await settle(provider);
    expect(counts).to.deep.equal({ subscribed: 1, unsubscribed: 0, closed: 0 });
    await expectWorking(client, relay, 'ana');
  });

  it('makes one client when connected first and given its transport afterwards', async () => {
    const { transport, counts } = portalTransport(relay, 'ana');
    const provider = document.createElement('seal-provider');
    provider.setAttribute('user-id', 'ana');
    provider.options = options();
    document.body.append(provider);
    await provider.updateComplete;
    provider.transport = transport;
    const client = await settle(provider);
    expect(counts).to.deep.equal({ subscribed: 1, unsubscribed: 0, closed: 0 });
    await expectWorking(client, relay, 'ana');
  });

  it('keeps its client when a re-render passes an equal options object', async () => {
    const { transport, counts } = portalTransport(relay, 'ana');
    const container = document.createElement('div');
    document.body.append(container);
    const shared = options();
    const view = () => html`<seal-provider .transport=${transport} user-id="ana" .options=${{ ...shared }}></seal-provider>`;
    render(view(), container);
    const provider = container.querySelector('seal-provider')!;
    const client = await settle(provider);
    render(view(), container);
    render(view(), container);
    expect(await settle(provider)).to.equal(client);
    expect(counts).to.deep.equal({ subscribed: 1, unsubscribed: 0, closed: 0 });
    container.remove();
  });

  it('swaps cleanly to a new transport or user id, leaving the old transport open', async () => {
    const first = portalTransport(relay, 'ana');
    const provider = appendProvider(first.transport, 'ana');
    const ana = await settle(provider);

    const second = portalTransport(relay, 'ana');
    provider.transport = second.transport;
    const anaAgain = await settle(provider);
    expect(anaAgain).to.not.equal(ana);
    expect(first.counts).to.deep.equal({ subscribed: 1, unsubscribed: 1, closed: 0 });
    expect(second.counts).to.deep.equal({ subscribed: 1, unsubscribed: 0, closed: 0 });
    let code: string | undefined;
    await ana.sync().catch((error: { code: string }) => (code = error.code));
    expect(code, 'the replaced client is closed').to.equal('CLOSED');
    // The portal can still use the first transport.
    expect(await first.transport.lookupKey('nobody')).to.equal(null);

    const third = portalTransport(relay, 'dr-lee');
    provider.options = options();
    provider.transport = third.transport;
    provider.userId = 'dr-lee';
    const lee = await settle(provider);
    expect(lee.userId).to.equal('dr-lee');
    expect(second.counts).to.deep.equal({ subscribed: 1, unsubscribed: 1, closed: 0 });
    expect(third.counts).to.deep.equal({ subscribed: 1, unsubscribed: 0, closed: 0 });
    await expectWorking(lee, relay, 'dr-lee');
  });

  it('closes its client but not the transport when removed, and makes a new one when put back', async () => {
    const { transport, counts } = portalTransport(relay, 'ana');
    const provider = appendProvider(transport, 'ana');
    const client = await settle(provider);
    provider.remove();
    await new Promise((resolve) => setTimeout(resolve));
    expect(counts).to.deep.equal({ subscribed: 1, unsubscribed: 1, closed: 0 });
    document.body.append(provider);
    const again = await settle(provider);
    expect(again).to.not.equal(client);
    expect(counts).to.deep.equal({ subscribed: 2, unsubscribed: 1, closed: 0 });
    await expectWorking(again, relay, 'ana');
  });
});
