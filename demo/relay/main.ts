/**
 * `npm run relay`: the reference relay on http://127.0.0.1:8787 (PORT), data in .sealbox-data/relay
 * (DATA_DIR) or on a PostgreSQL server (DATABASE_URL). See README.md.
 */
import { DEFAULT_DATA_DIR } from './paths.js';
import { startRelay } from './relay.js';

const env = process.env;
const DEMO_ORIGINS = ['http://localhost:5173', 'http://127.0.0.1:5173'];

console.log(env.DATABASE_URL ? 'Connecting to PostgreSQL...' : 'Opening the database (the first start creates it, which takes a few seconds)...');
const relay = await startRelay({
  port: Number(env.PORT ?? 8787),
  host: env.HOST || '127.0.0.1',
  dataDir: env.DATA_DIR || DEFAULT_DATA_DIR,
  databaseUrl: env.DATABASE_URL || undefined,
  sessionSecret: env.SESSION_SECRET || undefined,
  corsOrigins: env.CORS_ORIGINS ? env.CORS_ORIGINS.split(',').map((origin) => origin.trim()) : DEMO_ORIGINS,
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
