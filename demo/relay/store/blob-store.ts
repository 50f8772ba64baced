/**
 * The SQL of attachment blobs: chunks kept as uploaded (bytea), who uploaded each blob, and which
 * envelopes list it. Decisions come from the shared blob rules (src/transport/relay-blob-rules.ts).
 */
import { checkBlobReader, decideBlobPut, missingChunk, type BlobLimits, type BlobRecord } from '../../../src/transport/relay-blob-rules.js';
import { refused } from '../../../src/transport/relay-rules.js';
import type { BlobChunk } from '../../../src/transport/transport.js';
import { BLOB_LOCK, ENVELOPE_LOCK } from './locks.js';
import type { Database, Sql } from './store.js';

/** Bounds on attachment blobs: the shared per-chunk and per-blob limits, and a quota per uploader. */
export interface BlobQuota extends BlobLimits {
  /** Attachment bytes one user may keep in all; 0 for no quota. */
  readonly userBlobBytes: number;
}

/** A stored chunk as kept: ciphertext and its digest. */
export interface StoredBlobChunk {
  readonly index: number;
  readonly sha256: string;
  readonly bytes: Uint8Array;
}

/** What a sweep of orphaned uploads deleted. */
export interface SweepCounts {
  readonly blobs: number;
  readonly chunks: number;
  /** Ciphertext bytes, freed from their uploaders' quotas. */
  readonly bytes: number;
}

/** Blobs deleted per transaction, so a large sweep holds the envelope lock only briefly at a time. */
const SWEEP_BATCH = 100;

interface BlobRow {
  id: string;
  uploader: string;
  chunk_count: number;
  stored_chunks: number;
  stored_bytes: number | string;
}

interface ChunkRow {
  chunk_index: number;
  sha256: string;
  bytes: Uint8Array;
}

const BLOB_COLUMNS = 'id, uploader, chunk_count, stored_chunks, stored_bytes';

function toBlob(row: BlobRow): BlobRecord {
  return { blobId: row.id, uploader: row.uploader, count: row.chunk_count, storedChunks: row.stored_chunks, bytes: Number(row.stored_bytes) };
}

// pg hands out a Buffer, PGlite a Uint8Array: either way a plain Uint8Array of its own.
const toChunk = (row: ChunkRow): StoredBlobChunk => ({ index: row.chunk_index, sha256: row.sha256, bytes: new Uint8Array(row.bytes) });

/** The blobs among `blobIds` that exist, by id. */
export async function blobRecords(db: Sql, blobIds: readonly string[]): Promise<Map<string, BlobRecord>> {
  const rows = await db.query<BlobRow>(`SELECT ${BLOB_COLUMNS} FROM blobs WHERE id = ANY($1::text[])`, [blobIds]);
  return new Map(rows.map((row) => [row.id, toBlob(row)]));
}

export async function putBlobChunk(db: Database, chunk: BlobChunk, uploader: string, quota: BlobQuota): Promise<'stored' | 'duplicate'> {
  return db.transaction(async (tx) => {
    await tx.query('SELECT pg_advisory_xact_lock($1, hashtext($2))', [BLOB_LOCK, uploader]);
    // Locks the blob against uploads by another user racing to create the same id.
    const [row] = await tx.query<BlobRow>(`SELECT ${BLOB_COLUMNS} FROM blobs WHERE id = $1 FOR UPDATE`, [chunk.blobId]);
    const [stored] = await tx.query<{ sha256: string }>('SELECT sha256 FROM blob_chunks WHERE blob_id = $1 AND chunk_index = $2', [chunk.blobId, chunk.index]);
    const outcome = decideBlobPut(row ? toBlob(row) : undefined, stored?.sha256, chunk, uploader, quota);
    if (outcome === 'duplicate') return 'duplicate';
    if (quota.userBlobBytes > 0) {
      const [usage] = await tx.query<{ bytes: number | string }>('SELECT coalesce(sum(stored_bytes), 0) AS bytes FROM blobs WHERE uploader = $1', [uploader]);
      if (Number(usage!.bytes) + chunk.bytes.byteLength > quota.userBlobBytes) {
        refused(`Your attachments may take at most ${quota.userBlobBytes} bytes`, 413);
      }
    }
    // A blob id another user creates at the same moment wins the insert; ours then owns nothing and is refused.
    const [owned] = await tx.query<{ uploader: string }>(
      `INSERT INTO blobs (id, uploader, chunk_count, stored_chunks, stored_bytes) VALUES ($1, $2, $3, $4, $5)
       ON CONFLICT (id) DO UPDATE SET stored_chunks = $4, stored_bytes = $5 WHERE blobs.uploader = $2 RETURNING uploader`,
      [outcome.blobId, uploader, outcome.count, outcome.storedChunks, outcome.bytes],
    );
    if (!owned) refused(`Blob ${chunk.blobId} was uploaded by another user`, 403);
    await tx.query('INSERT INTO blob_chunks (blob_id, chunk_index, sha256, bytes) VALUES ($1, $2, $3, $4)', [chunk.blobId, chunk.index, chunk.sha256, chunk.bytes]);
    return 'stored';
  });
}

export async function blobChunkIndexes(db: Sql, blobId: string, uploader: string): Promise<number[]> {
  const rows = await db.query<{ chunk_index: number }>(
    `SELECT c.chunk_index FROM blob_chunks c JOIN blobs b ON b.id = c.blob_id
     WHERE c.blob_id = $1 AND b.uploader = $2 ORDER BY c.chunk_index`,
    [blobId, uploader],
  );
  return rows.map((row) => row.chunk_index);
}

