// Retries through a fault-injecting proxy in front of the reference relay: failures worth retrying
// (503, dropped connections, lost responses, stalls, 429) end in exactly one stored envelope; refusals
// (400, 403, 409) are tried once. The proxy counts the tries.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { makeEnvelope } from '../../../src/testing/index.js';
import type { Fault } from './fault-proxy.js';
import { httpTransport, mailbox, transportFailure, useRelayBehindProxy } from './relay-fixture.js';

const SEND = /^\/v1\/envelopes$/;

describe('HttpTransport retries', () => {
  const env = useRelayBehindProxy();

  /** Ana sends through the proxy (with `faults` on her first sends); Lee reads the relay directly. */
  async function conversation(faults: Fault[], options: Parameters<typeof httpTransport>[2] = {}) {
    const ana = await env.relay.signIn('ana');
    const lee = await env.relay.signIn('lee');
    const sender = httpTransport(env.proxy.url, ana.token, options);
    const reader = httpTransport(env.relay.url, lee.token);
    const envelope = makeEnvelope(ana.userId, [lee.userId]);
    const before = env.proxy.count('POST', SEND);
    env.proxy.inject('POST', SEND, ...faults);
    return {
      envelope,
      sender,
      tries: () => env.proxy.count('POST', SEND) - before,
      stored: async () => (await mailbox(reader)).filter((stored) => stored.id === envelope.id).length,
      close() {
        sender.close();
        reader.close();
      },
    };
  }

  const retried: [string, Fault[]][] = [
    ['two 503 answers', [{ kind: 'status', status: 503 }, { kind: 'status', status: 503 }]],
    ['a dropped connection, then a response lost after the relay stored the envelope', [{ kind: 'drop' }, { kind: 'lose-response' }]],
    ['a 500 and a 502', [{ kind: 'status', status: 500 }, { kind: 'status', status: 502 }]],
  ];
  for (const [name, faults] of retried) {
    it(`delivers a send exactly once after ${name}`, async () => {
      const c = await conversation(faults);
      try {
        await c.sender.send(c.envelope);
        assert.equal(c.tries(), faults.length + 1, 'tries seen by the proxy');
        assert.equal(await c.stored(), 1, 'envelopes stored under the id');
      } finally {
        c.close();
      }
    });
  }

  it('gives up a request that stalls past the timeout and tries again', async () => {
    // Long enough that the second, healthy try never runs into it on a loaded machine.
    const c = await conversation([{ kind: 'stall' }], { timeoutMs: 1500 });
    try {
      const started = Date.now();
      await c.sender.send(c.envelope);
      assert.ok(Date.now() - started >= 1500, 'the first try waited for the timeout');
      assert.equal(c.tries(), 2);
      assert.equal(await c.stored(), 1);
    } finally {
      c.close();
    }
  });

  it('waits for Retry-After after a 429', async () => {
    const c = await conversation([{ kind: 'status', status: 429, headers: { 'retry-after': '1' } }], { retry: { attempts: 3, baseDelayMs: 10, maxDelayMs: 2000 } });
    try {
      const started = Date.now();
      await c.sender.send(c.envelope);
      assert.ok(Date.now() - started >= 950, `the retry came ${Date.now() - started} ms after a Retry-After of 1 s`);
      assert.equal(c.tries(), 2);
      assert.equal(await c.stored(), 1);
    } finally {
      c.close();
    }
  });

  it('rejects retryably, without waiting, when Retry-After is longer than the largest delay', async () => {
    const c = await conversation([{ kind: 'status', status: 429, headers: { 'retry-after': '120' } }]);
    try {
      const error = await transportFailure(c.sender.send(c.envelope));
      assert.equal(error.retryable, true);
      assert.equal(error.details.status, 429);
      assert.equal(error.details.retryAfterMs, 120_000);
      assert.equal(c.tries(), 1);
      assert.equal(await c.stored(), 0);
    } finally {
      c.close();
    }
  });

  it('rejects retryably with the last failure once every try failed', async () => {
    const c = await conversation(Array.from({ length: 4 }, (): Fault => ({ kind: 'status', status: 503 })));
    try {
      const error = await transportFailure(c.sender.send(c.envelope));
      assert.equal(error.retryable, true);
      assert.equal(error.details.status, 503);
      assert.equal(c.tries(), 4, 'tries (retry.attempts is 4)');
      assert.equal(await c.stored(), 0);
    } finally {
      c.close();
    }
  });

  for (const status of [400, 403, 409, 413]) {
    it(`does not retry a ${status} answer`, async () => {
      const c = await conversation([{ kind: 'status', status }]);
      try {
        const error = await transportFailure(c.sender.send(c.envelope));
        assert.equal(error.retryable, false);
        assert.equal(error.details.status, status);
        assert.equal(error.details.serverCode, 'injected');
        assert.equal(c.tries(), 1);
        assert.equal(await c.stored(), 0);
      } finally {
        c.close();
      }
    });
  }

  it("does not retry the relay's own refusals: a conflicting id (409) and another sender (403)", async () => {
    const c = await conversation([]);
    try {
      await c.sender.send(c.envelope);
      const conflict = await transportFailure(c.sender.send({ ...c.envelope, createdAt: new Date(0).toISOString() }));
      assert.deepEqual([conflict.retryable, conflict.details.status], [false, 409]);
      const forged = await transportFailure(c.sender.send(makeEnvelope(`someone-${crypto.randomUUID()}`, [c.envelope.to[0]])));
      assert.deepEqual([forged.retryable, forged.details.status], [false, 403]);
      assert.equal(c.tries(), 3, 'one try per send');
      assert.equal(await c.stored(), 1);
    } finally {
      c.close();
    }
  });

  it('does not retry a request the caller aborted', async () => {
    const c = await conversation([], { timeoutMs: 10_000 });
    try {
      const before = env.proxy.count('GET', SEND);
      const aborted = new AbortController();
      env.proxy.inject('GET', SEND, { kind: 'stall' });
      const fetching = c.sender.fetch({ after: null, limit: 10, signal: aborted.signal });
      setTimeout(() => aborted.abort(), 100);
      const error = await transportFailure(fetching);
      assert.equal(error.retryable, true, 'an aborted fetch may be repeated');
      assert.match(error.message, /aborted/);
      assert.equal(env.proxy.count('GET', SEND) - before, 1);
    } finally {
      c.close();
    }
  });

  it('close() ends a call in flight and refuses later calls, non-retryably', async () => {
    const c = await conversation([{ kind: 'stall' }], { timeoutMs: 10_000 });
    const sending = c.sender.send(c.envelope);
    setTimeout(() => c.close(), 100);
    const error = await transportFailure(sending);
    assert.equal(error.retryable, false);
    assert.match(error.message, /closed/);
    assert.equal((await transportFailure(c.sender.send(c.envelope))).retryable, false);
    assert.equal(c.tries(), 1);
  });
});
