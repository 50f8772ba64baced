/**
 * The relay's storage: one small interface, and one implementation written in plain PostgreSQL SQL
 * that runs unchanged on PGlite (embedded, on disk) and on a PostgreSQL server. The two differ only in
 * how they connect (pglite-store.ts, pg-store.ts), which is the `Database` below.
 */
import { readFile } from 'node:fs/promises';
import { unreadyBlob } from '../../../src/transport/relay-blob-rules.js';
import type { Profile } from '../../../src/transport/relay-rules.js';
import { sameEnvelope, withBlobIds } from '../../../src/transport/relay-rules.js';
import type { BlobChunk, OutgoingEnvelope, SignedRecord } from '../../../src/transport/transport.js';
import {
  blobChunkIndexes,
  blobRecords,
  putBlobChunk,
  readBlobChunk,
  storedBlobChunks,
  sweepOrphanBlobs,
  type BlobQuota,
  type StoredBlobChunk,
  type SweepCounts,
} from './blob-store.js';
import { ENVELOPE_LOCK, SCHEMA_LOCK } from './locks.js';

export type { BlobQuota, StoredBlobChunk, SweepCounts } from './blob-store.js';

export interface Account {
  readonly userId: string;
  readonly displayName: string;
  readonly role: string;
  /** scrypt hash from passwords.ts; never the password itself. */
  readonly passwordHash: string;
}

/** A published key with the directory data of its account. */
export interface KeyRecord {
  readonly userId: string;
  readonly armoredKey: string;
  readonly displayName: string;
  readonly role: string;
}

/** An envelope as stored, with its position in every participant's mailbox. */
export interface StoredEnvelope extends OutgoingEnvelope {
  readonly seq: number;
}

export type StoreResult =
  | { readonly status: 'stored' | 'duplicate'; readonly seq: number }
  | { readonly status: 'conflict' }
  | { readonly status: 'unknown-recipients'; readonly userIds: readonly string[] }
  /** A listed blob is incomplete or not the sender's. */
  | { readonly status: 'blobs-not-ready'; readonly reason: string };

export type RecordKind = 'consent' | 'audit';

/** Who may have new envelopes: the participants of one, or `null` for anyone (missed notifications). */
export type EnvelopeListener = (participants: readonly string[] | null) => void;

export interface RelayStore {
  /** Creates the account, or replaces its name, role and password hash. */
  putAccount(account: Account): Promise<void>;
  getAccount(userId: string): Promise<Account | null>;
  /**
   * Makes `memberIds` exactly the care team of the patient `patientId`, all at once. Every id must be an
   * account; throws (changing nothing) when one is not.
   */
  putCareTeam(patientId: string, memberIds: readonly string[]): Promise<void>;
  putKey(userId: string, armoredKey: string): Promise<void>;
  getKey(userId: string): Promise<KeyRecord | null>;
  /**
   * The accounts `me` may write to whose id or name contains `needle` (lower case), ordered by name:
   * `me`'s care team, and the patients whose care team `me` is on. No one else, ever.
   */
  searchAccounts(me: string, needle: string, limit: number): Promise<Profile[]>;
  /** Stores an envelope once; a resend with the same content is a duplicate, other content a conflict. */
  putEnvelope(envelope: OutgoingEnvelope): Promise<StoreResult>;
  /** The user's mailbox (sent and received) strictly after `afterSeq`, oldest first. */
  mailbox(userId: string, afterSeq: number, limit: number): Promise<{ envelopes: StoredEnvelope[]; hasMore: boolean }>;
  /** The newest sequence number handed out (0 when nothing is stored). */
  lastSeq(): Promise<number>;
  /** Keeps records append-only by id; all or nothing. Resolves with how many were new, or the id of a conflict. */
  putRecords(kind: RecordKind, records: readonly SignedRecord[]): Promise<{ stored: number } | { conflict: string }>;
  /** Envelopes involving any of `userIds`, in storage order (for tests and operators). */
  storedEnvelopes(userIds: readonly string[]): Promise<StoredEnvelope[]>;
  /** Records of any of `userIds`, oldest first (for tests and operators). */
  storedRecords(kind: RecordKind, userIds: readonly string[]): Promise<SignedRecord[]>;
  /**
   * Stores a checked chunk (`checkBlobChunk`) uploaded by `uploader`, deciding with the shared blob
   * rules, within `quota`. Resolves whether it was new; throws the refusal (a TRANSPORT error with status).
   */
  putBlobChunk(chunk: BlobChunk, uploader: string, quota: BlobQuota): Promise<'stored' | 'duplicate'>;
  /** Indexes of the stored chunks of `blobId`, ascending, when `uploader` uploaded it; otherwise none. */
  blobChunkIndexes(blobId: string, uploader: string): Promise<number[]>;
  /** A chunk `reader` may read (as uploader, or participant of an envelope listing it); throws 404 or 403. */
  readBlobChunk(blobId: string, index: number, reader: string): Promise<StoredBlobChunk>;
  /** Every stored chunk of a blob, in order (for tests and operators). */
  storedBlobChunks(blobId: string): Promise<StoredBlobChunk[]>;
  /**
   * Deletes, with their chunks, the blobs no envelope lists whose newest chunk is older than `graceMs`
   * before `at` (default: the database's clock). Resolves with what was deleted.
   */
  sweepOrphanBlobs(graceMs: number, at?: Date): Promise<SweepCounts>;
  /** Called after an envelope is committed, by this relay or another one sharing the database. */
  onEnvelope(listener: EnvelopeListener): () => void;
  close(): Promise<void>;
}

