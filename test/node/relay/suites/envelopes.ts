// Envelopes, mailboxes and records: who may send and read what, idempotency, paging.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { makeRecord } from '../../../../src/testing/fixtures.js';
import type { OutgoingEnvelope } from '../../../../src/transport/transport.js';
import { envelope, EventReader, type Client, type RelayFixture } from '../helpers.js';

const contract = ({ id, threadId, from, to, createdAt, ciphertext, size }: OutgoingEnvelope) => ({ id, threadId, from, to, createdAt, ciphertext, size });
const ids = (envelopes: readonly { id: string }[]) => envelopes.map((item) => item.id);

export function envelopesSuite(f: RelayFixture): void {
  describe('envelopes', () => {
    let ana: Client;
    let lee: Client;
    let carol: Client;
    // Fresh users per test: empty mailboxes, independent of the other tests.
    const users = async () => {
      [ana, lee, carol] = await Promise.all([f.user('ana'), f.user('lee'), f.user('carol')]);
    };

    it('stores an envelope (201) that sender and recipient read back unchanged, and the rows hold exactly the ciphertext sent', async () => {
      await users();
      const sent = envelope(ana, [lee]);
      const { status, body } = await ana.send(sent);
      assert.equal(status, 201);
      assert.equal(body.id, sent.id);
      assert.match(body.cursor, /^\d+$/);
      for (const reader of [ana, lee]) {
        const mailbox = await reader.mailbox();
        assert.deepEqual(mailbox.map(contract), [sent], `${reader.userId}'s mailbox`);
        assert.equal(mailbox[0].cursor, body.cursor);
      }
      const [stored, ...others] = await f.relay.store.storedEnvelopes([ana.userId]);
      assert.equal(others.length, 0);
      assert.equal(stored!.ciphertext, sent.ciphertext);
      assert.deepEqual(contract(stored!), sent);
    });

    it('answers a resend of the same envelope with 200 and stores it once', async () => {
      await users();
      const sent = envelope(ana, [lee]);
      assert.equal((await ana.send(sent)).status, 201);
      const again = await ana.send({ ...sent, to: [...sent.to] });
      assert.equal(again.status, 200);
      assert.deepEqual(ids(await lee.mailbox()), [sent.id]);
      assert.deepEqual(ids(await f.relay.store.storedEnvelopes([ana.userId])), [sent.id]);
    });

    it('refuses other content under a stored id with 409, from the sender or anyone else, keeping the first', async () => {
      await users();
      const sent = envelope(ana, [lee]);
      await ana.send(sent);
      const changed = await ana.send({ ...sent, ciphertext: `${sent.ciphertext} `, size: sent.size + 1 });
      assert.equal(changed.status, 409);
      assert.equal(changed.body.error.code, 'CONFLICT');
      assert.equal((await lee.send(envelope(lee, [ana], { id: sent.id }))).status, 409);
      assert.deepEqual((await lee.mailbox()).map(contract), [sent]);
    });

    it("refuses an envelope whose sender is not the signed-in user with 403, storing nothing", async () => {
      await users();
      const forged = await carol.send(envelope(ana, [lee]));
      assert.equal(forged.status, 403);
      assert.equal(forged.body.error.code, 'FORBIDDEN');
      for (const reader of [ana, lee, carol]) assert.deepEqual(await reader.mailbox(), []);
    });

    it('refuses recipients without an account with 400 naming them', async () => {
      await users();
      const sent = envelope(ana, [lee]);
      const { status, body } = await ana.send({ ...sent, to: [lee.userId, 'nobody-here'] });
      assert.equal(status, 400);
      assert.match(body.error.message, /nobody-here/);
      assert.deepEqual(await lee.mailbox(), []);
    });

    it("never shows a user envelopes between others: not in their mailbox, not on their event stream", async () => {
      await users();
      const stream = await EventReader.ready(carol);
      try {
        const anaToLee = envelope(ana, [lee]);
        const leeToAna = envelope(lee, [ana]);
        const toCarol = envelope(lee, [carol]);
        for (const [sender, sent] of [[ana, anaToLee], [lee, leeToAna], [lee, toCarol]] as const) assert.equal((await sender.send(sent)).status, 201);
        assert.deepEqual(ids(await carol.mailbox()), [toCarol.id]);
        assert.deepEqual(ids(await ana.mailbox()), [anaToLee.id, leeToAna.id]);
        // Streams deliver in storage order: once Carol has hers, she would have had the earlier ones.
        await stream.until(() => stream.envelopes().length > 0, "carol's envelope");
        assert.deepEqual(ids(stream.envelopes()), [toCarol.id]);
      } finally {
        stream.close();
      }
    });

    it('pages oldest first with stable cursors and hasMore, never skipping or repeating', async () => {
      await users();
      const empty = await lee.request('GET', '/v1/envelopes?limit=3');
      assert.deepEqual(empty.body, { envelopes: [], cursor: null, hasMore: false });
      const sent: string[] = [];
      for (let i = 0; i < 7; i += 1) {
        // Envelopes of others in between must not shift lee's pages.
        await carol.send(envelope(carol, [ana]));
        const item = envelope(ana, [lee]);
        await ana.send(item);
        sent.push(item.id);
      }
      const pages: any[] = [];
      let cursor: string | null = null;
      do {
        const { status, body }: { status: number; body: any } = await lee.request('GET', `/v1/envelopes?limit=3${cursor ? `&after=${cursor}` : ''}`);
        assert.equal(status, 200);
        pages.push(body);
        cursor = body.cursor;
      } while (pages.at(-1).hasMore);
      assert.deepEqual(pages.map((page) => page.envelopes.length), [3, 3, 1]);
      assert.deepEqual(pages.map((page) => page.hasMore), [true, true, false]);
      assert.deepEqual(pages.flatMap((page) => ids(page.envelopes)), sent);
      for (const page of pages) assert.equal(page.cursor, page.envelopes.at(-1).cursor);
      const cursors = pages.flatMap((page) => page.envelopes.map((item: { cursor: string }) => item.cursor));
      assert.deepEqual([...cursors].sort(), cursors, 'cursors increase');

      // The same cursor gives the same envelopes again; the end gives an empty page keeping the cursor.
      const again = await lee.request('GET', `/v1/envelopes?limit=3&after=${pages[0].cursor}`);
      assert.deepEqual(again.body, pages[1]);
      const end = await lee.request('GET', `/v1/envelopes?limit=3&after=${cursor}`);
      assert.deepEqual(end.body, { envelopes: [], cursor, hasMore: false });
      const late = envelope(ana, [lee]);
      await ana.send(late);
      assert.deepEqual(ids((await lee.request('GET', `/v1/envelopes?limit=3&after=${cursor}`)).body.envelopes), [late.id]);

      for (const bad of ['not-a-cursor', '999999999999']) {
        const refused = await lee.request('GET', `/v1/envelopes?after=${bad}`);
        assert.equal(refused.status, 400, `cursor ${bad}`);
      }
      assert.equal((await lee.request('GET', '/v1/envelopes?limit=lots')).status, 400);
    });

    it('keeps consent and audit records once by id, refusing changed or foreign ones', async () => {
      await users();
      const receipt = makeRecord(ana.userId, '{"decision":"accepted"}');
      assert.equal((await ana.request('POST', '/v1/consent', receipt)).status, 201);
      assert.equal((await ana.request('POST', '/v1/consent', receipt)).status, 200);
      assert.equal((await ana.request('POST', '/v1/consent', { ...receipt, payload: '{"decision":"declined"}' })).status, 409);
      assert.equal((await carol.request('POST', '/v1/consent', makeRecord(ana.userId))).status, 403);
      assert.deepEqual(await f.relay.store.storedRecords('consent', [ana.userId, carol.userId]), [receipt]);

      const [a, b, d] = ['{"n":1}', '{"n":2}', '{"n":3}'].map((payload) => makeRecord(ana.userId, payload));
      const batch = (records: unknown[]) => ana.request('POST', '/v1/audit', { records });
      assert.deepEqual((await batch([a, b])).body, { stored: 2 });
      assert.deepEqual((await batch([a, b])).body, { stored: 0 });
      assert.deepEqual((await batch([b, d])).body, { stored: 1 });
      assert.equal((await batch([makeRecord(ana.userId), { ...a, payload: '{"n":9}' }])).status, 409, 'a changed entry refuses the whole batch');
      assert.equal((await carol.request('POST', '/v1/audit', { records: [makeRecord(ana.userId)] })).status, 403);
      const kept = await f.relay.store.storedRecords('audit', [ana.userId, carol.userId]);
      assert.deepEqual(kept.map((record) => record.id).sort(), [a, b, d].map((record) => record.id).sort());
    });
  });
}
