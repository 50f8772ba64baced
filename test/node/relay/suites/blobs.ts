// Attachment blobs: chunk uploads (stored, repeated, refused), resuming, who may read, the envelope
// rules for blobIds and the limits (TEST_LIMITS: 128 KiB chunks, 320 KiB blobs, 16 chunks, 1 MiB per user).
import assert from 'node:assert/strict';
import { request as httpRequest } from 'node:http';
import { beforeEach, describe, it } from 'node:test';
import { envelope, randomBytes, sha256Hex, TEST_LIMITS, type Client, type RelayFixture } from '../helpers.js';

const KiB = 1024;

/** Announces a chunk of `declaredBytes` but sends only 16 KiB of it, and waits for the answer. */
function oversizedUpload(client: Client, blobId: string, declaredBytes: number): Promise<{ status: number; body: any }> {
  return new Promise((resolve, reject) => {
    const headers = {
      authorization: `Bearer ${client.token}`,
      'content-type': 'application/octet-stream',
      'content-length': declaredBytes,
      'x-content-sha256': '0'.repeat(64),
    };
    const req = httpRequest(`${client.baseUrl}/v1/blobs/${blobId}/chunks/0?count=1`, { method: 'PUT', headers }, (res) => {
      let text = '';
      res.setEncoding('utf8');
      res.on('data', (part) => (text += part));
      res.on('end', () => {
        req.destroy();
        resolve({ status: res.statusCode ?? 0, body: JSON.parse(text) });
      });
    });
    req.on('error', reject);
    // Never ended: an answer proves the relay neither waited for nor read the whole body.
    req.write(Buffer.alloc(16 * KiB));
  });
}

