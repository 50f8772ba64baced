// The event stream through a proxy that kills it while envelopes keep coming, and across a relay
// restart: after each reconnection (with Last-Event-ID) the listener has every envelope exactly once,
// in the order the relay stored them.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { makeEnvelope } from '../../../src/testing/index.js';
import type { HttpTransport } from '../../../src/transport/http-transport.js';
import type { DeliveredEnvelope, OutgoingEnvelope } from '../../../src/transport/transport.js';
import { httpTransport, mailbox, waitFor, useRelayBehindProxy } from './relay-fixture.js';

const EVENTS = /^\/v1\/events$/;

describe('HttpTransport event stream', () => {
  // Frequent heartbeats, so a silent stream stands out quickly.
  const env = useRelayBehindProxy({ heartbeatMs: 200 });

  /** Ana sends straight to the relay; Lee listens through the proxy. */
  async function listening() {
    const ana = await env.relay.signIn('ana');
    const lee = await env.relay.signIn('lee');
    const sender = httpTransport(env.relay.url, ana.token, { retry: { attempts: 20, baseDelayMs: 50, maxDelayMs: 200 } });
    const listener = httpTransport(env.proxy.url, lee.token, { retry: { baseDelayMs: 50, maxDelayMs: 200 } });
    const received: DeliveredEnvelope[] = [];
    const unsubscribe = listener.subscribe((envelope) => received.push(envelope));
    await listener.whenSubscribed();
    return {
      received,
      unsubscribe,
      listener,
      send: async (): Promise<OutgoingEnvelope> => {
        const envelope = makeEnvelope(ana.userId, [lee.userId]);
        await sender.send(envelope);
        return envelope;
      },
      close() {
        unsubscribe();
        sender.close();
        listener.close();
      },
    };
  }

  async function assertDeliveredInOrder(listener: HttpTransport, received: DeliveredEnvelope[], sent: OutgoingEnvelope[]): Promise<void> {
    await waitFor(() => received.length >= sent.length, `${sent.length} deliveries (got ${received.length})`);
    // Nothing more is on its way: another round trip would have brought a duplicate by now.
    await new Promise((resolve) => setTimeout(resolve, 200));
    assert.deepEqual(received.map((envelope) => envelope.id), sent.map((envelope) => envelope.id), 'deliveries, in order, once each');
    assert.deepEqual(received.map((envelope) => envelope.cursor), (await mailbox(listener)).map((envelope) => envelope.cursor), 'cursors as fetch returns them');
  }

  it('resumes after the stream is killed mid-way while envelopes keep being sent', async () => {
    const c = await listening();
    const opened = env.proxy.count('GET', EVENTS);
    try {
      const sent: OutgoingEnvelope[] = [];
      for (let i = 0; i < 30; i += 1) {
        sent.push(await c.send());
        if (i === 9 || i === 19) assert.equal(env.proxy.dropStreams(), 1, 'an open stream to kill');
        if (i === 14) await waitFor(() => env.proxy.openStreams() === 1, 'the reconnection');
      }
      await assertDeliveredInOrder(c.listener, c.received, sent);
      const reconnections = env.proxy.requests.filter((seen) => seen.method === 'GET' && EVENTS.test(seen.path)).slice(opened);
      assert.ok(reconnections.length >= 2, `reconnections: ${reconnections.length}`);
      assert.ok(reconnections.every((seen) => seen.lastEventId !== undefined), 'every reconnection sends Last-Event-ID');
    } finally {
      c.close();
    }
  });

  it('reconnects a stream that went silent, and gets what was sent meanwhile', async () => {
    const ana = await env.relay.signIn('ana');
    const lee = await env.relay.signIn('lee');
    const sender = httpTransport(env.relay.url, ana.token);
    // The first stream passes the first envelope, then nothing: no heartbeat, no close.
    env.proxy.inject('GET', EVENTS, { kind: 'mute', after: 'event: envelope' });
    const opened = env.proxy.count('GET', EVENTS);
    const listener = httpTransport(env.proxy.url, lee.token, { streamIdleMs: 1500 });
    const received: DeliveredEnvelope[] = [];
    const unsubscribe = listener.subscribe((envelope) => received.push(envelope));
    try {
      await listener.whenSubscribed();
      const sent = [makeEnvelope(ana.userId, [lee.userId]), makeEnvelope(ana.userId, [lee.userId])];
      await sender.send(sent[0]);
      await waitFor(() => received.length === 1, 'the first delivery');
      await sender.send(sent[1]);
      await assertDeliveredInOrder(listener, received, sent);
      const streams = env.proxy.requests.filter((seen) => seen.method === 'GET' && EVENTS.test(seen.path)).slice(opened);
      assert.equal(streams.length, 2, 'one reconnection');
      assert.equal(streams[1].lastEventId, received[0].cursor);
    } finally {
      unsubscribe();
      sender.close();
      listener.close();
    }
  });

  it('delivers an envelope the server repeats only once', async () => {
    const ana = await env.relay.signIn('ana');
    const lee = await env.relay.signIn('lee');
    env.proxy.inject('GET', EVENTS, { kind: 'rewrite-events', rewrite: (event) => (event.startsWith('event: envelope') ? event + event : event) });
    const listener = httpTransport(env.proxy.url, lee.token);
    const received: DeliveredEnvelope[] = [];
    const unsubscribe = listener.subscribe((envelope) => received.push(envelope));
    try {
      await listener.whenSubscribed();
      const sender = httpTransport(env.relay.url, ana.token);
      const sent = [makeEnvelope(ana.userId, [lee.userId]), makeEnvelope(ana.userId, [lee.userId])];
      for (const envelope of sent) await sender.send(envelope);
      sender.close();
      await assertDeliveredInOrder(listener, received, sent);
    } finally {
      unsubscribe();
      listener.close();
    }
  });

  it('unsubscribing the last listener, or close(), ends the stream', async () => {
    const c = await listening();
    const second = c.listener.subscribe(() => {});
    c.unsubscribe();
    assert.equal(env.proxy.openStreams(), 1, 'the stream stays while a subscription is left');
    second();
    await waitFor(() => env.proxy.openStreams() === 0, 'the stream to close after the last unsubscribe');
    const again = c.listener.subscribe(() => {});
    await c.listener.whenSubscribed();
    c.listener.close();
    await waitFor(() => env.proxy.openStreams() === 0, 'the stream to close after close()');
    again();
    c.close();
  });

  it('loses nothing when the relay restarts mid-conversation', async () => {
    const c = await listening();
    try {
      const sent = [await c.send(), await c.send()];
      await waitFor(() => c.received.length === 2, 'the first deliveries');
      const restart = await env.relay.stop();
      // A send while the relay is down keeps trying until it is back.
      const sending = c.send();
      await new Promise((resolve) => setTimeout(resolve, 300));
      await restart();
      sent.push(await sending, await c.send());
      await assertDeliveredInOrder(c.listener, c.received, sent);
    } finally {
      c.close();
    }
  });
});