/** What the store needs from a database connection. */
export interface Sql {
  query<T = Record<string, unknown>>(text: string, params?: readonly unknown[]): Promise<T[]>;
  /** Runs a script of several statements without parameters. */
  exec(script: string): Promise<void>;
}

export interface Database extends Sql {
  transaction<T>(body: (tx: Sql) => Promise<T>): Promise<T>;
  /** Calls `onNotify` with each NOTIFY payload on `channel`, or `null` after a reconnection that may have missed some. */
  listen(channel: string, onNotify: (payload: string | null) => void): Promise<void>;
  close(): Promise<void>;
}

const CHANNEL = 'sealbox_envelope';

const RECORD_TABLES: Record<RecordKind, string> = { consent: 'consent_records', audit: 'audit_records' };

const ENVELOPE_COLUMNS = 'e.seq, e.id, e.thread_id, e.sender, e.recipients, e.created_at, e.ciphertext, e.size, e.blob_ids';

interface EnvelopeRow {
  seq: number | string;
  id: string;
  thread_id: string;
  sender: string;
  recipients: string[];
  created_at: string;
  ciphertext: string;
  size: number;
  blob_ids: string[];
}

interface RecordRow {
  id: string;
  user_id: string;
  payload: string;
  signature: string;
}

function toEnvelope(row: EnvelopeRow): StoredEnvelope {
  return {
    seq: Number(row.seq),
    id: row.id,
    threadId: row.thread_id,
    from: row.sender,
    to: row.recipients,
    createdAt: row.created_at,
    ciphertext: row.ciphertext,
    size: row.size,
    ...withBlobIds(row.blob_ids),
  };
}


const toRecord = (row: RecordRow): SignedRecord => ({ id: row.id, userId: row.user_id, payload: row.payload, signature: row.signature });

class RecordConflict extends Error {
  constructor(readonly id: string) {
    super(`Record ${id} conflicts with a kept record`);
  }
}

/** Creates the tables if needed and returns the store. */
export async function openSqlStore(db: Database): Promise<RelayStore> {
  const schema = await readFile(new URL('./schema.sql', import.meta.url), 'utf8');
  // Several relays may start at once on one PostgreSQL database: one creates the tables at a time.
  await db.transaction(async (tx) => {
    await tx.query('SELECT pg_advisory_xact_lock($1)', [SCHEMA_LOCK]);
    await tx.exec(schema);
  });
  const store = new SqlStore(db);
  await db.listen(CHANNEL, (payload) => void store.announce(payload));
  return store;
}

class SqlStore implements RelayStore {
  readonly #listeners = new Set<EnvelopeListener>();

  constructor(readonly db: Database) {}

  async putAccount({ userId, displayName, role, passwordHash }: Account): Promise<void> {
    await this.db.query(
      `INSERT INTO accounts (user_id, display_name, role, password_hash) VALUES ($1, $2, $3, $4)
       ON CONFLICT (user_id) DO UPDATE SET display_name = $2, role = $3, password_hash = $4`,
      [userId, displayName, role, passwordHash],
    );
  }

  async getAccount(userId: string): Promise<Account | null> {
    const [row] = await this.db.query<{ display_name: string; role: string; password_hash: string }>(
      'SELECT display_name, role, password_hash FROM accounts WHERE user_id = $1',
      [userId],
    );
    return row ? { userId, displayName: row.display_name, role: row.role, passwordHash: row.password_hash } : null;
  }

  async putKey(userId: string, armoredKey: string): Promise<void> {
    await this.db.query(
      `INSERT INTO public_keys (user_id, armored_key) VALUES ($1, $2)
       ON CONFLICT (user_id) DO UPDATE SET armored_key = $2, updated_at = now()`,
      [userId, armoredKey],
    );
  }

