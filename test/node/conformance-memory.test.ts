// The conformance kit under node:test, against MemoryTransport (which needs no browser).
import { describe, it } from 'node:test';
import { MemoryRelay } from '../../src/transport/memory-transport.js';
import { defineTransportConformance } from '../../src/testing/index.js';

describe('MemoryTransport under node:test', () => {
  defineTransportConformance(
    { describe, it },
    {
      capabilities: { subscribe: true, searchDirectory: true, recordConsent: true, recordAudit: true, close: true, blobs: true },
      createSession() {
        const relay = new MemoryRelay();
        return {
          connect: (userId, profile) => relay.connect(userId, profile),
          storedEnvelopes: async () => relay.envelopes(),
          storedRecords: async (kind) => (kind === 'consent' ? relay.consentRecords() : relay.auditRecords()),
        };
      },
    },
  );
});