export function blobsSuite(f: RelayFixture): void {
  describe('attachment blobs', () => {
    let ana: Client;
    let lee: Client;
    let carol: Client;
    beforeEach(async () => {
      [ana, lee, carol] = await Promise.all([f.user('ana'), f.user('lee'), f.user('carol')]);
    });

    it('stores chunks (201, a repeat 200), lists them for resuming, and lets the participants of a listing envelope read them', async () => {
      const blobId = crypto.randomUUID();
      const parts = [randomBytes(100 * KiB), randomBytes(128 * KiB), randomBytes(3)];
      assert.equal((await ana.putChunk(blobId, 0, 3, parts[0]!)).status, 201);
      assert.equal((await ana.putChunk(blobId, 2, 3, parts[2]!)).status, 201);
      const again = await ana.putChunk(blobId, 0, 3, parts[0]!);
      assert.deepEqual([again.status, again.body], [200, { blobId, index: 0 }]);
      assert.deepEqual((await ana.request('GET', `/v1/blobs/${blobId}/chunks`)).body, { indexes: [0, 2] });
      assert.deepEqual((await lee.request('GET', `/v1/blobs/${blobId}/chunks`)).body, { indexes: [] }, "only the uploader's chunks are listed");
      assert.equal((await lee.getChunk(blobId, 0)).status, 403, 'no envelope lists the blob yet');

      const early = await ana.send(envelope(ana, [lee], { blobIds: [blobId] }));
      assert.equal(early.status, 400);
      assert.match(early.body.error.message, /incomplete \(2 of 3 chunks\)/);
      assert.equal((await ana.putChunk(blobId, 1, 3, parts[1]!)).status, 201);
      const sent = envelope(ana, [lee], { blobIds: [blobId] });
      assert.equal((await ana.send(sent)).status, 201);
      assert.equal((await ana.send(sent)).status, 200, 'the same envelope again');
      assert.equal((await ana.send({ ...sent, blobIds: [] })).status, 409, 'the same id listing other blobs');

      const [delivered] = await lee.mailbox();
      assert.deepEqual(delivered.blobIds, [blobId]);
      for (const [index, bytes] of parts.entries()) {
        for (const reader of [lee, ana]) {
          const read = await reader.getChunk(blobId, index);
          assert.equal(read.status, 200);
          assert.deepEqual(read.bytes, bytes);
          assert.equal(read.headers.get('content-type'), 'application/octet-stream');
          assert.equal(read.headers.get('x-content-sha256'), sha256Hex(bytes));
          assert.equal(read.headers.get('cache-control'), 'no-store');
        }
      }
      assert.equal((await carol.getChunk(blobId, 0)).status, 403, 'not a participant');
      assert.equal((await lee.getChunk(blobId, 3)).status, 404, 'no such chunk');
      assert.equal((await lee.getChunk(crypto.randomUUID(), 0)).status, 404, 'no such blob');
      assert.deepEqual((await f.relay.store.storedBlobChunks(blobId)).map((chunk) => chunk.bytes), parts);
    });

    it('refuses other bytes or count for a stored chunk (409), a blob of someone else (403), and bad digests, ids and bodies (400)', async () => {
      const blobId = crypto.randomUUID();
      const bytes = randomBytes(1000);
      assert.equal((await ana.putChunk(blobId, 0, 2, bytes)).status, 201);
      const conflicts = [await ana.putChunk(blobId, 0, 2, randomBytes(1000)), await ana.putChunk(blobId, 1, 3, randomBytes(10))];
      assert.deepEqual(conflicts.map((answer) => [answer.status, answer.body.error.code]), [[409, 'CONFLICT'], [409, 'CONFLICT']]);
      const foreign = await carol.putChunk(blobId, 1, 2, randomBytes(10));
      assert.deepEqual([foreign.status, foreign.body.error.code], [403, 'FORBIDDEN']);
      const other = crypto.randomUUID();
      const bad = [
        await ana.putChunk(blobId, 1, 2, randomBytes(10), sha256Hex(randomBytes(10))),
        await ana.putChunk(blobId, 1, 2, randomBytes(10), ''),
        await ana.putChunk(blobId, 1, 2, randomBytes(10), 'A'.repeat(64)),
        await ana.putChunk('not-a-uuid', 0, 1, randomBytes(10)),
        await ana.putChunk(other, 1, 1, randomBytes(10)),
        await ana.putChunk(other, 0, 0, randomBytes(10)),
        await ana.putChunk(other, 0, 1, new Uint8Array(0)),
        await ana.request('PUT', `/v1/blobs/${other}/chunks/0`, 'x', { 'content-type': 'application/octet-stream', 'x-content-sha256': sha256Hex(Buffer.from('x')) }),
        await ana.request('PUT', `/v1/blobs/${other}/chunks/-1?count=1`, 'x', { 'content-type': 'application/octet-stream', 'x-content-sha256': sha256Hex(Buffer.from('x')) }),
        await ana.request('PUT', `/v1/blobs/${other}/chunks/0?count=1`, '"x"', { 'x-content-sha256': sha256Hex(Buffer.from('"x"')) }),
        await ana.request('GET', '/v1/blobs/not-a-uuid/chunks'),
        await ana.request('GET', `/v1/blobs/${blobId}/chunks/first`),
      ];
      assert.deepEqual(bad.map((answer) => answer.status), bad.map(() => 400), JSON.stringify(bad.map((answer) => answer.body)));
      assert.deepEqual((await ana.request('GET', `/v1/blobs/${blobId}/chunks`)).body, { indexes: [0] });
      assert.deepEqual((await ana.getChunk(blobId, 0)).bytes, bytes, 'the first bytes stay');
      assert.deepEqual((await ana.request('GET', `/v1/blobs/${other}/chunks`)).body, { indexes: [] });
    });

    it('refuses chunks, blobs and uploads past the limits with 413, an oversized chunk before reading it', async () => {
      const early = await oversizedUpload(ana, crypto.randomUUID(), TEST_LIMITS.chunkBytes + 1);
      assert.deepEqual([early.status, early.body.error.code], [413, 'PAYLOAD_TOO_LARGE']);
      const streamed = await ana.putChunk(crypto.randomUUID(), 0, 1, randomBytes(TEST_LIMITS.chunkBytes + 1));
      assert.equal(streamed.status, 413);
      assert.equal((await ana.putChunk(crypto.randomUUID(), 0, TEST_LIMITS.blobChunks + 1, randomBytes(10))).status, 413, 'too many chunks');

      await ana.putBlob(crypto.randomUUID(), [randomBytes(128 * KiB), randomBytes(128 * KiB)]);
      // Two chunks of 128 KiB stored; 65 KiB more would pass the 320 KiB blob limit.
      const blob = crypto.randomUUID();
      for (let index = 0; index < 2; index += 1) assert.equal((await ana.putChunk(blob, index, 3, randomBytes(128 * KiB))).status, 201);
      const over = await ana.putChunk(blob, 2, 3, randomBytes(65 * KiB));
      assert.deepEqual([over.status, over.body.error.code], [413, 'PAYLOAD_TOO_LARGE']);
      assert.equal((await ana.putChunk(blob, 2, 3, randomBytes(64 * KiB))).status, 201, 'exactly at the blob limit');

      // Ana now keeps 256 + 320 KiB; 448 KiB more reach her quota of 1 MiB exactly.
      await ana.putBlob(crypto.randomUUID(), [randomBytes(128 * KiB), randomBytes(128 * KiB), randomBytes(64 * KiB)]);
      await ana.putBlob(crypto.randomUUID(), [randomBytes(128 * KiB)]);
      const quota = await ana.putChunk(crypto.randomUUID(), 0, 1, randomBytes(1));
      assert.equal(quota.status, 413);
      assert.match(quota.body.error.message, /at most 1048576 bytes/);
      assert.equal((await lee.putChunk(crypto.randomUUID(), 0, 1, randomBytes(1))).status, 201, 'the quota is per user');
    });

    it("refuses an envelope listing blobs that are missing, someone else's, malformed, repeated or too many (400), storing nothing", async () => {
      const [mine, his] = [crypto.randomUUID(), crypto.randomUUID()];
      await ana.putBlob(mine, [randomBytes(10)]);
      await lee.putBlob(his, [randomBytes(10)]);
      const lists = [[crypto.randomUUID()], [his], [mine, mine], ['not-a-uuid'], Array.from({ length: 21 }, () => mine)];
      for (const blobIds of lists) {
        const { status } = await ana.send(envelope(ana, [lee], { blobIds }));
        assert.equal(status, 400, JSON.stringify(blobIds));
      }
      assert.deepEqual(await lee.mailbox(), []);
      assert.equal((await lee.getChunk(mine, 0)).status, 403);
      const plain = envelope(ana, [lee], { blobIds: [] });
      assert.equal((await ana.send(plain)).status, 201);
      const [delivered] = await lee.mailbox();
      assert.equal('blobIds' in delivered, false, 'an empty list is stored as none');
    });
  });
}
