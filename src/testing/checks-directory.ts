/** Published keys, the directory and the optional methods an adapter declares. */
import type { DirectoryEntry, PublishedKey } from '../transport/transport.js';
import { assert, assertEqual, expectTransportError, show } from './assert.js';
import type { CheckGroup } from './check.js';
import { placeholderPublicKey } from './fixtures.js';
import type { TransportCapabilities } from './harness.js';

const OPTIONAL_METHODS = ['subscribe', 'searchDirectory', 'recordConsent', 'recordAudit', 'close'] as const;
/** Declared together by `capabilities.blobs`. */
const BLOB_METHODS = ['putBlobChunk', 'listBlobChunks', 'getBlobChunk'] as const;

function checkKey(value: PublishedKey | null, what: string): PublishedKey | null {
  if (value === null) return null;
  assert(typeof value === 'object' && typeof value.userId === 'string' && typeof value.armoredKey === 'string', `${what} must be null or { userId, armoredKey }, got ${show(value)}`);
  for (const field of ['displayName', 'role'] as const) {
    assert(value[field] === undefined || typeof value[field] === 'string', `${what}.${field} must be a string when set, got ${show(value[field])}`);
  }
  return value;
}

function checkEntries(value: readonly DirectoryEntry[], what: string): readonly DirectoryEntry[] {
  assert(Array.isArray(value), `${what} must be an array, got ${show(value)}`);
  for (const entry of value) {
    const valid = typeof entry?.userId === 'string' && typeof entry.displayName === 'string' && entry.displayName.length > 0;
    assert(valid && (entry.role === undefined || typeof entry.role === 'string'), `${what}: every entry needs a userId and a displayName, got ${show(entry)}`);
  }
  return value;
}

export function capabilityChecks(capabilities: TransportCapabilities): CheckGroup {
  return {
    name: 'capabilities',
    checks: [
      {
        name: 'implements exactly the optional methods the harness declares',
        async run(c) {
          const transport = await c.connect('ana');
          for (const method of ['publishKey', 'lookupKey', 'send', 'fetch'] as const) {
            assert(typeof transport[method] === 'function', `the transport must implement ${method}()`);
          }
          for (const method of OPTIONAL_METHODS) {
            const present = typeof transport[method] === 'function';
            const declared = capabilities[method] === true;
            assert(present === declared, `${method}() is ${present ? 'implemented' : 'missing'} but capabilities.${method} is ${declared}`);
          }
          for (const method of BLOB_METHODS) {
            const present = typeof transport[method] === 'function';
            const declared = capabilities.blobs === true;
            assert(present === declared, `${method}() is ${present ? 'implemented' : 'missing'} but capabilities.blobs is ${declared}`);
          }
        },
      },
    ],
  };
}

export const keys: CheckGroup = {
  name: 'keys',
  checks: [
    {
      name: 'looks up null for a user without a key and for an unknown user',
      async run(c) {
        const [lee] = [await c.connect('lee'), await c.connect('ana')];
        assertEqual(checkKey(await lee.lookupKey(c.users.ana), 'lookupKey of a user without a key'), null, 'lookupKey of a user without a key');
        assertEqual(await lee.lookupKey(`nobody-${crypto.randomUUID()}`), null, 'lookupKey of an unknown user');
      },
    },
    {
      name: 'publishes, replaces and looks up a key',
      async run(c) {
        const [ana, lee] = [await c.connect('ana'), await c.connect('lee')];
        for (const armoredKey of [placeholderPublicKey('first'), placeholderPublicKey('second')]) {
          await ana.publishKey({ userId: c.users.ana, armoredKey });
          for (const [transport, who] of [[lee, 'lee'], [ana, 'ana']] as const) {
            const found = checkKey(await transport.lookupKey(c.users.ana), `ana's key looked up by ${who}`);
            assertEqual(found && { userId: found.userId, armoredKey: found.armoredKey }, { userId: c.users.ana, armoredKey }, `ana's key looked up by ${who}`);
          }
        }
      },
    },
    {
      name: 'refuses, non-retryably, a key published for another user',
      async run(c) {
        const [carol, lee] = [await c.connect('carol'), await c.connect('lee')];
        await expectTransportError(() => carol.publishKey({ userId: c.users.ana, armoredKey: placeholderPublicKey() }), false, "carol publishing a key as ana");
        assertEqual(await lee.lookupKey(c.users.ana), null, "ana's key after carol tried to publish one for her");
      },
    },
  ],
};

export const directory: CheckGroup = {
  name: 'directory',
  checks: [
    {
      name: 'finds other users by their id or by their name in any case, never the searcher',
      needs: ['searchDirectory'],
      async run(c) {
        const ana = await c.connect('ana', { displayName: 'Ana Ruiz', role: 'Patient' });
        const lee = await c.connect('lee', { displayName: 'Dr. Lee', role: 'Clinician' });
        // Signing in may register a user asynchronously: any call of theirs waits for it.
        await lee.lookupKey(c.users.ana);
        const search = async (query: string, limit?: number) =>
          checkEntries(await ana.searchDirectory!(query, limit === undefined ? undefined : { limit }), `ana's search for "${query}"`);
        const found = (await search(c.users.lee)).find((entry) => entry.userId === c.users.lee);
        assert(found, `ana's search for lee's id "${c.users.lee}" must find lee`);
        for (const query of [found.displayName.toUpperCase(), found.displayName.toLowerCase()]) {
          assert((await search(query)).some((entry) => entry.userId === c.users.lee), `ana's search for "${query}" must find lee (named "${found.displayName}")`);
        }
        assert(!(await search(c.users.ana)).some((entry) => entry.userId === c.users.ana), "ana's search for her own id must not list her");
        assert((await search(c.users.lee, 1)).length <= 1, 'a search with limit 1 must return at most one entry');
      },
    },
  ],
};
