/** Consent receipts and audit entries (append-only by id), and failures worth retrying. */
import type { SignedRecord } from '../transport/transport.js';
import { assert, assertEqual, expectTransportError } from './assert.js';
import type { CheckGroup } from './check.js';
import { contractFields, idsOf, type CheckContext } from './context.js';
import { makeRecord } from './fixtures.js';

const fields = ({ id, userId, payload, signature }: SignedRecord) => ({ id, userId, payload, signature });
const byId = (records: readonly SignedRecord[]) => records.map(fields).sort((a, b) => a.id.localeCompare(b.id));

async function assertRecords(c: CheckContext, kind: 'consent' | 'audit', expected: readonly SignedRecord[], what: string): Promise<void> {
  if (c.session.storedRecords) assertEqual(byId(await c.session.storedRecords(kind)), byId(expected), `${what} (storedRecords('${kind}'))`);
}

export const records: CheckGroup = {
  name: 'consent and audit records',
  checks: [
    {
      name: 'keeps a consent receipt once, however often it is delivered, and never replaces it',
      needs: ['recordConsent'],
      async run(c) {
        const ana = await c.connect('ana');
        const receipt = makeRecord(c.users.ana, '{"decision":"accepted"}');
        await ana.recordConsent!(receipt);
        await ana.recordConsent!({ ...receipt });
        await Promise.all([ana.recordConsent!(receipt), ana.recordConsent!(receipt)]);
        const replaced = { ...receipt, payload: '{"decision":"declined"}' };
        // Whether a different record under a kept id is acknowledged or refused, it must not replace it.
        try {
          await ana.recordConsent!(replaced);
        } catch (error) {
          await expectTransportError(() => Promise.reject(error), false, 'a different receipt under a kept id');
        }
        await assertRecords(c, 'consent', [receipt], 'consent receipts kept');
        if (c.session.storedRecords) assertEqual(await c.session.storedRecords('audit'), [], 'audit entries after recording consent');
      },
    },
    {
      name: 'refuses, non-retryably, a consent receipt of another user',
      needs: ['recordConsent'],
      async run(c) {
        const carol = await c.connect('carol');
        await expectTransportError(() => carol.recordConsent!(makeRecord(c.users.ana)), false, "carol recording a receipt as ana");
        await assertRecords(c, 'consent', [], 'consent receipts kept');
      },
    },
    {
      name: 'keeps each audit entry once across repeated and overlapping batches',
      needs: ['recordAudit'],
      async run(c) {
        const ana = await c.connect('ana');
        const [a, b, d] = ['{"n":1}', '{"n":2}', '{"n":3}'].map((payload) => makeRecord(c.users.ana, payload));
        await ana.recordAudit!([a, b]);
        await ana.recordAudit!([a, b]);
        await ana.recordAudit!([b, d]);
        await assertRecords(c, 'audit', [a, b, d], 'audit entries kept');
      },
    },
    {
      name: 'refuses, non-retryably, audit entries of another user',
      needs: ['recordAudit'],
      async run(c) {
        const carol = await c.connect('carol');
        await expectTransportError(() => carol.recordAudit!([makeRecord(c.users.ana)]), false, "carol recording an audit entry as ana");
        await assertRecords(c, 'audit', [], 'audit entries kept');
      },
    },
  ],
};

export const outages: CheckGroup = {
  name: 'failures',
  checks: [
    {
      name: 'fails with retryable TRANSPORT errors while the backend is unreachable, and a retried send is stored once',
      needs: ['interrupt'],
      async run(c) {
        const [ana, lee] = [await c.connect('ana'), await c.connect('lee')];
        const before = c.envelope('ana', ['lee']);
        await ana.send(before);
        const interrupt = c.session.interrupt;
        assert(interrupt, 'capabilities.interrupt is set, but the session has no interrupt()');
        const restore = await interrupt.call(c.session);
        const envelope = c.envelope('ana', ['lee']);
        try {
          await expectTransportError(() => ana.send(envelope), true, 'send while the backend is unreachable');
          await expectTransportError(() => lee.fetch({ after: null, limit: 10 }), true, 'fetch while the backend is unreachable');
          await expectTransportError(() => lee.lookupKey(c.users.ana), true, 'lookupKey while the backend is unreachable');
        } finally {
          await restore();
        }
        await ana.send(envelope);
        await ana.send(envelope);
        const mailbox = await c.mailbox(lee, 'lee');
        assertEqual(idsOf(mailbox), [before.id, envelope.id], "lee's mailbox after the backend came back and the send was retried");
        assertEqual(contractFields(mailbox[1]), envelope, 'the envelope sent again after the outage');
      },
    },
  ],
};
