// The reference relay (demo/relay/) over real HTTP: every suite runs against a relay on PGlite (a temp
// data folder) and on PostgreSQL (a database made for this run), one relay per backend shared by its
// suites, the backends side by side to keep the run short. The sweep of orphaned uploads runs on data of
// its own, and the sign-in limits on a relay of their own. Two relays on one PostgreSQL database fan out
// events to each other. The demo users find each other in the directory.
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { DATA_MARKER } from '../../../demo/relay/paths.js';
import { startRelay, type Relay } from '../../../demo/relay/relay.js';
import { resetRelayData } from '../../../demo/relay/reset.js';
import { backends, emptyDataDir, envelope, EventReader, freshDataDir, RelayFixture, removeDir, signIn, startTestRelay, TEST_PASSWORD, uniqueId } from './helpers.js';
import { postgresForTests } from './postgres.js';
import { blobsSuite } from './suites/blobs.js';
import { envelopesSuite } from './suites/envelopes.js';
import { eventsSuite } from './suites/events.js';
import { hostileInputSuite } from './suites/hostile-input.js';
import { logsSuite } from './suites/logs.js';
import { orphanSweepSuite, SWEEP_TEST_OPTIONS } from './suites/orphan-sweep.js';
import { persistenceSuite } from './suites/persistence.js';
import { sessionSuite } from './suites/session.js';
import { SIGN_IN_TEST_OPTIONS, signInLimitsSuite } from './suites/sign-in-limits.js';

const postgres = await postgresForTests();
if (postgres.skip) console.log(`# PostgreSQL relay tests skipped: ${postgres.skip}`);
after(() => postgres.database?.drop());
// A sweep deletes every orphaned upload of its database: the sweep's tests get a database of their own.
const sweepPostgres = postgres.skip ? postgres : await postgresForTests();
after(() => sweepPostgres.database?.drop());

// Each backend's suites run in order (the last restarts the relay); the backends run concurrently.
describe('reference relay', { concurrency: true }, () => {
  for (const backend of backends(postgres)) {
    describe(`on ${backend.name}`, { skip: backend.skip, concurrency: 1 }, () => {
      const fixture = new RelayFixture(backend);
      sessionSuite(fixture);
      envelopesSuite(fixture);
      blobsSuite(fixture);
      eventsSuite(fixture);
      hostileInputSuite(fixture);
      logsSuite(fixture);
      persistenceSuite(fixture);
    });
  }
  for (const backend of backends(sweepPostgres)) {
    describe(`orphan sweep on ${backend.name}`, { skip: backend.skip, concurrency: 1 }, () => orphanSweepSuite(new RelayFixture(backend, SWEEP_TEST_OPTIONS)));
  }
  for (const backend of backends(postgres)) {
    describe(`sign-in limits on ${backend.name}`, { skip: backend.skip, concurrency: 1 }, () => signInLimitsSuite(new RelayFixture(backend, SIGN_IN_TEST_OPTIONS)));
  }
  twoRelaysSharingPostgres();
  demoUsers();
  resetScript();
});

/** The users a relay seeds by default (`npm run relay`, `npm start`): Ana Ruiz and Dr. Lee, her clinician. */
function demoUsers(): void {
  describe('demo users', () => {
    it('seeds Ana Ruiz and Dr. Lee in a care relationship: each finds the other, and neither finds an unrelated account', async () => {
      const dataDir = await freshDataDir();
      const relay = await startRelay({ dataDir, log: false });
      try {
        await relay.addUser({ userId: 'someone-else', password: TEST_PASSWORD, displayName: 'Someone Else', role: 'Clinician' });
        const password = process.env.DEMO_PASSWORD || 'demo';
        const [ana, lee] = [await signIn(relay.url, 'ana', password), await signIn(relay.url, 'dr-lee', password)];
        const directory = async (client: typeof ana) => (await client.request('GET', '/v1/directory')).body.entries;
        assert.deepEqual(await directory(ana), [{ userId: 'dr-lee', displayName: 'Dr. Lee', role: 'Clinician' }]);
        assert.deepEqual(await directory(lee), [{ userId: 'ana', displayName: 'Ana Ruiz', role: 'Patient' }]);
      } finally {
        await relay.close();
        await removeDir(dataDir);
      }
    });
  });
}

/** `npm run demo:reset` deletes relay data folders and nothing else. */
function resetScript(): void {
  describe('demo:reset', () => {
    it('deletes a relay data folder, refuses a folder that is not one, and ignores a missing one', async () => {
      const relayData = await emptyDataDir();
      await writeFile(join(relayData, DATA_MARKER), '');
      await writeFile(join(relayData, 'session-secret'), 'x');
      assert.equal(await resetRelayData(relayData), true);
      assert.equal(existsSync(relayData), false);
      assert.equal(await resetRelayData(relayData), false);
      const other = await emptyDataDir();
      try {
        await writeFile(join(other, 'precious.txt'), 'keep me');
        await assert.rejects(resetRelayData(other), /does not look like Sealbox relay data/);
        assert.equal(existsSync(join(other, 'precious.txt')), true);
      } finally {
        await removeDir(other);
      }
    });
  });
}

/** An envelope stored through one relay reaches event streams on another (LISTEN/NOTIFY). */
function twoRelaysSharingPostgres(): void {
  describe('two relays sharing one PostgreSQL database', { skip: postgres.skip, concurrency: 1 }, () => {
    const relays: Relay[] = [];
    const dirs: string[] = [];
    const readers: EventReader[] = [];
    const sessionSecret = `two-relays-${crypto.randomUUID()}`;

    before(async () => {
      for (let i = 0; i < 2; i += 1) {
        const dataDir = await emptyDataDir();
        dirs.push(dataDir);
        relays.push(await startTestRelay({ dataDir, databaseUrl: postgres.database!.url, sessionSecret }));
      }
    });
    after(async () => {
      for (const reader of readers) reader.close();
      await Promise.all(relays.map((relay) => relay.close()));
      for (const dir of dirs) await removeDir(dir);
    });

    it('delivers an envelope sent through one relay to an event stream on the other, live and on resume', async () => {
      const [first, second] = relays as [Relay, Relay];
      const [anaId, leeId] = [uniqueId('ana'), uniqueId('lee')];
      for (const userId of [anaId, leeId]) await first.addUser({ userId, password: TEST_PASSWORD, displayName: userId, role: 'Patient' });
      const ana = await signIn(first.url, anaId, TEST_PASSWORD);
      const lee = await signIn(second.url, leeId, TEST_PASSWORD);
      const stream = await EventReader.ready(lee);
      readers.push(stream);

      const sent = envelope(ana, [lee]);
      assert.equal((await ana.send(sent)).status, 201);
      await stream.until(() => stream.envelopes().length === 1, 'the envelope sent through the other relay');
      assert.deepEqual(stream.envelopes().map((item) => item.id), [sent.id]);
      const lastEventId = stream.events.at(-1)!.id!;
      stream.close();

      const missed = envelope(ana, [lee]);
      await ana.send(missed);
      const resumed = await EventReader.ready(lee, lastEventId);
      readers.push(resumed);
      await resumed.until(() => resumed.envelopes().length === 1, 'the missed envelope');
      assert.deepEqual(resumed.envelopes().map((item) => item.id), [missed.id]);
      assert.deepEqual((await lee.mailbox()).map((item) => item.id), [sent.id, missed.id]);
    });
  });
}
