// Everything the relay keeps survives a restart on the same data, tokens included. Runs last: it
// restarts the shared relay.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import pg from 'pg';
import { makeRecord, placeholderPublicKey } from '../../../../src/testing/fixtures.js';
import { Client, envelope, EventReader, randomBytes, signIn, TEST_PASSWORD, type RelayFixture } from '../helpers.js';

export function persistenceSuite(f: RelayFixture): void {
  describe('restart', () => {
    it('ends open event streams when the relay closes', async () => {
      const stream = await EventReader.ready(await f.user('listener'));
      await f.restart();
      await stream.until(() => stream.ended, 'the end of the stream').catch(() => undefined);
      assert.ok(stream.ended, 'the stream ended');
    });

    it('keeps accounts, keys, envelopes, attachment chunks, cursors, consent and audit records, and honours tokens issued before', async () => {
      const [ana, lee] = await Promise.all([f.user('ana', { displayName: 'Ana Ruiz' }), f.user('lee')]);
      const armoredKey = placeholderPublicKey(`key of ${ana.userId}`);
      assert.equal((await ana.request('PUT', '/v1/keys/me', { armoredKey })).status, 204);
      const blobId = crypto.randomUUID();
      const parts = [randomBytes(70_000), randomBytes(10)];
      await ana.putBlob(blobId, parts);
      const unfinished = crypto.randomUUID();
      assert.equal((await ana.putChunk(unfinished, 1, 3, randomBytes(20))).status, 201);
      const sent = [envelope(ana, [lee], { blobIds: [blobId] }), envelope(lee, [ana])];
      assert.equal((await ana.send(sent[0]!)).status, 201);
      assert.equal((await lee.send(sent[1]!)).status, 201);
      const receipt = makeRecord(ana.userId, '{"decision":"accepted"}');
      const audit = [makeRecord(ana.userId, '{"n":1}'), makeRecord(ana.userId, '{"n":2}')];
      assert.equal((await ana.request('POST', '/v1/consent', receipt)).status, 201);
      assert.equal((await ana.request('POST', '/v1/audit', { records: audit })).status, 200);
      const before = await lee.mailbox();

      await f.restart();
      // The tokens issued before, against the new process (the secret is kept in the data folder).
      const [anaAgain, leeAgain] = [ana, lee].map((client) => new Client(f.relay.url, client.userId, client.token, client.password)) as [Client, Client];
      assert.deepEqual(await leeAgain.mailbox(), before);
      assert.deepEqual((await leeAgain.mailbox(10, before[0].cursor)).map((item) => item.id), [sent[1]!.id], 'an old cursor still resumes');
      const key = await leeAgain.request('GET', `/v1/keys/${ana.userId}`);
      assert.deepEqual(key.body, { userId: ana.userId, armoredKey, displayName: 'Ana Ruiz', role: 'Patient' });
      assert.deepEqual(await f.relay.store.storedRecords('consent', [ana.userId]), [receipt]);
      const kept = await f.relay.store.storedRecords('audit', [ana.userId]);
      assert.deepEqual(kept.map((record) => record.id).sort(), audit.map((record) => record.id).sort());
      assert.equal((await anaAgain.request('POST', '/v1/audit', { records: audit })).body.stored, 0, 'kept records stay kept');
      for (const [index, bytes] of parts.entries()) assert.deepEqual((await leeAgain.getChunk(blobId, index)).bytes, bytes, `chunk ${index} after the restart`);
      assert.deepEqual((await anaAgain.request('GET', `/v1/blobs/${unfinished}/chunks`)).body, { indexes: [1] }, 'an unfinished upload resumes');
      assert.equal((await anaAgain.putChunk(unfinished, 1, 3, randomBytes(20))).status, 409, 'a stored chunk keeps its bytes');
      const later = envelope(ana, [lee]);
      const { status, body } = await anaAgain.send(later);
      assert.equal(status, 201);
      assert.ok(body.cursor > before.at(-1).cursor, 'new cursors continue after the old ones');
      await signIn(f.relay.url, ana.userId, TEST_PASSWORD);

      const stored = await f.relay.store.storedEnvelopes([ana.userId]);
      assert.deepEqual(stored.map(({ id, ciphertext }) => ({ id, ciphertext })), [...sent, later].map(({ id, ciphertext }) => ({ id, ciphertext })));
      if (f.options.databaseUrl) {
        // The rows themselves, read past the relay: exactly the ciphertext sent, and no password.
        const client = new pg.Client({ connectionString: f.options.databaseUrl });
        await client.connect();
        try {
          const rows = await client.query('SELECT id, ciphertext FROM envelopes WHERE sender = ANY($1::text[]) ORDER BY seq', [[ana.userId, lee.userId]]);
          assert.deepEqual(rows.rows, [...sent, later].map(({ id, ciphertext }) => ({ id, ciphertext })));
          const chunks = await client.query('SELECT chunk_index, bytes FROM blob_chunks WHERE blob_id = $1 ORDER BY chunk_index', [blobId]);
          assert.deepEqual(chunks.rows.map((row) => new Uint8Array(row.bytes)), parts, 'chunk rows hold exactly the uploaded bytes');
          const hashes = await client.query('SELECT password_hash FROM accounts WHERE user_id = ANY($1::text[])', [[ana.userId, lee.userId]]);
          for (const { password_hash: hash } of hashes.rows) assert.ok(hash.startsWith('scrypt$') && !hash.includes(TEST_PASSWORD));
        } finally {
          await client.end();
        }
      }
    });
  });
}
