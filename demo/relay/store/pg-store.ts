/**
 * The store on a PostgreSQL server (DATABASE_URL). Several relays may share one database: each keeps a
 * dedicated LISTEN connection, so an envelope stored through one relay reaches the event streams of all.
 */
import pg from 'pg';
import { openSqlStore, type Database, type RelayStore, type Sql } from './store.js';

const RECONNECT_MAX_MS = 5_000;

function sql(client: pg.Pool | pg.PoolClient): Sql {
  return {
    query: async <T>(text: string, params?: readonly unknown[]) => (await client.query(text, params as unknown[])).rows as T[],
    exec: async (script: string) => void (await client.query(script)),
  };
}

/**
 * Keeps one connection listening on `channel`, reconnecting with backoff when it drops. After a
 * reconnection `onNotify(null)` says notifications may have been missed. Returns a stop function.
 */
async function listenForever(url: string, channel: string, onNotify: (payload: string | null) => void): Promise<() => Promise<void>> {
  let client: pg.Client | null = null;
  let stopped = false;
  let failures = 0;

  const connect = async (): Promise<void> => {
    const next = new pg.Client({ connectionString: url });
    next.on('notification', (message) => message.channel === channel && onNotify(message.payload ?? null));
    next.on('error', () => undefined); // followed by 'end', handled below
    next.on('end', () => {
      if (stopped || client !== next) return;
      client = null;
      scheduleReconnect();
    });
    await next.connect();
    await next.query(`LISTEN ${pg.escapeIdentifier(channel)}`);
    client = next;
  };

  const scheduleReconnect = () => {
    const delay = Math.min(RECONNECT_MAX_MS, 100 * 2 ** failures);
    setTimeout(() => {
      if (stopped) return;
      connect().then(
        () => {
          failures = 0;
          onNotify(null);
        },
        () => {
          failures += 1;
          scheduleReconnect();
        },
      );
    }, delay).unref();
  };

  await connect();
  return async () => {
    stopped = true;
    await client?.end().catch(() => undefined);
  };
}

/** Connects to the PostgreSQL server at `url` and creates the tables if needed. */
export async function openPgStore(url: string): Promise<RelayStore> {
  const pool = new pg.Pool({ connectionString: url, max: 10 });
  // An idle connection dropped by the server must not crash the relay; the pool replaces it.
  pool.on('error', () => undefined);
  let stopListening = async () => {};
  const db: Database = {
    ...sql(pool),
    async transaction(body) {
      const client = await pool.connect();
      let broken = false;
      try {
        await client.query('BEGIN');
        const result = await body(sql(client));
        await client.query('COMMIT');
        return result;
      } catch (error) {
        // A connection that cannot even roll back is dropped rather than returned to the pool.
        await client.query('ROLLBACK').catch(() => (broken = true));
        throw error;
      } finally {
        client.release(broken);
      }
    },
    async listen(channel, onNotify) {
      stopListening = await listenForever(url, channel, onNotify);
    },
    async close() {
      await stopListening();
      await pool.end();
    },
  };
  try {
    return await openSqlStore(db);
  } catch (error) {
    await db.close();
    throw error;
  }
}