export async function readBlobChunk(db: Sql, blobId: string, index: number, reader: string): Promise<StoredBlobChunk> {
  const [row] = await db.query<BlobRow & { listed: boolean }>(
    `SELECT ${BLOB_COLUMNS}, EXISTS (
       SELECT 1 FROM envelope_blobs eb JOIN mailbox m ON m.seq = eb.seq WHERE eb.blob_id = blobs.id AND m.user_id = $2
     ) AS listed
     FROM blobs WHERE id = $1`,
    [blobId, reader],
  );
  checkBlobReader(row ? toBlob(row) : undefined, blobId, reader, row?.listed === true);
  const [chunk] = await db.query<ChunkRow>('SELECT chunk_index, sha256, bytes FROM blob_chunks WHERE blob_id = $1 AND chunk_index = $2', [blobId, index]);
  return chunk ? toChunk(chunk) : missingChunk(blobId, index);
}

export async function storedBlobChunks(db: Sql, blobId: string): Promise<StoredBlobChunk[]> {
  const rows = await db.query<ChunkRow>('SELECT chunk_index, sha256, bytes FROM blob_chunks WHERE blob_id = $1 ORDER BY chunk_index', [blobId]);
  return rows.map(toChunk);
}

// $1: the time the sweep acts at (null: the database's clock, constant within a transaction); $2: the grace period.
const SWEEP_CUTOFF = `(coalesce($1::timestamptz, now()) - $2::float8 * interval '1 millisecond')`;
// Listed by no envelope, and created and last added to before the cutoff.
const ORPHANED = `NOT EXISTS (SELECT 1 FROM envelope_blobs eb WHERE eb.blob_id = b.id)
  AND b.created_at < ${SWEEP_CUTOFF}
  AND NOT EXISTS (SELECT 1 FROM blob_chunks c WHERE c.blob_id = b.id AND c.stored_at >= ${SWEEP_CUTOFF})`;

/**
 * Deletes orphaned uploads (see RelayStore.sweepOrphanBlobs): finds a batch of candidates without
 * locks, then deletes them in a transaction that is safe against envelopes and uploads committing at the
 * same moment, on this relay or another one sharing the database:
 * - putEnvelope holds ENVELOPE_LOCK from before it reads the blobs it lists until it commits. The sweep
 *   holds it too, so every envelope either committed before the sweep's statements (each sees all commits
 *   before it, READ COMMITTED) and its envelope_blobs rows keep its blobs, or it waits and then finds
 *   them gone and is refused (400). Row locks alone would not do: an envelope that read a blob before
 *   the sweep deleted it would fail on the foreign key (500) instead.
 * - putBlobChunk locks the blob's row (FOR UPDATE) before adding a chunk. The sweep locks the candidates
 *   first and checks them again in a new statement, so an upload that committed while it waited is seen
 *   with its fresh chunk (the blob stays), and an upload waiting for the sweep finds no blob afterwards
 *   and starts it afresh: stored_chunks and stored_bytes always count exactly the chunks kept.
 * The lock is held for index lookups of one batch only, never for the scan of all blobs.
 */
export async function sweepOrphanBlobs(db: Database, graceMs: number, at?: Date): Promise<SweepCounts> {
  const when = [at?.toISOString() ?? null, graceMs];
  const total = { blobs: 0, chunks: 0, bytes: 0 };
  for (let after = ''; ; ) {
    const found = await db.query<{ id: string }>(`SELECT b.id FROM blobs b WHERE b.id > $3 AND ${ORPHANED} ORDER BY b.id LIMIT $4`, [...when, after, SWEEP_BATCH]);
    if (found.length === 0) return total;
    const candidates = found.map((row) => row.id);
    await db.transaction(async (tx) => {
      await tx.query('SELECT pg_advisory_xact_lock($1)', [ENVELOPE_LOCK]);
      const locked = await tx.query<{ id: string }>(`SELECT b.id FROM blobs b WHERE b.id = ANY($3::text[]) AND ${ORPHANED} FOR UPDATE OF b`, [...when, candidates]);
      if (locked.length === 0) return;
      const doomed = await tx.query<{ id: string }>(`SELECT b.id FROM blobs b WHERE b.id = ANY($3::text[]) AND ${ORPHANED}`, [...when, locked.map((row) => row.id)]);
      const ids = doomed.map((row) => row.id);
      const [chunks] = await tx.query<{ chunks: number | string }>(
        'WITH gone AS (DELETE FROM blob_chunks WHERE blob_id = ANY($1::text[]) RETURNING 1) SELECT count(*) AS chunks FROM gone',
        [ids],
      );
      const [blobs] = await tx.query<{ blobs: number | string; bytes: number | string }>(
        'WITH gone AS (DELETE FROM blobs WHERE id = ANY($1::text[]) RETURNING stored_bytes) SELECT count(*) AS blobs, coalesce(sum(stored_bytes), 0) AS bytes FROM gone',
        [ids],
      );
      total.blobs += Number(blobs!.blobs);
      total.chunks += Number(chunks!.chunks);
      total.bytes += Number(blobs!.bytes);
    });
    if (found.length < SWEEP_BATCH) return total;
    after = candidates.at(-1)!;
  }
}
