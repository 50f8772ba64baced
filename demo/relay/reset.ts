/**
 * `npm run demo:reset`: deletes the relay's data folder (DATA_DIR, default .sealbox-data/relay), so the
 * next start begins with the demo users and nothing else. Stop the relay first. Data on a DATABASE_URL
 * server is not touched.
 */
import { existsSync } from 'node:fs';
import { readdir, rm } from 'node:fs/promises';
import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { DATA_MARKER, DEFAULT_DATA_DIR } from './paths.js';

/** Deletes `dataDir` if it is relay data (or empty); refuses any other folder. Resolves whether it deleted something. */
export async function resetRelayData(dataDir: string = DEFAULT_DATA_DIR): Promise<boolean> {
  const dir = resolve(dataDir);
  if (!existsSync(dir)) return false;
  const entries = await readdir(dir);
  if (entries.length > 0 && !entries.includes(DATA_MARKER)) {
    throw new Error(`${dir} does not look like Sealbox relay data (no ${DATA_MARKER}); not deleting it`);
  }
  await rm(dir, { recursive: true, force: true });
  return true;
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const dir = process.env.DATA_DIR || DEFAULT_DATA_DIR;
  try {
    const deleted = await resetRelayData(dir);
    console.log(deleted ? `Deleted ${dir}` : `Nothing to delete at ${dir}`);
    if (process.env.DATABASE_URL) console.log('DATABASE_URL is set: data on that server was not touched.');
  } catch (error) {
    console.error((error as Error).message);
    process.exitCode = 1;
  }
}
