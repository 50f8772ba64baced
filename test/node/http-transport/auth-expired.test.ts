// A 401 from the relay: HttpTransport dispatches `auth-expired`, rejects non-retryably without
// retrying, and uses the host's refreshed token for the calls that follow.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { makeEnvelope } from '../../../src/testing/index.js';
import { HttpAuthExpiredEvent } from '../../../src/transport/http-auth-expired-event.js';
import type { DeliveredEnvelope } from '../../../src/transport/transport.js';
import { httpTransport, mailbox, transportFailure, waitFor, useRelayBehindProxy } from './relay-fixture.js';

describe('HttpTransport when the session expires', () => {
  const env = useRelayBehindProxy();

  it('dispatches auth-expired on a 401, rejects non-retryably, and the next call uses the refreshed token', async () => {
    const ana = await env.relay.signIn('ana');
    const lee = await env.relay.signIn('lee');
    let token = 'expired-or-revoked';
    const transport = httpTransport(env.proxy.url, '', { getAuthToken: async () => token });
    const events: HttpAuthExpiredEvent[] = [];
    transport.addEventListener('auth-expired', (event) => {
      events.push(event);
      // The host page refreshes its session.
      token = ana.token;
    });
    try {
      const envelope = makeEnvelope(ana.userId, [lee.userId]);
      const tries = env.proxy.count('POST', /^\/v1\/envelopes$/);
      const error = await transportFailure(transport.send(envelope));
      assert.equal(error.retryable, false);
      assert.equal(error.details.status, 401);
      assert.equal(env.proxy.count('POST', /^\/v1\/envelopes$/) - tries, 1, 'a 401 is not retried');
      assert.equal(events.length, 1);
      assert.ok(events[0] instanceof HttpAuthExpiredEvent);
      assert.equal(events[0].type, 'auth-expired');
      assert.equal(events[0].operation, 'send');
      assert.ok(!JSON.stringify({ ...events[0], message: error.message }).includes(ana.token), 'no token in the event or the error');

      await transport.send(envelope);
      assert.deepEqual((await mailbox(httpTransport(env.relay.url, lee.token))).map((stored) => stored.id), [envelope.id]);
      assert.equal(events.length, 1);
    } finally {
      transport.close();
    }
  });

  it('keeps the event stream trying through 401s until the host refreshes, then delivers', async () => {
    const ana = await env.relay.signIn('ana');
    const lee = await env.relay.signIn('lee');
    let token = 'expired';
    const transport = httpTransport(env.proxy.url, '', { getAuthToken: () => token, retry: { baseDelayMs: 20, maxDelayMs: 100 } });
    let expired = 0;
    transport.addEventListener('auth-expired', (event) => {
      assert.equal(event.operation, 'subscribe');
      expired += 1;
      if (expired === 2) token = lee.token;
    });
    const errors: unknown[] = [];
    const received: DeliveredEnvelope[] = [];
    const unsubscribe = transport.subscribe((envelope) => received.push(envelope), { onError: (error) => errors.push(error) });
    try {
      await transport.whenSubscribed();
      assert.equal(expired, 2);
      assert.equal(errors.length, 2, 'each refused connection is reported to onError');
      const envelope = makeEnvelope(ana.userId, [lee.userId]);
      await httpTransport(env.relay.url, ana.token).send(envelope);
      await waitFor(() => received.length === 1, 'the delivery after the refresh');
      assert.equal(received[0].id, envelope.id);
    } finally {
      unsubscribe();
      transport.close();
    }
  });
});
