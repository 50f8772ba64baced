// A @web/test-runner plugin that runs the reference relay (demo/relay/) for browser tests, through
// `executeServerCommand` from '@web/test-runner-commands'. Each relay gets a fresh data folder (a copy
// of the relay tests' template database), answers CORS for the test page's origin and is stopped,
// and its folder deleted, by `relay-stop` or when the test runner stops.
//
// Commands:
//   relay-start { origin, users?: [{ userId, password, displayName, role }] } -> { url }
//   relay-stop  { url }                                                       -> { stopped }
import { tsImport } from 'tsx/esm/api';

/** Running relays by URL, with their data folders. */
const relays = new Map();

const load = (path) => tsImport(path, import.meta.url);

async function start(payload) {
  const origin = payload?.origin;
  if (typeof origin !== 'string' || !/^https?:\/\/[^/]+$/.test(origin)) throw new Error('relay-start needs the page origin');
  const users = payload?.users ?? [];
  if (!Array.isArray(users)) throw new Error('users must be an array');
  const [{ startRelay }, { freshDataDir }] = await Promise.all([load('../../demo/relay/relay.ts'), load('../node/relay/helpers.ts')]);
  const dataDir = await freshDataDir();
  const relay = await startRelay({ port: 0, dataDir, users, log: false, corsOrigins: [origin] });
  relays.set(relay.url, { relay, dataDir });
  return { url: relay.url };
}

async function stop(url) {
  const running = relays.get(url);
  if (!running) return false;
  relays.delete(url);
  await running.relay.close();
  const { removeDir } = await load('../node/relay/helpers.ts');
  await removeDir(running.dataDir);
  return true;
}

export function relayPlugin() {
  return {
    name: 'sealbox-relay',
    async serverStop() {
      await Promise.all([...relays.keys()].map(stop));
    },
    /** @param {{ command: string, payload?: any }} options */
    async executeCommand({ command, payload }) {
      switch (command) {
        case 'relay-start':
          return start(payload);
        case 'relay-stop':
          return { stopped: await stop(payload?.url) };
        default:
          return undefined;
      }
    },
  };
}