  async getKey(userId: string): Promise<KeyRecord | null> {
    const [row] = await this.db.query<{ armored_key: string; display_name: string; role: string }>(
      'SELECT k.armored_key, a.display_name, a.role FROM public_keys k JOIN accounts a USING (user_id) WHERE k.user_id = $1',
      [userId],
    );
    return row ? { userId, armoredKey: row.armored_key, displayName: row.display_name, role: row.role } : null;
  }

  async putCareTeam(patientId: string, memberIds: readonly string[]): Promise<void> {
    const members = [...new Set(memberIds)];
    await this.db.transaction(async (tx) => {
      const known = await tx.query<{ user_id: string }>('SELECT user_id FROM accounts WHERE user_id = ANY($1::text[])', [[patientId, ...members]]);
      const knownIds = new Set(known.map((row) => row.user_id));
      const unknown = [patientId, ...members].filter((userId) => !knownIds.has(userId));
      if (unknown.length > 0) throw new Error(`No account for ${unknown.join(', ')}`);
      await tx.query('DELETE FROM care_team WHERE patient_id = $1 AND NOT (member_id = ANY($2::text[]))', [patientId, members]);
      await tx.query(
        'INSERT INTO care_team (patient_id, member_id) SELECT $1, unnest($2::text[]) ON CONFLICT DO NOTHING',
        [patientId, members],
      );
    });
  }

  async searchAccounts(me: string, needle: string, limit: number): Promise<Profile[]> {
    // Only the other side of me's care relationships is ever read. strpos rather than LIKE: the needle is
    // matched literally, '%' and '_' included.
    const rows = await this.db.query<{ user_id: string; display_name: string; role: string }>(
      `SELECT a.user_id, a.display_name, a.role FROM accounts a
       WHERE a.user_id IN (SELECT member_id FROM care_team WHERE patient_id = $1
                           UNION SELECT patient_id FROM care_team WHERE member_id = $1)
         AND (strpos(lower(a.user_id), $2) > 0 OR strpos(lower(a.display_name), $2) > 0)
       ORDER BY lower(a.display_name), a.user_id LIMIT $3`,
      [me, needle, limit],
    );
    return rows.map((row) => ({ userId: row.user_id, displayName: row.display_name, role: row.role }));
  }

  async putEnvelope(envelope: OutgoingEnvelope): Promise<StoreResult> {
    return this.db.transaction(async (tx) => {
      // One writer at a time, so sequence numbers become visible in increasing order: a reader that
      // has seen seq N can never later find a smaller one committed behind it (cursors never skip).
      await tx.query('SELECT pg_advisory_xact_lock($1)', [ENVELOPE_LOCK]);
      const [existing] = await tx.query<EnvelopeRow>(`SELECT ${ENVELOPE_COLUMNS} FROM envelopes e WHERE e.id = $1`, [envelope.id]);
      if (existing) {
        const stored = toEnvelope(existing);
        return sameEnvelope(stored, envelope) ? { status: 'duplicate', seq: stored.seq } : { status: 'conflict' };
      }
      const participants = [envelope.from, ...envelope.to];
      const known = await tx.query<{ user_id: string }>('SELECT user_id FROM accounts WHERE user_id = ANY($1::text[])', [participants]);
      const knownIds = new Set(known.map((row) => row.user_id));
      const unknown = participants.filter((userId) => !knownIds.has(userId));
      if (unknown.length > 0) return { status: 'unknown-recipients', userIds: unknown };
      const blobIds = envelope.blobIds ?? [];
      if (blobIds.length > 0) {
        // The sweep of orphaned blobs takes ENVELOPE_LOCK too, so a blob complete now stays complete when this commits.
        const blobs = await blobRecords(tx, blobIds);
        const reason = unreadyBlob(envelope, (blobId) => blobs.get(blobId));
        if (reason !== null) return { status: 'blobs-not-ready', reason };
      }
      const [row] = await tx.query<{ seq: number | string }>(
        `INSERT INTO envelopes (id, thread_id, sender, recipients, created_at, ciphertext, size, blob_ids)
         VALUES ($1, $2, $3, $4::text[], $5, $6, $7, $8::text[]) RETURNING seq`,
        [envelope.id, envelope.threadId, envelope.from, envelope.to, envelope.createdAt, envelope.ciphertext, envelope.size, blobIds],
      );
      const seq = Number(row!.seq);
      await tx.query('INSERT INTO mailbox (user_id, seq) SELECT unnest($1::text[]), $2', [participants, seq]);
      if (blobIds.length > 0) await tx.query('INSERT INTO envelope_blobs (blob_id, seq) SELECT unnest($1::text[]), $2', [blobIds, seq]);
      // Delivered to every listening relay when the transaction commits, in commit order.
      await tx.query('SELECT pg_notify($1, $2)', [CHANNEL, String(seq)]);
      return { status: 'stored', seq };
    });
  }

