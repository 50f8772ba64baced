// Bad and abusive requests get a clear JSON error, and the relay keeps serving afterwards.
import assert from 'node:assert/strict';
import { request as httpRequest, type IncomingMessage } from 'node:http';
import { beforeEach, describe, it } from 'node:test';
import pg from 'pg';
import { makeRecord } from '../../../../src/testing/fixtures.js';
import { call, envelope, TEST_LIMITS, type Client, type RelayFixture } from '../helpers.js';

/** Starts a request that announces `declaredBytes` (or streams chunks) but sends only `sentBytes`, and waits for the answer. */
function partialUpload(url: string, token: string, sentBytes: number, declaredBytes?: number): Promise<{ status: number; body: any }> {
  return new Promise((resolve, reject) => {
    const headers: Record<string, string | number> = { authorization: `Bearer ${token}`, 'content-type': 'application/json' };
    if (declaredBytes !== undefined) headers['content-length'] = declaredBytes;
    const req = httpRequest(`${url}/v1/envelopes`, { method: 'POST', headers }, (res: IncomingMessage) => {
      let text = '';
      res.setEncoding('utf8');
      res.on('data', (chunk) => (text += chunk));
      res.on('end', () => {
        req.destroy();
        resolve({ status: res.statusCode ?? 0, body: JSON.parse(text) });
      });
    });
    req.on('error', reject);
    // The request is never ended: an answer proves the relay did not wait for (or read) the whole body.
    for (let sent = 0; sent < sentBytes; sent += 16 * 1024) req.write('x'.repeat(Math.min(16 * 1024, sentBytes - sent)));
  });
}

