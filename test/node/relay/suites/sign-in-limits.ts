// Sign-in limits: failed attempts per client address, all attempts together, both before any password
// is hashed; never per user id, so guessing someone's password cannot lock them out (sign-in-lockout).
// The relay runs behind a (pretend) proxy: each request names its client in X-Forwarded-For.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { RelayOptions } from '../../../../demo/relay/relay.js';
import { attemptSignIn, canSendFrom, TEST_LIMITS, TEST_PASSWORD, uniqueId, type Answer, type Origin, type RelayFixture } from '../helpers.js';

/** Failed sign-ins one address may make at once. */
const PER_ADDRESS = 3;
const LIMITS = { ...TEST_LIMITS, addressSignInFailuresPerMinute: PER_ADDRESS, globalSignInsPerMinute: 200 };

export const SIGN_IN_TEST_OPTIONS: Partial<RelayOptions> = { behindProxy: true, limits: LIMITS };

/** A 429 for sign-in attempts: Retry-After and the relay's JSON error. */
function assertLimited(answer: Answer, what: string): void {
  assert.equal(answer.status, 429, what);
  assert.ok(Number(answer.headers.get('retry-after')) >= 1, `${what}: Retry-After`);
  assert.equal(answer.body.error.code, 'RATE_LIMITED', what);
  assert.match(answer.body.error.message, /^Too many sign-in attempts .*; retry in \d+ s$/, what);
}

export function signInLimitsSuite(f: RelayFixture): void {
  const attempt = (userId: string, password: string, origin: Origin) => attemptSignIn(f.relay.url, userId, password, origin);
  /** `count` failed attempts from `origin`, each on an unknown user id; all must be answered 401. */
  async function fail(count: number, origin: Origin): Promise<void> {
    for (let i = 0; i < count; i += 1) assert.equal((await attempt(uniqueId('nobody'), 'guess', origin)).status, 401, `failed attempt ${i + 1}`);
  }

  describe('sign-in limits', () => {
    it('sign-in-lockout: refuses an address past its failed sign-ins with 429 and Retry-After, whatever user ids it tries, before checking any password', async () => {
      const ana = await f.user('ana');
      const from = { forwardedFor: '203.0.113.10' };
      await fail(PER_ADDRESS, from);
      assertLimited(await attempt(uniqueId('nobody'), 'guess', from), 'another random user id');
      assertLimited(await attempt(ana.userId, TEST_PASSWORD, from), 'the right password, from the same address');
    });

    it('sign-in-lockout: the user whose id is guessed still signs in from another address', async () => {
      const ana = await f.user('ana');
      const attacker = { forwardedFor: '203.0.113.20' };
      const statuses: number[] = [];
      for (let i = 0; i < 5 * PER_ADDRESS; i += 1) statuses.push((await attempt(ana.userId, `guess-${i}`, attacker)).status);
      const signedIn = await attempt(ana.userId, TEST_PASSWORD, { forwardedFor: '203.0.113.21' });
      assert.equal(signedIn.status, 200, JSON.stringify(signedIn.body));
      assert.equal(signedIn.body.userId, ana.userId);
      assert.deepEqual(statuses, [...Array<number>(PER_ADDRESS).fill(401), ...Array<number>(4 * PER_ADDRESS).fill(429)], 'the attacker was stopped');
    });

    it('counts the X-Forwarded-For entry the proxy added, not what the client wrote before it', async () => {
      const ana = await f.user('ana');
      await fail(PER_ADDRESS, { forwardedFor: '203.0.113.30' });
      for (const forged of ['198.51.100.7, 203.0.113.30', '198.51.100.8,203.0.113.30', 'not-an-address, 203.0.113.30']) {
        assertLimited(await attempt(ana.userId, TEST_PASSWORD, { forwardedFor: forged }), `X-Forwarded-For: ${forged}`);
      }
      assert.equal((await attempt(ana.userId, TEST_PASSWORD, { forwardedFor: '203.0.113.30, 198.51.100.9' })).status, 200, 'the proxy saw another client');
    });

    it('does not count successful sign-ins against their address', async () => {
      const ana = await f.user('ana');
      const from = { forwardedFor: '203.0.113.40' };
      await fail(PER_ADDRESS - 1, from);
      for (let i = 0; i < 2 * PER_ADDRESS; i += 1) assert.equal((await attempt(ana.userId, TEST_PASSWORD, from)).status, 200, `sign-in ${i + 1}`);
      await fail(1, from);
      assertLimited(await attempt(ana.userId, TEST_PASSWORD, from), 'after the last allowed failure');
    });

    it('counts an IPv6 client by its /64 network', async () => {
      const ana = await f.user('ana');
      await fail(PER_ADDRESS, { forwardedFor: '2001:db8:5:6::1' });
      assertLimited(await attempt(ana.userId, TEST_PASSWORD, { forwardedFor: '2001:db8:5:6:ffff:ffff:ffff:ffff' }), 'another address of the same /64');
      assert.equal((await attempt(ana.userId, TEST_PASSWORD, { forwardedFor: '2001:db8:5:7::1' })).status, 200, 'another /64');
    });

    it('sign-in-lockout: limits all sign-ins together, so random user ids cost no more password hashes than the global limit', async () => {
      const global = 5;
      await f.restart({ ...SIGN_IN_TEST_OPTIONS, limits: { ...LIMITS, globalSignInsPerMinute: global } });
      const ana = await f.user('ana');
      // One attempt from each of many addresses: no address reaches its own limit.
      for (let i = 0; i < global; i += 1) await fail(1, { forwardedFor: `198.51.100.${10 + i}` });
      assertLimited(await attempt(uniqueId('nobody'), 'guess', { forwardedFor: '198.51.100.100' }), 'a random user id from a new address');
      assertLimited(await attempt(ana.userId, TEST_PASSWORD, { forwardedFor: '198.51.100.101' }), 'the right password from a new address');
    });

    it("sign-in-lockout: without behindProxy, counts the socket's address and ignores X-Forwarded-For", async (t) => {
      await f.restart({ limits: LIMITS });
      const ana = await f.user('ana');
      for (let i = 0; i < PER_ADDRESS; i += 1) await fail(1, { forwardedFor: `198.51.100.${20 + i}` });
      assertLimited(await attempt(ana.userId, TEST_PASSWORD, { forwardedFor: '198.51.100.30' }), 'a forged X-Forwarded-For from the same socket address');
      if (!(await canSendFrom('127.0.0.2'))) return t.skip('this machine cannot send from 127.0.0.2');
      assert.equal((await attempt(ana.userId, TEST_PASSWORD, { localAddress: '127.0.0.2' })).status, 200, 'from another address');
    });
  });
}
