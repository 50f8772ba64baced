// Signing in, tokens, published keys and the directory.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { Tokens } from '../../../../demo/relay/auth.js';
import { placeholderPublicKey } from '../../../../src/testing/fixtures.js';
import { call, Client, TEST_PASSWORD, uniqueId, type RelayFixture } from '../helpers.js';

export function sessionSuite(f: RelayFixture): void {
  describe('session', () => {
    it('signs in with the right password: a token, the account name and role, and when it expires', async () => {
      const userId = uniqueId('ana');
      await f.relay.addUser({ userId, password: 'correct horse', displayName: 'Ana Ruiz', role: 'Patient' });
      const started = Date.now();
      const { status, body } = await call(f.relay.url, 'POST', '/v1/session', { userId, password: 'correct horse' });
      assert.equal(status, 200);
      assert.deepEqual({ ...body, token: typeof body.token, expiresAt: typeof body.expiresAt }, {
        token: 'string',
        userId,
        displayName: 'Ana Ruiz',
        role: 'Patient',
        expiresAt: 'string',
      });
      const lifetime = Date.parse(body.expiresAt) - started;
      assert.ok(lifetime > 11.9 * 3600_000 && lifetime <= 12 * 3600_000 + 60_000, `a 12 h token, got ${lifetime} ms`);
      const client = new Client(f.relay.url, userId, body.token, 'correct horse');
      assert.equal((await client.request('GET', '/v1/directory')).status, 200);
    });

    it('refuses a wrong password and an unknown user alike with 401', async () => {
      const userId = uniqueId('ana');
      await f.relay.addUser({ userId, password: 'right', displayName: 'Ana', role: 'Patient' });
      const wrong = await call(f.relay.url, 'POST', '/v1/session', { userId, password: 'wrong' });
      const unknown = await call(f.relay.url, 'POST', '/v1/session', { userId: uniqueId('nobody'), password: 'right' });
      for (const answer of [wrong, unknown]) {
        assert.equal(answer.status, 401);
        assert.deepEqual(answer.body, { error: { code: 'UNAUTHORIZED', message: 'Wrong user id or password' } });
      }
    });

    it('refuses a missing, tampered, foreign, expired or URL-borne token with 401', async () => {
      const ana = await f.user('ana');
      const cut = ana.token.lastIndexOf('.');
      const [signed, signature] = [ana.token.slice(0, cut), ana.token.slice(cut + 1)];
      const claims = JSON.parse(Buffer.from(signed.split('.')[1]!, 'base64url').toString());
      const asLee = `v1.${Buffer.from(JSON.stringify({ ...claims, sub: 'dr-lee' })).toString('base64url')}.${signature}`;
      const flipped = `${signed}.${signature.startsWith('A') ? 'B' : 'A'}${signature.slice(1)}`;
      const foreign = new Tokens('another-secret-of-at-least-32-characters', 60_000).issue(ana.userId).token;
      const expired = new Tokens(await f.secret(), 60_000).issue(ana.userId, Date.now() - 61_000).token;
      const cases: [string, Record<string, string>, string?][] = [
        ['no token', {}],
        ['another user in the claims', { authorization: `Bearer ${asLee}` }],
        ['a changed signature', { authorization: `Bearer ${flipped}` }],
        ['a token of another relay', { authorization: `Bearer ${foreign}` }],
        ['an expired token', { authorization: `Bearer ${expired}` }],
        ['a token in the URL', {}, `?token=${ana.token}&access_token=${ana.token}`],
        ['another scheme', { authorization: `Basic ${ana.token}` }],
      ];
      for (const [what, headers, query = ''] of cases) {
        const { status, body } = await call(f.relay.url, 'GET', `/v1/envelopes${query}`, undefined, headers);
        assert.equal(status, 401, what);
        assert.equal(body.error.code, 'UNAUTHORIZED', what);
      }
      assert.equal((await ana.request('GET', '/v1/envelopes')).status, 200, 'the real token still works');
    });
  });

  describe('keys', () => {
    it("publishes and replaces the signed-in user's key; lookups show the account's name and role", async () => {
      const ana = await f.user('ana', { displayName: 'Ana Ruiz', role: 'Patient' });
      const lee = await f.user('lee', { displayName: 'Dr. Lee', role: 'Clinician' });
      for (const armoredKey of [placeholderPublicKey('first'), placeholderPublicKey('second')]) {
        const put = await ana.request('PUT', '/v1/keys/me', { userId: ana.userId, armoredKey, displayName: 'Someone Else', role: 'Admin' });
        assert.equal(put.status, 204);
        const { status, body } = await lee.request('GET', `/v1/keys/${encodeURIComponent(ana.userId)}`);
        assert.equal(status, 200);
        assert.deepEqual(body, { userId: ana.userId, armoredKey, displayName: 'Ana Ruiz', role: 'Patient' });
      }
    });

    it('answers 404 for a user without a key and for an unknown user', async () => {
      const [ana, lee] = [await f.user('ana'), await f.user('lee')];
      for (const userId of [lee.userId, uniqueId('nobody')]) {
        const { status, body } = await ana.request('GET', `/v1/keys/${userId}`);
        assert.equal(status, 404);
        assert.equal(body.error.code, 'NOT_FOUND');
      }
    });

    it('refuses a key for another user (403) and anything but a bounded armored public key (400)', async () => {
      const [ana, carol] = [await f.user('ana'), await f.user('carol')];
      const foreign = await carol.request('PUT', '/v1/keys/me', { userId: ana.userId, armoredKey: placeholderPublicKey() });
      assert.equal(foreign.status, 403);
      const privateKey = '-----BEGIN PGP PRIVATE KEY BLOCK-----\n\nAAAA\n-----END PGP PRIVATE KEY BLOCK-----\n';
      const tooLong = placeholderPublicKey('x'.repeat(50_000)); // 66,668 base64 characters, within the body limit
      for (const armoredKey of [privateKey, 'hello', tooLong, `${placeholderPublicKey()}<script>`, 42]) {
        const { status, body } = await ana.request('PUT', '/v1/keys/me', { armoredKey });
        assert.equal(status, 400, String(armoredKey).slice(0, 40));
        assert.match(body.error.message, /armoredKey/);
      }
      assert.equal((await carol.request('GET', `/v1/keys/${ana.userId}`)).status, 404);
    });
  });

  describe('directory', () => {
    // Ana and Bob are patients; Dr. Lee and Lena are on Ana's care team, Dr. Lee on Bob's too; Carl is a
    // patient of Dr. Stranger, who is on no team of theirs. Every name holds the tag, so a search for it
    // would list them all if nothing kept to care relationships.
    async function careTeams() {
      const tag = uniqueId('dir').replaceAll('-', '');
      const lee = await f.user('lee', { displayName: `Dr. Lee ${tag}`, role: 'Clinician' });
      const lena = await f.user('lena', { displayName: `Lena ${tag}`, role: 'Nurse' });
      const stranger = await f.user('stranger', { displayName: `Dr. Stranger ${tag}`, role: 'Clinician' });
      const ana = await f.user('ana', { displayName: `Ana ${tag}`, role: 'Patient', careTeam: [lee, lena] });
      const bob = await f.user('bob', { displayName: `Bob ${tag}`, role: 'Patient', careTeam: [lee] });
      const carl = await f.user('carl', { displayName: `Carl ${tag}`, role: 'Patient', careTeam: [stranger] });
      return { tag, ana, bob, carl, lee, lena, stranger };
    }

    async function search(client: Client, query: string, limit?: number): Promise<{ userId: string; displayName: string; role: string }[]> {
      const { status, body } = await client.request('GET', `/v1/directory?q=${encodeURIComponent(query)}${limit ? `&limit=${limit}` : ''}`);
      assert.equal(status, 200);
      return body.entries;
    }
    const ids = (entries: { userId: string }[]) => entries.map((entry) => entry.userId);

    it('directory-enumeration: a patient finds their care team and no one else', async () => {
      const { tag, ana, bob, carl, lee, lena, stranger } = await careTeams();
      const team = [
        { userId: lee.userId, displayName: `Dr. Lee ${tag}`, role: 'Clinician' },
        { userId: lena.userId, displayName: `Lena ${tag}`, role: 'Nurse' },
      ];
      assert.deepEqual(await search(ana, tag), team);
      assert.deepEqual(ids(await search(ana, '')), ids(team), 'an empty query lists the care team only');
      for (const other of [bob, carl, stranger]) assert.deepEqual(await search(ana, other.userId), [], `ana searching for ${other.userId}`);
    });

    it('directory-enumeration: a care-team member finds their patients, not colleagues or anyone else', async () => {
      const { tag, ana, bob, carl, lee, lena, stranger } = await careTeams();
      assert.deepEqual(ids(await search(lee, tag)), [ana.userId, bob.userId]);
      assert.deepEqual(ids(await search(lena, tag)), [ana.userId]);
      assert.deepEqual(ids(await search(stranger, tag)), [carl.userId]);
      for (const other of [lena, stranger, carl]) assert.deepEqual(await search(lee, other.userId), [], `lee searching for ${other.userId}`);
    });

    it('directory-enumeration: answers an unrelated account exactly like an unknown id', async () => {
      const { ana, stranger } = await careTeams();
      const answers = await Promise.all([stranger.userId, uniqueId('nobody')].map((userId) => ana.request('GET', `/v1/directory?q=${encodeURIComponent(userId)}`)));
      for (const { status, body } of answers) assert.deepEqual({ status, body }, { status: 200, body: { entries: [] } });
    });

    it('sets a care team with the account: given, it replaces the team; left out, keeps it; with an unknown member, refused, changing nothing', async () => {
      const { ana, lee, stranger } = await careTeams();
      const update = (careTeam?: string[]) => f.relay.addUser({ userId: ana.userId, password: TEST_PASSWORD, displayName: 'Ana', role: 'Patient', ...(careTeam ? { careTeam } : {}) });
      await update([stranger.userId]);
      assert.deepEqual(ids(await search(ana, '')), [stranger.userId]);
      assert.deepEqual(await search(lee, ana.userId), [], 'lee is no longer on her team');
      await update();
      assert.deepEqual(ids(await search(ana, '')), [stranger.userId]);
      await assert.rejects(update([lee.userId, uniqueId('nobody')]), /No account for nobody-/);
      assert.deepEqual(ids(await search(ana, '')), [stranger.userId]);
      assert.deepEqual(ids(await search(stranger, ana.userId)), [ana.userId]);
    });

    it('matches the care team by id or name fragment in any case, never the searcher, within the limit', async () => {
      const { tag, ana, lee } = await careTeams();
      assert.deepEqual(ids(await search(ana, tag.toUpperCase())), ids(await search(ana, tag)));
      assert.deepEqual(ids(await search(ana, 'DR. LEE')), [lee.userId]);
      assert.deepEqual(ids(await search(ana, lee.userId)), [lee.userId]);
      assert.equal((await search(ana, tag, 1)).length, 1);
      assert.deepEqual(await search(ana, ana.userId), []);
      assert.deepEqual(await search(ana, '%'), [], 'wildcards match literally');
      assert.equal((await ana.request('GET', '/v1/directory?limit=many')).status, 400);
    });
  });
}
