// The request log: one line per request with ids and metadata only, never a body, token, password or ciphertext.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { makeRecord, placeholderCiphertext, placeholderPublicKey } from '../../../../src/testing/fixtures.js';
import { call, envelope, EventReader, signIn, SWEEP_LINE, uniqueId, type Client, type RelayFixture } from '../helpers.js';

const LINE = /^[A-Z]+ (\/v1\/[\w/:]+|\(no route\)) \d{3} \d+ms user=\S+( error=\w+(:\w+)?)?$/;

export function logsSuite(f: RelayFixture): void {
  describe('request log', () => {
    it('logs a whole conversation with routes, statuses and user ids, and none of its secrets', async () => {
      const first = f.lines.length;
      const users = ['ana', 'lee'].map((name) => ({ userId: uniqueId(name), password: `pw-${crypto.randomUUID()}`, displayName: name, role: 'Patient' }));
      for (const user of users) await f.relay.addUser(user);
      const [ana, lee] = (await Promise.all(users.map((user) => signIn(f.relay.url, user.userId, user.password)))) as [Client, Client];
      const secrets: string[] = [...users.map((user) => user.password), ana.token, lee.token];

      const wrongPassword = `wrong-${crypto.randomUUID()}`;
      secrets.push(wrongPassword);
      assert.equal((await call(f.relay.url, 'POST', '/v1/session', { userId: ana.userId, password: wrongPassword })).status, 401);

      const armoredKey = placeholderPublicKey(`key-${crypto.randomUUID()}`);
      secrets.push(armoredKey.split('\n')[2]!);
      await ana.request('PUT', '/v1/keys/me', { armoredKey });
      await lee.request('GET', `/v1/keys/${ana.userId}`);
      await ana.request('GET', `/v1/directory?q=${encodeURIComponent('secret search')}`);
      secrets.push('secret search', 'secret%20search');

      const stream = await EventReader.ready(lee);
      const messages = [
        envelope(ana, [lee], { ciphertext: placeholderCiphertext(`first-${crypto.randomUUID()}`) }),
        envelope(lee, [ana], { ciphertext: placeholderCiphertext(`second-${crypto.randomUUID()}`) }),
      ];
      for (const [sender, message] of [[ana, messages[0]!], [lee, messages[1]!]] as const) {
        secrets.push(message.ciphertext.split('\n')[2]!);
        assert.equal((await sender.send(message)).status, 201);
      }
      await stream.until(() => stream.envelopes().length === 2, 'both envelopes');
      stream.close();
      await lee.mailbox();

      // An attachment chunk whose bytes hold a marker a log line could show.
      const chunkSecret = `chunk-${crypto.randomUUID()}`;
      secrets.push(chunkSecret);
      const blobId = crypto.randomUUID();
      await ana.putBlob(blobId, [new TextEncoder().encode(chunkSecret)]);
      await ana.request('GET', `/v1/blobs/${blobId}/chunks`);
      await ana.send(envelope(ana, [lee], { blobIds: [blobId] }));
      assert.equal((await lee.getChunk(blobId, 0)).status, 200);

      const receipt = makeRecord(ana.userId, `{"consent":"${crypto.randomUUID()}"}`);
      const entry = makeRecord(ana.userId, `{"audit":"${crypto.randomUUID()}"}`);
      secrets.push(receipt.payload, entry.payload);
      await ana.request('POST', '/v1/consent', receipt);
      await ana.request('POST', '/v1/audit', { records: [entry] });

      // Refused requests carrying secrets in the body, the URL or a header.
      const bodySecret = `body-${crypto.randomUUID()}`;
      const pathSecret = `path-${crypto.randomUUID()}`;
      secrets.push(bodySecret, pathSecret);
      await ana.request('POST', '/v1/envelopes', `{"ciphertext":"${bodySecret}"`);
      await ana.request('POST', '/v1/envelopes', { ciphertext: bodySecret.repeat(3000) });
      await call(f.relay.url, 'GET', `/v1/${pathSecret}?token=${ana.token}`);
      await call(f.relay.url, 'GET', '/v1/envelopes', undefined, { authorization: `Bearer ${ana.token}x` });

      const log = f.lines.join('\n');
      for (const secret of secrets) assert.ok(!log.includes(secret), `the log holds ${secret.slice(0, 30)}...`);
      for (const token of [ana.token, lee.token]) {
        for (const part of token.split('.').slice(1)) assert.ok(!log.includes(part), 'the log holds part of a token');
      }
      for (const line of f.lines) assert.ok(LINE.test(line) || SWEEP_LINE.test(line), line);
      const mine = f.lines.slice(first);
      const expected = [
        'POST /v1/session 200',
        'POST /v1/session 401',
        'PUT /v1/keys/me 204',
        'GET /v1/keys/:userId 200',
        'GET /v1/directory 200',
        'GET /v1/events 200',
        'POST /v1/envelopes 201',
        'GET /v1/envelopes 200',
        'POST /v1/consent 201',
        'POST /v1/audit 200',
        'PUT /v1/blobs/:blobId/chunks/:index 201',
        'GET /v1/blobs/:blobId/chunks 200',
        'GET /v1/blobs/:blobId/chunks/:index 200',
        'POST /v1/envelopes 400',
        'POST /v1/envelopes 413',
        'GET (no route) 404',
        'GET /v1/envelopes 401',
      ];
      for (const start of expected) assert.ok(mine.some((line) => line.startsWith(`${start} `)), `no line "${start} ..." in:\n${mine.join('\n')}`);
      assert.ok(mine.some((line) => line.startsWith('POST /v1/envelopes 201 ') && line.endsWith(`user=${ana.userId}`)), 'lines name the signed-in user');
    });
  });
}
