// Server-Sent Events: ready, live envelopes, heartbeats, resuming with Last-Event-ID, limits.
import assert from 'node:assert/strict';
import { after, describe, it } from 'node:test';
import { call, envelope, EventReader, type Client, type RelayFixture } from '../helpers.js';

const ids = (envelopes: readonly { id: string }[]) => envelopes.map((item) => item.id);

export function eventsSuite(f: RelayFixture): void {
  describe('event stream', () => {
    const readers: EventReader[] = [];
    const open = async (client: Client, lastEventId?: string) => {
      const reader = await EventReader.ready(client, lastEventId);
      readers.push(reader);
      return reader;
    };
    after(() => {
      for (const reader of readers) reader.close();
    });

    it('starts with a ready event, then delivers each new envelope to sender and recipient with its cursor as id', async () => {
      const [ana, lee] = await Promise.all([f.user('ana'), f.user('lee')]);
      const [toAna, toLee] = [await open(ana), await open(lee)];
      assert.deepEqual({ ...toLee.events[0], id: undefined }, { event: 'ready', data: '{}', id: undefined });
      const sent = envelope(ana, [lee]);
      const { body } = await ana.send(sent);
      for (const reader of [toLee, toAna]) {
        await reader.until(() => reader.envelopes().length === 1, 'the envelope');
        const event = reader.events.find((item) => item.event === 'envelope')!;
        assert.equal(event.id, body.cursor);
        assert.deepEqual(JSON.parse(event.data), { ...sent, cursor: body.cursor });
      }
    });

    it('sends heartbeat comments while idle', async () => {
      const reader = await open(await f.user('idle'));
      await reader.until(() => reader.comments.includes('heartbeat'), 'a heartbeat');
    });

    it('resumes with Last-Event-ID: exactly the missed envelopes, then live ones, no gap and no duplicate', async () => {
      const [ana, lee] = await Promise.all([f.user('ana'), f.user('lee')]);
      const first = await open(lee);
      const seen = envelope(ana, [lee]);
      await ana.send(seen);
      await first.until(() => first.envelopes().length === 1, 'the first envelope');
      const lastEventId = first.events.at(-1)!.id!;
      first.close();

      const missed = [envelope(ana, [lee]), envelope(ana, [lee]), envelope(ana, [lee])];
      for (const item of missed) await ana.send(item);
      await ana.send(envelope(ana, [await f.user('someone-else')]));
      const resumed = await open(lee, lastEventId);
      await resumed.until(() => resumed.envelopes().length === 3, 'the missed envelopes');
      const live = envelope(ana, [lee]);
      await ana.send(live);
      await resumed.until(() => resumed.envelopes().length === 4, 'the live envelope');
      assert.deepEqual(ids(resumed.envelopes()), [...ids(missed), live.id]);
      assert.equal(resumed.events[0]!.event, 'ready');
      const cursors = resumed.envelopes().map((item) => item.cursor);
      assert.deepEqual(resumed.events.filter((event) => event.event === 'envelope').map((event) => event.id), cursors);
    });

    it("tags ready with the stream's position: resuming from it delivers what was stored meanwhile", async () => {
      const [ana, lee] = await Promise.all([f.user('ana'), f.user('lee')]);
      await ana.send(envelope(ana, [await f.user('someone-else')])); // something is stored, whoever it is for
      const first = await open(lee);
      const ready = first.events[0]!;
      assert.match(ready.id ?? '', /^\d+$/);
      first.close();
      const meanwhile = envelope(ana, [lee]);
      await ana.send(meanwhile);
      const resumed = await open(lee, ready.id);
      await resumed.until(() => resumed.envelopes().length === 1, 'the envelope stored meanwhile');
      assert.deepEqual(ids(resumed.envelopes()), [meanwhile.id]);
    });

    it('takes the token from the Authorization header only', async () => {
      const ana = await f.user('ana');
      for (const path of ['/v1/events', `/v1/events?token=${ana.token}`, `/v1/events?access_token=${ana.token}`]) {
        const { status } = await call(f.relay.url, 'GET', path);
        assert.equal(status, 401, path);
      }
    });

    it('limits the open streams of one user with 429', async () => {
      const ana = await f.user('ana');
      for (let i = 0; i < 3; i += 1) await open(ana);
      const extra = await EventReader.open(ana);
      assert.equal(extra.response.status, 429);
      await extra.response.body?.cancel();
      readers.pop()!.close();
      // A closed stream frees its place (noticed when the connection ends).
      for (let tries = 0; ; tries += 1) {
        const again = await EventReader.open(ana);
        if (again.response.ok) {
          readers.push(again);
          break;
        }
        await again.response.body?.cancel();
        assert.ok(tries < 100, 'a closed stream never freed its place');
        await new Promise((resolve) => setTimeout(resolve, 50));
      }
    });
  });
}
