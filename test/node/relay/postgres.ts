/**
 * Finds a PostgreSQL server for the relay's PostgreSQL tests and makes a database only this test file
 * uses, dropped afterwards. Uses DATABASE_URL when set; otherwise the local Debian cluster
 * (/usr/lib/postgresql, started with pg_ctlcluster and given a test role when running as root).
 * When none can be had, the tests skip with the reason (`{ skip: reason }`).
 */
import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync } from 'node:fs';
import pg from 'pg';

const TEST_ROLE = 'sealbox_test';
// A throwaway role of the local test cluster, reachable from this machine only (Debian's pg_hba).
const TEST_PASSWORD = 'sealbox_test';

export interface TestDatabase {
  /** Connection string of the fresh database. */
  readonly url: string;
  /** Drops the database (closing any connection left). */
  drop(): Promise<void>;
}

export type PostgresForTests = { readonly database: TestDatabase; readonly skip?: undefined } | { readonly database?: undefined; readonly skip: string };

function run(command: string, args: string[], input?: string): string {
  return execFileSync(command, args, { input, cwd: '/', encoding: 'utf8', stdio: ['pipe', 'pipe', 'pipe'], timeout: 30_000 });
}

/** The admin connection string of the local Debian cluster, started and given the test role; or why not. */
function localCluster(): { url: string } | { skip: string } {
  if (!existsSync('/usr/lib/postgresql') || readdirSync('/usr/lib/postgresql').length === 0) {
    return { skip: 'no PostgreSQL: set DATABASE_URL, or install Debian\'s postgresql package (apt-get install postgresql)' };
  }
  if (process.getuid?.() !== 0) return { skip: 'a local PostgreSQL is installed, but preparing it needs root: set DATABASE_URL instead' };
  try {
    // "15 main 5432 down postgres ..." per cluster
    const clusters = run('pg_lsclusters', ['--no-header']).trim().split('\n').filter(Boolean).map((line) => line.split(/\s+/));
    const cluster = clusters.find(([, name]) => name === 'main') ?? clusters[0];
    if (!cluster) return { skip: 'PostgreSQL is installed but has no cluster (pg_createcluster <version> main)' };
    const [version, name, port, status] = cluster as [string, string, string, string];
    if (status !== 'online') {
      try {
        run('pg_ctlcluster', [version, name, 'start']);
      } catch {
        // Started meanwhile by another test file: checked below.
      }
      if (!run('pg_lsclusters', ['--no-header', version, name]).includes('online')) return { skip: `PostgreSQL ${version}/${name} could not be started` };
    }
    const sql = `DO $$ BEGIN
      IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = '${TEST_ROLE}') THEN CREATE ROLE ${TEST_ROLE}; END IF;
    END $$;
    ALTER ROLE ${TEST_ROLE} LOGIN CREATEDB PASSWORD '${TEST_PASSWORD}';`;
    run('su', ['postgres', '-c', `psql -q -p ${port} -v ON_ERROR_STOP=1`], sql);
    return { url: `postgres://${TEST_ROLE}:${TEST_PASSWORD}@127.0.0.1:${port}/postgres` };
  } catch (error) {
    return { skip: `the local PostgreSQL could not be prepared: ${(error as Error).message.split('\n')[0]}` };
  }
}

/** A fresh database for this test file, or the reason there is none. */
export async function postgresForTests(): Promise<PostgresForTests> {
  const found = process.env.DATABASE_URL ? { url: process.env.DATABASE_URL } : localCluster();
  if ('skip' in found) return { skip: found.skip };
  const name = `sealbox_relay_test_${process.pid}_${Math.random().toString(36).slice(2, 8)}`;
  const admin = new pg.Client({ connectionString: found.url });
  try {
    await admin.connect();
    await admin.query(`CREATE DATABASE ${name}`);
  } catch (error) {
    return { skip: `PostgreSQL at ${new URL(found.url).host} refused a test database: ${(error as Error).message}` };
  } finally {
    await admin.end().catch(() => undefined);
  }
  const url = new URL(found.url);
  url.pathname = `/${name}`;
  return {
    database: {
      url: url.href,
      async drop() {
        const client = new pg.Client({ connectionString: found.url });
        await client.connect();
        try {
          await client.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
        } finally {
          await client.end();
        }
      },
    },
  };
}
