/**
 * `npm run relay`: the reference relay on http://127.0.0.1:8787 (PORT), data in .sealbox-data/relay
 * (DATA_DIR) or on a PostgreSQL server (DATABASE_URL). See README.md.
 */
import { DEFAULT_DATA_DIR } from './paths.js';
import { startRelay, type RelayLimits } from './relay.js';

const env = process.env;
const DEMO_ORIGINS = ['http://localhost:5173', 'http://127.0.0.1:5173'];

/** Limits set in the environment; startRelay refuses values that are not whole numbers. */
const limits: Partial<Record<keyof RelayLimits, number>> = {};
if (env.ORPHAN_GRACE_MS) limits.orphanGraceMs = Number(env.ORPHAN_GRACE_MS);
if (env.ORPHAN_SWEEP_MS) limits.orphanSweepMs = Number(env.ORPHAN_SWEEP_MS);

console.log(env.DATABASE_URL ? 'Connecting to PostgreSQL...' : 'Opening the database (the first start creates it, which takes a few seconds)...');
const relay = await startRelay({
  port: Number(env.PORT ?? 8787),
  host: env.HOST || '127.0.0.1',
  dataDir: env.DATA_DIR || DEFAULT_DATA_DIR,
  databaseUrl: env.DATABASE_URL || undefined,
  sessionSecret: env.SESSION_SECRET || undefined,
  corsOrigins: env.CORS_ORIGINS ? env.CORS_ORIGINS.split(',').map((origin) => origin.trim()) : DEMO_ORIGINS,
  behindProxy: env.BEHIND_PROXY === '1',
  limits,
});
console.log(`Sealbox relay listening on ${relay.url}`);

for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.once(signal, () => {
    console.log('Closing the relay...');
    relay.close().then(
      () => process.exit(0),
      () => process.exit(1),
    );
  });
}
