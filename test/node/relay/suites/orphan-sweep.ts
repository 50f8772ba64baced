// The sweep of orphaned uploads (limits.orphanGraceMs, orphanSweepMs): blobs no envelope lists whose
// newest chunk is past the grace period are deleted, freeing quota; listed blobs and uploads in progress
// stay. Time is moved by sweeping "as if at" a later moment, so nothing waits for hours. A sweep deletes
// every orphan of its database: these tests run on a database of their own.
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeEach, describe, it } from 'node:test';
import { setTimeout as sleep } from 'node:timers/promises';
import pg from 'pg';
import { DEFAULT_LIMITS, type Relay } from '../../../../demo/relay/relay.js';
import { Client, emptyDataDir, envelope, randomBytes, removeDir, startTestRelay, SWEEP_LINE, TEST_LIMITS, type RelayFixture } from '../helpers.js';

const KiB = 1024;
const HOUR = 60 * 60 * 1000;
const GRACE = DEFAULT_LIMITS.orphanGraceMs;
const NOTHING = { blobs: 0, chunks: 0, bytes: 0 };

/** The test limits, with room for filling a user's quota twice in one test. */
const SWEEP_TEST_LIMITS = Object.freeze({ ...TEST_LIMITS, requests: 100 });
/** Options of the relay these tests share. */
export const SWEEP_TEST_OPTIONS = Object.freeze({ limits: SWEEP_TEST_LIMITS });

/** `ms` from now. */
const later = (ms: number) => new Date(Date.now() + ms);
/** A moment when everything uploaded so far is past the default grace period. */
const pastGrace = () => later(GRACE + HOUR);

/** The same user against the relay now running (a restart changes its port). */
const on = (relay: Relay, client: Client) => new Client(relay.url, client.userId, client.token, client.password);

