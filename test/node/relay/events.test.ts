// Server-Sent Events: ready, live envelopes, heartbeats, resuming with Last-Event-ID, and fan-out
// between two relays sharing one PostgreSQL database (LISTEN/NOTIFY).
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { Relay } from '../../../demo/relay/relay.js';
import { call, emptyDataDir, envelope, EventReader, freshDataDir, newUser, removeDir, signIn, startTestRelay, type Client } from './helpers.js';
import { postgresForTests } from './postgres.js';

const postgres = await postgresForTests();
after(() => postgres.database?.drop());

const ids = (envelopes: readonly { id: string }[]) => envelopes.map((item) => item.id);

describe('relay event stream', () => {
  let relay: Relay;
  let dataDir: string;
  const readers: EventReader[] = [];
  const open = async (client: Client, lastEventId?: string) => {
    const reader = await EventReader.ready(client, lastEventId);
    readers.push(reader);
    return reader;
  };

  before(async () => {
    dataDir = await freshDataDir();
    relay = await startTestRelay({ dataDir, limits: { heartbeatMs: 200, streamsPerUser: 3 } });
  });
  after(async () => {
    for (const reader of readers) reader.close();
    await relay?.close();
    await removeDir(dataDir);
  });

  it('starts with a ready event, then delivers each new envelope to sender and recipient with its cursor as id', async () => {
    const [ana, lee] = await Promise.all([newUser(relay, 'ana'), newUser(relay, 'lee')]);
    const [toAna, toLee] = [await open(ana), await open(lee)];
    assert.deepEqual(toLee.events[0], { event: 'ready', data: '{}' });
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
    const reader = await open(await newUser(relay, 'idle'));
    await reader.until(() => reader.comments.includes('heartbeat'), 'a heartbeat');
  });

  it('resumes with Last-Event-ID: exactly the missed envelopes, then live ones, no gap and no duplicate', async () => {
    const [ana, lee] = await Promise.all([newUser(relay, 'ana'), newUser(relay, 'lee')]);
    const first = await open(lee);
    const seen = envelope(ana, [lee]);
    await ana.send(seen);
    await first.until(() => first.envelopes().length === 1, 'the first envelope');
    const lastEventId = first.events.at(-1)!.id!;
    first.close();

    const missed = [envelope(ana, [lee]), envelope(ana, [lee]), envelope(ana, [lee])];
    for (const item of missed) await ana.send(item);
    await ana.send(envelope(ana, [await newUser(relay, 'someone-else')]));
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

  it('takes the token from the Authorization header only', async () => {
    const ana = await newUser(relay, 'ana');
    for (const path of ['/v1/events', `/v1/events?token=${ana.token}`, `/v1/events?access_token=${ana.token}`]) {
      const { status } = await call(relay.url, 'GET', path);
      assert.equal(status, 401, path);
    }
  });

  it('limits the open streams of one user with 429', async () => {
    const ana = await newUser(relay, 'ana');
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
      assert.ok(tries < 50, 'a closed stream never freed its place');
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  });

  it('ends open streams when the relay closes', async () => {
    const reader = await open(await newUser(relay, 'ana'));
    await relay.close();
    await reader.until(() => reader.ended, 'the end of the stream').catch(() => undefined);
    assert.ok(reader.ended, 'the stream ended');
  });
});

describe('relay event stream across two relays sharing PostgreSQL', { skip: postgres.skip }, () => {
  let first: Relay;
  let second: Relay;
  const dirs: string[] = [];
  const readers: EventReader[] = [];

  before(async () => {
    const url = postgres.database!.url;
    [first, second] = await Promise.all(
      ['first', 'second'].map(async () => {
        const dataDir = await emptyDataDir();
        dirs.push(dataDir);
        return startTestRelay({ dataDir, databaseUrl: url });
      }),
    );
  });
  after(async () => {
    for (const reader of readers) reader.close();
    await Promise.all([first?.close(), second?.close()]);
    for (const dir of dirs) await removeDir(dir);
  });

  it('delivers an envelope sent through one relay to a stream on the other, live and on resume', async () => {
    const ana = await newUser(first, 'ana');
    const leeOnFirst = await newUser(first, 'lee');
    const lee = await signIn(second.url, leeOnFirst.userId, leeOnFirst.password);
    const stream = await EventReader.ready(lee);
    readers.push(stream);

    const sent = envelope(ana, [lee]);
    assert.equal((await ana.send(sent)).status, 201);
    await stream.until(() => stream.envelopes().length === 1, 'the envelope from the other relay');
    assert.deepEqual(ids(stream.envelopes()), [sent.id]);
    const lastEventId = stream.events.at(-1)!.id!;
    stream.close();

    const missed = envelope(ana, [lee]);
    await ana.send(missed);
    const resumed = await EventReader.ready(lee, lastEventId);
    readers.push(resumed);
    await resumed.until(() => resumed.envelopes().length === 1, 'the missed envelope');
    assert.deepEqual(ids(resumed.envelopes()), [missed.id]);
    assert.deepEqual(ids(await lee.mailbox()), [sent.id, missed.id]);
  });
});
