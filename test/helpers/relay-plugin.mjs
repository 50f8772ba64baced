// A @web/test-runner plugin that runs the reference relay (demo/relay/) for browser tests, through
// `executeServerCommand` from '@web/test-runner-commands' (test/helpers/relay.ts wraps the commands).
// Each relay gets a fresh data folder (a copy of the relay tests' template database), answers CORS for
// the test page's origin and is stopped, and its folder deleted, by `relay-stop` or when the test
// runner stops.
//
// A relay on PGlite can take longer to start on a busy machine than a command may take to answer
// (20 s in @web/test-runner), so a start that is not done within ANSWER_WITHIN_MS answers `pending`
// and the page asks again with `relay-wait`.
//
// Commands:
//   relay-start { origin, users?: [{ userId, password, displayName, role, careTeam? }] } -> { url } | { pending: id }
//   relay-wait  { id }                                                                   -> { url } | { pending: id }
//   relay-stop  { url }                                                                  -> { stopped }
import { tsImport } from 'tsx/esm/api';

const ANSWER_WITHIN_MS = 15_000;

/** Running relays by URL, with their data folders. */
const relays = new Map();
/** Relays still starting, by id. */
const starting = new Map();
let nextId = 0;

const load = (path) => tsImport(path, import.meta.url);
const modules = () => Promise.all([load('../../demo/relay/relay.ts'), load('../node/relay/helpers.ts')]);

async function start(payload) {
  const origin = payload?.origin;
  if (typeof origin !== 'string' || !/^https?:\/\/[^/]+$/.test(origin)) throw new Error('relay-start needs the page origin');
  const users = payload?.users ?? [];
  if (!Array.isArray(users)) throw new Error('users must be an array');
  const [{ startRelay }, { freshDataDir }] = await modules();
  const dataDir = await freshDataDir();
  const relay = await startRelay({ port: 0, dataDir, users, log: false, corsOrigins: [origin] });
  relays.set(relay.url, { relay, dataDir });
  return { url: relay.url };
}

/** The relay's URL once it runs, or `{ pending: id }` if it is still starting after ANSWER_WITHIN_MS. */
async function answer(id) {
  const startup = starting.get(id);
  if (!startup) throw new Error(`No relay is starting with id ${id}`);
  let timer;
  const later = new Promise((resolve) => (timer = setTimeout(() => resolve({ pending: id }), ANSWER_WITHIN_MS)));
  try {
    const result = await Promise.race([startup, later]);
    if (!('pending' in result)) starting.delete(id);
    return result;
  } catch (error) {
    starting.delete(id);
    throw error;
  } finally {
    clearTimeout(timer);
  }
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
    serverStart() {
      // Load the relay's modules (and make the template database) while the first tests run.
      void modules()
        .then(([, { freshDataDir, removeDir }]) => freshDataDir().then(removeDir))
        .catch(() => {});
    },
    async serverStop() {
      await Promise.allSettled(starting.values());
      await Promise.all([...relays.keys()].map(stop));
    },
    /** @param {{ command: string, payload?: any }} options */
    async executeCommand({ command, payload }) {
      switch (command) {
        case 'relay-start': {
          const id = String((nextId += 1));
          const startup = start(payload);
          startup.catch(() => {});
          starting.set(id, startup);
          return answer(id);
        }
        case 'relay-wait':
          return answer(String(payload?.id));
        case 'relay-stop':
          return { stopped: await stop(payload?.url) };
        default:
          return undefined;
      }
    },
  };
}