export function orphanSweepSuite(f: RelayFixture): void {
  describe('sweep of orphaned uploads', () => {
    beforeEach(async () => {
      // Leftovers of the test before would change the counts.
      await f.relay.sweepOrphanBlobs(pastGrace());
    });

    it("deletes an upload no envelope lists once its newest chunk is past the grace period, all its chunks, and frees its uploader's quota", async () => {
      const ana = await f.user('ana');
      const whole = () => [randomBytes(128 * KiB), randomBytes(128 * KiB), randomBytes(64 * KiB)];
      const blobs = [crypto.randomUUID(), crypto.randomUUID(), crypto.randomUUID()];
      for (const blobId of blobs) await ana.putBlob(blobId, whole());
      const unfinished = crypto.randomUUID();
      assert.equal((await ana.putChunk(unfinished, 1, 3, randomBytes(64 * KiB))).status, 201);
      assert.equal((await ana.putChunk(crypto.randomUUID(), 0, 1, randomBytes(1))).status, 413, "3 x 320 KiB + 64 KiB fill Ana's 1 MiB");
      assert.deepEqual(await f.relay.sweepOrphanBlobs(later(GRACE - HOUR)), NOTHING, 'within the grace period');

      const first = f.lines.length;
      assert.deepEqual(await f.relay.sweepOrphanBlobs(pastGrace()), { blobs: 4, chunks: 10, bytes: 1024 * KiB });
      for (const blobId of [...blobs, unfinished]) {
        assert.deepEqual(await f.relay.store.storedBlobChunks(blobId), []);
        assert.deepEqual((await ana.request('GET', `/v1/blobs/${blobId}/chunks`)).body, { indexes: [] });
      }
      assert.equal((await ana.getChunk(blobs[0]!, 0)).status, 404);
      const logged = f.lines.slice(first).filter((line) => line.startsWith('SWEEP '));
      assert.deepEqual(logged.map((line) => line.replace(/ \d+ms$/, '')), ['SWEEP orphaned-blobs blobs=4 chunks=10 bytes=1048576']);
      assert.match(logged[0]!, SWEEP_LINE);

      // The whole quota is free again, and counts only what is kept now.
      for (let i = 0; i < 3; i += 1) await ana.putBlob(crypto.randomUUID(), whole());
      assert.equal((await ana.putChunk(crypto.randomUUID(), 0, 1, randomBytes(64 * KiB))).status, 201);
      assert.equal((await ana.putChunk(crypto.randomUUID(), 0, 1, randomBytes(1))).status, 413);
    });

    it('sweeps many orphans in batches, sparing the listed blobs among them', async () => {
      const [ana, lee] = await Promise.all([f.user('ana'), f.user('lee')]);
      const listed = crypto.randomUUID();
      await ana.putBlob(listed, [randomBytes(5)]);
      assert.equal((await ana.send(envelope(ana, [lee], { blobIds: [listed] }))).status, 201);
      // More than one batch of 100, from two uploaders (each within the request rate limit).
      const orphans = Array.from({ length: 120 }, () => crypto.randomUUID());
      const upload = async (client: Client, blobIds: readonly string[]) => {
        for (const blobId of blobIds) await client.putBlob(blobId, [randomBytes(10)]);
      };
      await Promise.all([upload(ana, orphans.slice(0, 60)), upload(lee, orphans.slice(60))]);
      assert.deepEqual(await f.relay.sweepOrphanBlobs(pastGrace()), { blobs: 120, chunks: 120, bytes: 1200 });
      assert.equal((await lee.getChunk(listed, 0)).status, 200);
      assert.deepEqual(await f.relay.sweepOrphanBlobs(pastGrace()), NOTHING);
    });

    it('keeps every blob an envelope lists, and an upload with a chunk within the grace period', async () => {
      const [ana, lee] = await Promise.all([f.user('ana'), f.user('lee')]);
      const listedParts = [randomBytes(1000), randomBytes(10)];
      const listed = crypto.randomUUID();
      await ana.putBlob(listed, listedParts);
      assert.equal((await ana.send(envelope(ana, [lee], { blobIds: [listed] }))).status, 201);
      const stale = crypto.randomUUID();
      await ana.putBlob(stale, [randomBytes(700)]);
      const progressing = crypto.randomUUID();
      assert.equal((await ana.putChunk(progressing, 0, 3, randomBytes(500))).status, 201);
      await sleep(300);
      const resumed = Date.now();
      assert.equal((await ana.putChunk(progressing, 2, 3, randomBytes(300))).status, 201);

      // When everything before `resumed - 150 ms` is past the grace period: chunk 0 is, chunk 2 is not
      // (the database's clock is this machine's: PGlite, or the local cluster).
      assert.deepEqual(await f.relay.sweepOrphanBlobs(new Date(resumed - 150 + GRACE)), { blobs: 1, chunks: 1, bytes: 700 }, 'only the stale upload');
      assert.deepEqual((await ana.request('GET', `/v1/blobs/${progressing}/chunks`)).body, { indexes: [0, 2] });
      assert.deepEqual(await f.relay.store.storedBlobChunks(stale), []);

      assert.deepEqual(await f.relay.sweepOrphanBlobs(later(10 * 365 * 24 * HOUR)), { blobs: 1, chunks: 2, bytes: 800 }, 'then the upload, given up');
      assert.deepEqual((await f.relay.store.storedBlobChunks(listed)).map((chunk) => chunk.bytes), listedParts, 'the listed blob stays for good');
      for (const [index, bytes] of listedParts.entries()) assert.deepEqual((await lee.getChunk(listed, index)).bytes, bytes);
    });

    it('lets an upload resumed after a sweep list what is left and upload it again, owned afresh', async () => {
      const [ana, lee, carol] = await Promise.all([f.user('ana'), f.user('lee'), f.user('carol')]);
      const blobId = crypto.randomUUID();
      const parts = [randomBytes(1000), randomBytes(2000), randomBytes(3000)];
      for (const index of [0, 1]) assert.equal((await ana.putChunk(blobId, index, 3, parts[index]!)).status, 201);
      assert.deepEqual(await f.relay.sweepOrphanBlobs(pastGrace()), { blobs: 1, chunks: 2, bytes: 3000 });

      // What a resuming client does: ask what is stored, upload the rest.
      const { body } = await ana.request('GET', `/v1/blobs/${blobId}/chunks`);
      assert.deepEqual(body, { indexes: [] }, 'nothing is left');
      const stored: number[] = body.indexes;
      const missing = [0, 1, 2].filter((index) => !stored.includes(index));
      for (const index of missing) assert.equal((await ana.putChunk(blobId, index, 3, parts[index]!)).status, 201, `chunk ${index} is stored afresh`);
      assert.equal((await carol.putChunk(blobId, 0, 3, parts[0]!)).status, 403, 'Ana owns the blob again');
      assert.equal((await ana.putChunk(blobId, 0, 4, parts[0]!)).status, 409, 'with the count of her first upload after the sweep');
      assert.deepEqual((await ana.request('GET', `/v1/blobs/${blobId}/chunks`)).body, { indexes: [0, 1, 2] });

      assert.equal((await ana.send(envelope(ana, [lee], { blobIds: [blobId] }))).status, 201);
      for (const [index, bytes] of parts.entries()) assert.deepEqual((await lee.getChunk(blobId, index)).bytes, bytes);
      assert.deepEqual(await f.relay.sweepOrphanBlobs(pastGrace()), NOTHING);
    });

    it('racing uploads and envelopes (on PostgreSQL from another relay sharing the database), never deletes a blob a stored envelope lists', async () => {
      const databaseUrl = f.options.databaseUrl;
      const otherDir = databaseUrl ? await emptyDataDir() : undefined;
      const sweeper = otherDir ? await startTestRelay({ dataDir: otherDir, databaseUrl, sessionSecret: await f.secret() }) : f.relay;
      try {
        for (let round = 0; round < 10; round += 1) {
          // New users each round, within the request rate limit.
          const [ana, lee] = await Promise.all([f.user('ana'), f.user('lee')]);
          const listed = crypto.randomUUID();
          const listedParts = [randomBytes(2000), randomBytes(1500)];
          await ana.putBlob(listed, listedParts);
          const partial = crypto.randomUUID();
          const partialParts = [randomBytes(900), randomBytes(800)];
          assert.equal((await ana.putChunk(partial, 0, 2, partialParts[0]!)).status, 201);

          const [sent, , added] = await Promise.all([
            ana.send(envelope(ana, [lee], { blobIds: [listed] })),
            sweeper.sweepOrphanBlobs(pastGrace()),
            ana.putChunk(partial, 1, 2, partialParts[1]!),
          ]);
          if (sent.status === 201) {
            for (const [index, bytes] of listedParts.entries()) assert.deepEqual((await lee.getChunk(listed, index)).bytes, bytes, `round ${round}: chunk ${index}`);
          } else {
            assert.equal(sent.status, 400, JSON.stringify(sent.body));
            assert.deepEqual(await f.relay.store.storedBlobChunks(listed), [], 'refused only because the sweep came first');
          }
          // Added to the old blob, or (the sweep first) stored afresh: either way the resumed upload completes.
          assert.equal(added.status, 201);
          const { indexes } = (await ana.request('GET', `/v1/blobs/${partial}/chunks`)).body;
          for (const index of [0, 1].filter((i) => !indexes.includes(i))) assert.equal((await ana.putChunk(partial, index, 2, partialParts[index]!)).status, 201);
          assert.equal((await ana.send(envelope(ana, [lee], { blobIds: [partial] }))).status, 201);
          for (const [index, bytes] of partialParts.entries()) assert.deepEqual((await lee.getChunk(partial, index)).bytes, bytes);
        }
        if (databaseUrl) {
          // The rows themselves: every blob row counts exactly the chunks kept.
          const client = new pg.Client({ connectionString: databaseUrl });
          await client.connect();
          try {
            const { rows } = await client.query(
              `SELECT b.id FROM blobs b, LATERAL (
                 SELECT count(*)::int AS chunks, coalesce(sum(octet_length(c.bytes)), 0)::bigint AS bytes FROM blob_chunks c WHERE c.blob_id = b.id
               ) kept WHERE b.stored_chunks <> kept.chunks OR b.stored_bytes <> kept.bytes`,
            );
            assert.deepEqual(rows, []);
          } finally {
            await client.end();
          }
        }
      } finally {
        if (otherDir) {
          await sweeper.close();
          await removeDir(otherDir);
        }
      }
    });

    it('sweeps once at start and then every orphanSweepMs, logging counts only, and stops on close', async () => {
      const ana = await f.user('ana');
      const atStart = crypto.randomUUID();
      await ana.putBlob(atStart, [randomBytes(10)]);
      await sleep(250);
      const first = f.lines.length;
      await f.restart({ limits: { ...SWEEP_TEST_LIMITS, orphanGraceMs: 200, orphanSweepMs: 100 } });
      assert.deepEqual(await f.relay.store.storedBlobChunks(atStart), [], 'swept before the relay answered');
      assert.equal(f.lines[first]?.replace(/ \d+ms$/, ''), 'SWEEP orphaned-blobs blobs=1 chunks=1 bytes=10', 'the first line of the new relay');

      const anaNow = on(f.relay, ana);
      const given = crypto.randomUUID();
      await anaNow.putBlob(given, [randomBytes(30)]);
      const deadline = Date.now() + 10_000;
      while ((await f.relay.store.storedBlobChunks(given)).length > 0) {
        assert.ok(Date.now() < deadline, 'a timed sweep deletes the orphan');
        await sleep(50);
      }
      const swept = f.lines.slice(first).filter((line) => line.startsWith('SWEEP '));
      assert.ok(swept.length >= 2, swept.join('\n'));
      assert.ok(swept.some((line) => line.startsWith('SWEEP orphaned-blobs blobs=1 chunks=1 bytes=30 ')), swept.join('\n'));
      for (const line of swept) {
        assert.match(line, SWEEP_LINE);
        for (const id of [atStart, given, ana.userId]) assert.ok(!line.includes(id));
      }

      await f.relay.close();
      const closed = f.lines.length;
      await sleep(250);
      assert.equal(f.lines.length, closed, 'no sweep after close');
      await assert.rejects(f.relay.sweepOrphanBlobs(), /closed/);
      await f.restart(SWEEP_TEST_OPTIONS);
    });

    it('sweeps nothing when orphanGraceMs is 0, and refuses settings that are not whole milliseconds', async () => {
      const never = join(tmpdir(), `sealbox-relay-never-${crypto.randomUUID()}`);
      const bad = [{ orphanGraceMs: -1 }, { orphanGraceMs: 1.5 }, { orphanGraceMs: Number.NaN }, { orphanSweepMs: 0 }, { orphanSweepMs: 2 ** 31 }];
      for (const limits of bad) {
        await assert.rejects(startTestRelay({ dataDir: never, limits: { ...TEST_LIMITS, ...limits } }), TypeError, JSON.stringify(limits));
      }
      assert.equal(existsSync(never), false, 'refused before touching the data folder');

      const ana = await f.user('ana');
      const orphan = crypto.randomUUID();
      await ana.putBlob(orphan, [randomBytes(40)]);
      const first = f.lines.length;
      await f.restart({ limits: { ...SWEEP_TEST_LIMITS, orphanGraceMs: 0, orphanSweepMs: 20 } });
      await sleep(150);
      assert.deepEqual(await f.relay.sweepOrphanBlobs(later(10 * 365 * 24 * HOUR)), NOTHING);
      assert.equal((await f.relay.store.storedBlobChunks(orphan)).length, 1);
      assert.deepEqual((await on(f.relay, ana).request('GET', `/v1/blobs/${orphan}/chunks`)).body, { indexes: [0] });
      assert.deepEqual(f.lines.slice(first).filter((line) => line.startsWith('SWEEP ')), [], 'no sweep ran');
    });
  });
}