export function hostileInputSuite(f: RelayFixture): void {
  describe('hostile input', () => {
    let ana: Client;
    let lee: Client;
    // Fresh users per test, so no test spends another's request budget.
    beforeEach(async () => {
      [ana, lee] = await Promise.all([f.user('ana'), f.user('lee')]);
    });

    /** A normal exchange by fresh users, after each abuse. */
    async function stillServes(): Promise<void> {
      const [sender, reader] = await Promise.all([f.user('ok-sender'), f.user('ok-reader')]);
      const sent = envelope(sender, [reader]);
      assert.equal((await sender.send(sent)).status, 201);
      assert.deepEqual((await reader.mailbox()).map((item) => item.id), [sent.id]);
    }

    it('answers malformed JSON with 400 INVALID_JSON', async () => {
      for (const [path, method] of [['/v1/envelopes', 'POST'], ['/v1/keys/me', 'PUT'], ['/v1/consent', 'POST'], ['/v1/audit', 'POST']] as const) {
        for (const text of ['{"id":', 'not json', '', '{"a":1}}']) {
          const { status, body } = await ana.request(method, path, text);
          assert.equal(status, 400, `${method} ${path} with ${JSON.stringify(text)}`);
          assert.equal(body.error.code, 'INVALID_JSON');
        }
      }
      const login = await call(f.relay.url, 'POST', '/v1/session', '{"userId":"ana"');
      assert.equal(login.status, 400);
      await stillServes();
    });

    it('answers schema errors with 400 naming the field', async () => {
      const { threadId: _dropped, ...noThread } = envelope(ana, [lee]);
      const cases: [string, Promise<{ status: number; body: any }>, RegExp][] = [
        ['an envelope without threadId', ana.send(noThread as never), /threadId/],
        ['an envelope with a bad size', ana.send({ ...envelope(ana, [lee]), size: 3 }), /size/],
        ['an envelope with to as a string', ana.send({ ...envelope(ana, [lee]), to: lee.userId as never }), /\bto\b/],
        ['an envelope that is an array', ana.request('POST', '/v1/envelopes', []), /id|envelope/i],
        ['a sign-in without password', call(f.relay.url, 'POST', '/v1/session', { userId: 'ana' }), /password/],
        ['a sign-in with a numeric user id', call(f.relay.url, 'POST', '/v1/session', { userId: 7, password: 'x' }), /userId/],
        ['an audit batch without records', ana.request('POST', '/v1/audit', { entries: [] }), /records/],
        ['a consent record that is null', ana.request('POST', '/v1/consent', 'null'), /record/],
        ['a key without armoredKey', ana.request('PUT', '/v1/keys/me', {}), /armoredKey/],
        ['a page size that is not a number', ana.request('GET', '/v1/envelopes?limit=ten'), /limit/],
      ];
      for (const [what, answer, field] of cases) {
        const { status, body } = await answer;
        assert.equal(status, 400, what);
        assert.equal(typeof body.error.code, 'string', what);
        assert.match(body.error.message, field, what);
      }
      const badResume = await ana.request('GET', '/v1/events', undefined, { 'last-event-id': 'garbage' });
      assert.equal(badResume.status, 400);
      await stillServes();
    });

    it('answers an oversized body with 413 without reading it, announced or streamed', async () => {
      const announced = await partialUpload(f.relay.url, ana.token, 1024, 100 * 1024 * 1024);
      assert.equal(announced.status, 413);
      assert.equal(announced.body.error.code, 'PAYLOAD_TOO_LARGE');
      const streamed = await partialUpload(f.relay.url, ana.token, TEST_LIMITS.bodyBytes + 32 * 1024);
      assert.equal(streamed.status, 413);
      const ciphertext = 'x'.repeat(TEST_LIMITS.bodyBytes);
      const whole = await ana.send(envelope(ana, [lee], { ciphertext, size: ciphertext.length }));
      assert.equal(whole.status, 413);
      await stillServes();
    });

    it('answers unknown routes and methods with 404 JSON, signed in or not', async () => {
      for (const [method, path, signedIn] of [
        ['GET', '/', false],
        ['GET', '/v1/nothing-here', true],
        ['GET', '/v1/nothing-here', false],
        ['DELETE', '/v1/envelopes', true],
        ['POST', '/v2/envelopes', true],
      ] as const) {
        const { status, body } = signedIn ? await ana.request(method, path) : await call(f.relay.url, method, path);
        assert.equal(status, 404, `${method} ${path}`);
        assert.equal(body.error.code, 'NOT_FOUND');
      }
      await stillServes();
    });

    it("limits each user's request rate with 429 and Retry-After, leaving other users alone", async () => {
      const busy = await f.user('busy');
      const statuses: number[] = [];
      let limited: { status: number; headers: Headers; body: any } | undefined;
      for (let i = 0; i < TEST_LIMITS.requests * 2 && !limited; i += 1) {
        const answer = await busy.request('GET', '/v1/envelopes?limit=1');
        statuses.push(answer.status);
        if (answer.status === 429) limited = answer;
      }
      assert.ok(limited, `no 429 after ${statuses.length} requests`);
      assert.ok(statuses.length > TEST_LIMITS.requests, `the first ${TEST_LIMITS.requests} requests pass, got 429 after ${statuses.length}`);
      assert.equal(limited.body.error.code, 'RATE_LIMITED');
      assert.ok(Number(limited.headers.get('retry-after')) >= 1);
      assert.equal((await busy.request('GET', '/v1/envelopes')).status, 429, 'still limited');
      await stillServes();
    });

    // A database fault, made on the real server behind the relay's back (PGlite has no second door in).
    if (f.backend.name === 'PostgreSQL') {
      it('answers a database failure with a bare 500, logs only its name and code, and recovers', async () => {
        const admin = new pg.Client({ connectionString: f.options.databaseUrl });
        await admin.connect();
        const entry = makeRecord(ana.userId, `{"audit":"${crypto.randomUUID()}"}`);
        try {
          await admin.query('ALTER TABLE audit_records RENAME TO audit_records_away');
          const { status, body } = await ana.request('POST', '/v1/audit', { records: [entry] });
          assert.equal(status, 500);
          assert.deepEqual(body, { error: { code: 'INTERNAL', message: 'Internal error' } });
        } finally {
          await admin.query('ALTER TABLE audit_records_away RENAME TO audit_records');
          await admin.end();
        }
        assert.ok(f.lines.some((line) => /^POST \/v1\/audit 500 \d+ms user=\S+ error=DatabaseError:42P01$/.test(line)), 'the log line names the failure by class and code');
        assert.ok(!f.lines.join('\n').includes(entry.payload));
        assert.deepEqual((await ana.request('POST', '/v1/audit', { records: [entry] })).body, { stored: 1 });
        await stillServes();
      });
    }
  });
}
