/**
 * `npm start`: the reference relay and the demo portal in one process. Data lives in .sealbox-data/relay
 * (DATA_DIR) or on DATABASE_URL; `npm run demo:reset` wipes it. Ports: PORT (pages, default 5173) and
 * RELAY_PORT (default 8787).
 */
import { startDemo } from './start-demo.js';

const env = process.env;
console.log('Starting the Sealbox relay and demo portal (the first start creates the database, which takes a few seconds)...');
const demo = await startDemo({
  port: env.PORT ? Number(env.PORT) : undefined,
  relayPort: env.RELAY_PORT ? Number(env.RELAY_PORT) : undefined,
  dataDir: env.DATA_DIR || undefined,
  databaseUrl: env.DATABASE_URL || undefined,
  logLevel: 'warn',
  log: env.RELAY_LOG === '1' ? undefined : false,
});

console.log(`
  Sealbox demo portal   ${demo.url}
    patient (Ana Ruiz)  ${new URL('patient.html', demo.url)}
    clinician (Dr. Lee) ${new URL('clinician.html', demo.url)}
  Relay                 ${demo.relay.url}  (RELAY_LOG=1 prints its request log)

  Open both pages (two tabs or windows): each signs in to the relay as its user; messages travel
  through the relay, which stores ciphertext only. Ctrl+C stops; npm run demo:reset wipes the data.
`);

for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.once(signal, () => {
    demo.close().then(
      () => process.exit(0),
      () => process.exit(1),
    );
  });
}
