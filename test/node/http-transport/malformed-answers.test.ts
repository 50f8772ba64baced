// Answers the engine must never see: the proxy rewrites the relay's bodies, and HttpTransport rejects
// them with a non-retryable TRANSPORT error that names what was wrong, without retrying.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { makeEnvelope, placeholderPublicKey } from '../../../src/testing/index.js';
import type { DeliveredEnvelope } from '../../../src/transport/transport.js';
import { httpTransport, transportFailure, waitFor, useRelayBehindProxy } from './relay-fixture.js';

describe('HttpTransport with malformed answers', () => {
  const env = useRelayBehindProxy();

  async function pair() {
    // Lee is on Ana's care team: the relay lists each to the other in the directory.
    const lee = await env.relay.signIn('lee', { displayName: 'Dr. Lee' });
    const ana = await env.relay.signIn('ana', { displayName: 'Ana Ruiz', careTeam: [lee.userId] });
    return { ana, lee, anaDirect: httpTransport(env.relay.url, ana.token), leeProxied: httpTransport(env.proxy.url, lee.token) };
  }

  const json = (rewrite: (value: any) => unknown) => (body: string) => JSON.stringify(rewrite(JSON.parse(body)));

  const cases: { name: string; path: RegExp; rewrite: (body: string) => string; call: (c: Awaited<ReturnType<typeof pair>>) => Promise<unknown>; message: RegExp }[] = [
    {
      name: 'a page whose envelopes are not a list',
      path: /^\/v1\/envelopes$/,
      rewrite: json((page) => ({ ...page, envelopes: { 0: page.envelopes[0] } })),
      call: (c) => c.leeProxied.fetch({ after: null, limit: 10 }),
      message: /Malformed envelope page from the server \(envelopes: /,
    },
    {
      name: 'a page with a cursor longer than 256 characters',
      path: /^\/v1\/envelopes$/,
      rewrite: json((page) => ({ ...page, cursor: 'x'.repeat(300) })),
      call: (c) => c.leeProxied.fetch({ after: null, limit: 10 }),
      message: /Malformed envelope page from the server \(cursor: /,
    },
    {
      name: 'a page claiming more with no envelopes',
      path: /^\/v1\/envelopes$/,
      rewrite: () => JSON.stringify({ envelopes: [], cursor: null, hasMore: true }),
      call: (c) => c.leeProxied.fetch({ after: null, limit: 10 }),
      message: /hasMore is set on an empty page/,
    },
    {
      name: 'a body that is not JSON',
      path: /^\/v1\/envelopes$/,
      rewrite: () => '<html>Maintenance</html>',
      call: (c) => c.leeProxied.fetch({ after: null, limit: 10 }),
      message: /fetch: the server answered with malformed JSON/,
    },
    {
      name: "another user's key for a lookup",
      path: /^\/v1\/keys\//,
      rewrite: json((key) => ({ ...key, userId: 'mallory' })),
      call: (c) => c.leeProxied.lookupKey(c.ana.userId),
      message: /Malformed key from the server \(userId: not the user asked for\)/,
    },
    {
      name: 'a directory entry without a name',
      path: /^\/v1\/directory$/,
      rewrite: json((answer) => ({ entries: answer.entries.map(({ displayName: _, ...rest }: Record<string, unknown>) => rest) })),
      call: (c) => c.leeProxied.searchDirectory('ana'),
      message: /Malformed directory answer from the server \(entries\.0\.displayName: /,
    },
  ];

  for (const { name, path, rewrite, call, message } of cases) {
    it(`rejects ${name}, non-retryably and without retrying`, async () => {
      const c = await pair();
      await c.anaDirect.publishKey({ userId: c.ana.userId, armoredKey: placeholderPublicKey(), displayName: 'Ana Ruiz' });
      await c.anaDirect.send(makeEnvelope(c.ana.userId, [c.lee.userId]));
      env.proxy.inject('GET', path, { kind: 'rewrite', rewrite });
      const tries = env.proxy.count('GET', path);
      try {
        const error = await transportFailure(call(c));
        assert.equal(error.retryable, false);
        assert.match(error.message, message);
        assert.equal(env.proxy.count('GET', path) - tries, 1);
      } finally {
        c.anaDirect.close();
        c.leeProxied.close();
      }
    });
  }

  it("passes a page's envelopes on as the server sent them: the engine checks each, so one malformed envelope does not fail the page", async () => {
    const c = await pair();
    const [first, second] = [makeEnvelope(c.ana.userId, [c.lee.userId]), makeEnvelope(c.ana.userId, [c.lee.userId])];
    await c.anaDirect.send(first);
    await c.anaDirect.send(second);
    env.proxy.inject('GET', /^\/v1\/envelopes$/, {
      kind: 'rewrite',
      rewrite: json((page) => ({ ...page, envelopes: page.envelopes.map((envelope: Record<string, unknown>, index: number) => (index === 0 ? { ...envelope, ciphertext: undefined } : envelope)) })),
    });
    try {
      const page = await c.leeProxied.fetch({ after: null, limit: 10 });
      assert.deepEqual(page.envelopes.map((envelope) => envelope.id), [first.id, second.id]);
      assert.equal((page.envelopes[0] as Partial<DeliveredEnvelope>).ciphertext, undefined);
      assert.equal(page.envelopes[1]!.ciphertext, second.ciphertext);
    } finally {
      c.anaDirect.close();
      c.leeProxied.close();
    }
  });

  it('reports a malformed event to onError and never hands it to the listener; later events still arrive', async () => {
    const c = await pair();
    const [bad, good] = [makeEnvelope(c.ana.userId, [c.lee.userId]), makeEnvelope(c.ana.userId, [c.lee.userId])];
    // The stream's first envelope loses its routing: the relay's copy is fine, the answer is not.
    let corrupted = false;
    env.proxy.inject('GET', /^\/v1\/events$/, {
      kind: 'rewrite-events',
      rewrite: (event) => {
        if (corrupted || !event.includes(bad.id)) return event;
        corrupted = true;
        return event.replace(`"from":"${c.ana.userId}"`, '"from":""');
      },
    });
    const received: DeliveredEnvelope[] = [];
    const errors: unknown[] = [];
    const unsubscribe = c.leeProxied.subscribe((envelope) => received.push(envelope), { onError: (error) => errors.push(error) });
    try {
      await c.leeProxied.whenSubscribed();
      await c.anaDirect.send(bad);
      await c.anaDirect.send(good);
      await waitFor(() => received.length > 0, 'the well-formed envelope');
      assert.ok(corrupted, 'the proxy corrupted the first event');
      assert.deepEqual(received.map((envelope) => envelope.id), [good.id]);
      assert.equal(errors.length, 1);
      const error = errors[0] as { code?: string; retryable?: boolean; message?: string };
      assert.equal(error.code, 'TRANSPORT');
      assert.equal(error.retryable, false);
      assert.match(error.message ?? '', /Malformed event stream envelope from the server \(from: /);
    } finally {
      unsubscribe();
      c.anaDirect.close();
      c.leeProxied.close();
    }
  });
});
