// The conformance kit against HttpTransport and the reference relay over real HTTP: unique users per
// check, each signed in with POST /v1/session, as a portal would hand out tokens.
import { after, before, describe, it } from 'node:test';
import { defineTransportConformance } from '../../../src/testing/index.js';
import type { HttpTransport } from '../../../src/transport/http-transport.js';
import type { SealTransport } from '../../../src/transport/transport.js';
import { httpTransport, startTestRelay, type TestRelay } from './relay-fixture.js';

describe('HttpTransport against the reference relay', () => {
  let relay: TestRelay;
  before(async () => {
    relay = await startTestRelay();
  });
  after(() => relay.close());

  defineTransportConformance(
    { describe, it },
    {
      capabilities: { subscribe: true, searchDirectory: true, recordConsent: true, recordAudit: true, close: true, blobs: true, interrupt: true },
      async createSession() {
        const tag = crypto.randomUUID().slice(0, 8);
        const users = { ana: `ana-${tag}`, lee: `lee-${tag}`, carol: `carol-${tag}` };
        // Accounts exist before anyone signs in: the relay refuses envelopes to unknown recipients. Lee is
        // on Ana's care team, so each finds the other in the directory (the kit's directory check).
        await Promise.all([relay.addUser(users.lee), relay.addUser(users.carol)]);
        await relay.addUser(users.ana, { careTeam: [users.lee] });
        return {
          users,
          // One account per user id; each connect is a fresh sign-in (another tab, another token).
          connect: async (userId, profile) => httpTransport(relay.url, await relay.login(userId, profile), { retry: { attempts: 2, baseDelayMs: 10, maxDelayMs: 50 } }),
          whenSubscribed: (transport: SealTransport) => (transport as HttpTransport).whenSubscribed(),
          interrupt: () => relay.stop(),
        };
      },
    },
  );
});