  async mailbox(userId: string, afterSeq: number, limit: number): Promise<{ envelopes: StoredEnvelope[]; hasMore: boolean }> {
    const rows = await this.db.query<EnvelopeRow>(
      `SELECT ${ENVELOPE_COLUMNS} FROM mailbox m JOIN envelopes e ON e.seq = m.seq
       WHERE m.user_id = $1 AND m.seq > $2 ORDER BY m.seq LIMIT $3`,
      [userId, afterSeq, limit + 1],
    );
    return { envelopes: rows.slice(0, limit).map(toEnvelope), hasMore: rows.length > limit };
  }

  async lastSeq(): Promise<number> {
    const [row] = await this.db.query<{ seq: number | string | null }>('SELECT max(seq) AS seq FROM envelopes');
    return Number(row?.seq ?? 0);
  }

  async putRecords(kind: RecordKind, records: readonly SignedRecord[]): Promise<{ stored: number } | { conflict: string }> {
    const table = RECORD_TABLES[kind];
    try {
      const stored = await this.db.transaction(async (tx) => {
        let count = 0;
        for (const record of records) {
          const inserted = await tx.query(
            `INSERT INTO ${table} (id, user_id, payload, signature) VALUES ($1, $2, $3, $4) ON CONFLICT (id) DO NOTHING RETURNING id`,
            [record.id, record.userId, record.payload, record.signature],
          );
          if (inserted.length > 0) {
            count += 1;
            continue;
          }
          const [kept] = await tx.query<RecordRow>(`SELECT id, user_id, payload, signature FROM ${table} WHERE id = $1`, [record.id]);
          const same = kept && kept.user_id === record.userId && kept.payload === record.payload && kept.signature === record.signature;
          if (!same) throw new RecordConflict(record.id);
        }
        return count;
      });
      return { stored };
    } catch (error) {
      if (error instanceof RecordConflict) return { conflict: error.id };
      throw error;
    }
  }

  async storedEnvelopes(userIds: readonly string[]): Promise<StoredEnvelope[]> {
    const rows = await this.db.query<EnvelopeRow>(
      `SELECT ${ENVELOPE_COLUMNS} FROM envelopes e
       WHERE e.seq IN (SELECT seq FROM mailbox WHERE user_id = ANY($1::text[])) ORDER BY e.seq`,
      [userIds],
    );
    return rows.map(toEnvelope);
  }

  async storedRecords(kind: RecordKind, userIds: readonly string[]): Promise<SignedRecord[]> {
    const rows = await this.db.query<RecordRow>(
      `SELECT id, user_id, payload, signature FROM ${RECORD_TABLES[kind]} WHERE user_id = ANY($1::text[]) ORDER BY stored_at, id`,
      [userIds],
    );
    return rows.map(toRecord);
  }

  putBlobChunk(chunk: BlobChunk, uploader: string, quota: BlobQuota): Promise<'stored' | 'duplicate'> {
    return putBlobChunk(this.db, chunk, uploader, quota);
  }

  blobChunkIndexes(blobId: string, uploader: string): Promise<number[]> {
    return blobChunkIndexes(this.db, blobId, uploader);
  }

  readBlobChunk(blobId: string, index: number, reader: string): Promise<StoredBlobChunk> {
    return readBlobChunk(this.db, blobId, index, reader);
  }

  storedBlobChunks(blobId: string): Promise<StoredBlobChunk[]> {
    return storedBlobChunks(this.db, blobId);
  }

  sweepOrphanBlobs(graceMs: number, at?: Date): Promise<SweepCounts> {
    return sweepOrphanBlobs(this.db, graceMs, at);
  }

  onEnvelope(listener: EnvelopeListener): () => void {
    this.#listeners.add(listener);
    return () => void this.#listeners.delete(listener);
  }

  /** Turns a notification (an envelope's seq) into the user ids whose mailboxes it entered. */
  async announce(payload: string | null): Promise<void> {
    let participants: string[] | null = null;
    if (payload !== null) {
      try {
        const rows = await this.db.query<{ user_id: string }>('SELECT user_id FROM mailbox WHERE seq = $1', [Number(payload)]);
        participants = rows.map((row) => row.user_id);
      } catch {
        // Closing, or the database is briefly away: wake everyone; their streams re-read from their cursor.
      }
    }
    for (const listener of this.#listeners) listener(participants);
  }

  close(): Promise<void> {
    this.#listeners.clear();
    return this.db.close();
  }
}
