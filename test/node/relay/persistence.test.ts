// Everything the relay keeps survives a restart on the same data, tokens included; the database holds
// exactly the ciphertext sent and no password.
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { PGlite } from '@electric-sql/pglite';
import pg from 'pg';
import type { Relay } from '../../../demo/relay/relay.js';
import { makeRecord, placeholderPublicKey } from '../../../src/testing/fixtures.js';
import { backends, Client, envelope, removeDir, signIn, startTestRelay, uniqueId } from './helpers.js';
import { postgresForTests } from './postgres.js';

const postgres = await postgresForTests();
after(() => postgres.database?.drop());

/** Runs `text` directly on the relay's database, bypassing the relay. */
async function querySql(options: { dataDir: string; databaseUrl?: string }, text: string, params: unknown[]): Promise<any[]> {
  if (options.databaseUrl) {
    const client = new pg.Client({ connectionString: options.databaseUrl });
    await client.connect();
    try {
      return (await client.query(text, params)).rows;
    } finally {
      await client.end();
    }
  }
  const db = await PGlite.create({ dataDir: join(options.dataDir, 'pglite') });
  try {
    return (await db.query(text, params)).rows;
  } finally {
    await db.close();
  }
}

for (const backend of backends(postgres)) {
  describe(`relay data on ${backend.name} after a restart`, { skip: backend.skip }, () => {
    it('keeps accounts, keys, envelopes, cursors, consent and audit records, and honours tokens issued before', async () => {
      const options = await backend.prepare();
      // No sessionSecret: the relay generates one and keeps it in the data folder.
      const start = () => startTestRelay({ ...options, sessionSecret: undefined });
      let relay: Relay | undefined;
      try {
        relay = await start();
        const users = [uniqueId('ana'), uniqueId('lee')].map((userId) => ({ userId, password: `secret-${userId}`, displayName: userId, role: 'Patient' }));
        for (const user of users) await relay.addUser(user);
        const [ana, lee] = (await Promise.all(users.map((user) => signIn(relay!.url, user.userId, user.password)))) as [Client, Client];
        const armoredKey = placeholderPublicKey(`key of ${ana.userId}`);
        assert.equal((await ana.request('PUT', '/v1/keys/me', { armoredKey })).status, 204);
        const sent = [envelope(ana, [lee]), envelope(lee, [ana])];
        assert.equal((await ana.send(sent[0]!)).status, 201);
        assert.equal((await lee.send(sent[1]!)).status, 201);
        const receipt = makeRecord(ana.userId, '{"decision":"accepted"}');
        const audit = [makeRecord(ana.userId, '{"n":1}'), makeRecord(ana.userId, '{"n":2}')];
        assert.equal((await ana.request('POST', '/v1/consent', receipt)).status, 201);
        assert.equal((await ana.request('POST', '/v1/audit', { records: audit })).status, 200);
        const before = await lee.mailbox();
        await relay.close();

        relay = await start();
        // The old tokens, against the new process.
        const [anaAgain, leeAgain] = [ana, lee].map((client) => new Client(relay!.url, client.userId, client.token, client.password)) as [Client, Client];
        assert.deepEqual(await leeAgain.mailbox(), before);
        assert.deepEqual((await leeAgain.mailbox(10, before[0].cursor)).map((item) => item.id), [sent[1]!.id], 'an old cursor still resumes');
        const key = await leeAgain.request('GET', `/v1/keys/${ana.userId}`);
        assert.deepEqual(key.body, { userId: ana.userId, armoredKey, displayName: ana.userId, role: 'Patient' });
        assert.deepEqual(await relay.store.storedRecords('consent', [ana.userId]), [receipt]);
        assert.deepEqual((await relay.store.storedRecords('audit', [ana.userId])).map((record) => record.id).sort(), audit.map((record) => record.id).sort());
        assert.equal((await anaAgain.request('POST', '/v1/audit', { records: audit })).body.stored, 0, 'kept records stay kept');
        const later = envelope(ana, [lee]);
        const { status, body } = await anaAgain.send(later);
        assert.equal(status, 201);
        assert.ok(body.cursor > before.at(-1).cursor, 'new cursors continue after the old ones');
        await signIn(relay.url, users[0]!.userId, users[0]!.password);
        await relay.close();
        relay = undefined;

        const rows = await querySql(options, 'SELECT id, ciphertext FROM envelopes WHERE sender = ANY($1::text[]) ORDER BY seq', [users.map((user) => user.userId)]);
        assert.deepEqual(rows, [...sent, later].map(({ id, ciphertext }) => ({ id, ciphertext })));
        const accounts = await querySql(options, 'SELECT password_hash FROM accounts WHERE user_id = ANY($1::text[])', [users.map((user) => user.userId)]);
        assert.equal(accounts.length, 2);
        for (const { password_hash: hash } of accounts) {
          assert.match(hash, /^scrypt\$/);
          for (const user of users) assert.ok(!hash.includes(user.password));
        }
      } finally {
        await relay?.close();
        await removeDir(options.dataDir);
      }
    });
  });
}
