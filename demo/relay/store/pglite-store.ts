/** The store on PGlite: PostgreSQL compiled to WebAssembly, keeping its files in a local folder. */
import { mkdir } from 'node:fs/promises';
import { PGlite, type Transaction } from '@electric-sql/pglite';
import { openSqlStore, type Database, type RelayStore, type Sql } from './store.js';

function sql(db: PGlite | Transaction): Sql {
  return {
    query: async <T>(text: string, params?: readonly unknown[]) => (await db.query<T>(text, params as unknown[])).rows,
    exec: async (script: string) => void (await db.exec(script)),
  };
}

/** Opens (creating on first use, which takes a while: PGlite runs initdb) the database in `dir`. */
export async function openPgliteStore(dir: string): Promise<RelayStore> {
  await mkdir(dir, { recursive: true });
  const pg = await PGlite.create({ dataDir: dir });
  const db: Database = {
    ...sql(pg),
    transaction: (body) => pg.transaction((tx) => body(sql(tx))),
    // NOTIFY works inside one PGlite instance too, delivered after commit like on a server.
    listen: async (channel, onNotify) => void (await pg.listen(channel, onNotify)),
    close: () => pg.close(),
  };
  try {
    return await openSqlStore(db);
  } catch (error) {
    await pg.close();
    throw error;
  }
}
