/**
 * The transport conformance kit: the behaviour the client relies on, declared as tests in the caller's
 * own framework. Run it against an adapter and a real backend to prove the adapter honours the
 * contract in src/transport/transport.ts.
 */
import type { Check, CheckGroup } from './check.js';
import { blobs } from './checks-blobs.js';
import { accessControl, paging, sending } from './checks-mailbox.js';
import { capabilityChecks, directory, keys } from './checks-directory.js';
import { realtime } from './checks-realtime.js';
import { outages, records } from './checks-records.js';
import { CheckContext } from './context.js';
import type { ConformanceHarness, TestFramework, TransportCapabilities } from './harness.js';

function groups(capabilities: TransportCapabilities): CheckGroup[] {
  return [capabilityChecks(capabilities), sending, paging, accessControl, keys, realtime, directory, records, blobs, outages];
}

const applies = (check: Check, capabilities: TransportCapabilities) => (check.needs ?? []).every((need) => capabilities[need] === true);

/** The names of the checks the kit declares for these capabilities, grouped as they are declared. */
export function conformanceChecks(capabilities: TransportCapabilities): { group: string; checks: string[] }[] {
  return groups(capabilities)
    .map((group) => ({ group: group.name, checks: group.checks.filter((check) => applies(check, capabilities)).map((check) => check.name) }))
    .filter((group) => group.checks.length > 0);
}

/**
 * Declares the conformance checks with the caller's `describe` and `it`, inside a
 * `describe('SealTransport conformance')`. Each check gets a fresh session from the harness and
 * closes what it opened; checks for optional methods are declared only when `capabilities` lists them.
 *
 * @example
 * import { describe, it } from 'node:test';
 * defineTransportConformance({ describe, it }, {
 *   capabilities: { subscribe: true, close: true },
 *   createSession: () => { const relay = new MemoryRelay(); return { connect: (id, profile) => relay.connect(id, profile) }; },
 * });
 */
export function defineTransportConformance(framework: TestFramework, harness: ConformanceHarness): void {
  const { describe, it } = framework;
  if (typeof describe !== 'function' || typeof it !== 'function') throw new TypeError('defineTransportConformance needs { describe, it } from a test framework');
  if (typeof harness?.createSession !== 'function') throw new TypeError('defineTransportConformance needs a harness with createSession()');
  const capabilities = harness.capabilities ?? {};
  describe('SealTransport conformance', () => {
    for (const group of groups(capabilities)) {
      const checks = group.checks.filter((check) => applies(check, capabilities));
      if (checks.length === 0) continue;
      describe(group.name, () => {
        for (const check of checks) {
          // No parameters: mocha would take one as a `done` callback.
          it(check.name, async () => {
            const session = await harness.createSession();
            let context: CheckContext;
            try {
              context = new CheckContext(session, harness);
            } catch (error) {
              await session.dispose?.();
              throw error;
            }
            try {
              await check.run(context);
            } finally {
              await context.cleanup();
            }
          });
        }
      });
    }
  });
}
