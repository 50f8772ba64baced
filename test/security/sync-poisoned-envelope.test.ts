// Attack: one bad envelope stops a mailbox for good. An envelope whose `createdAt` passed the shared
// schema but not `new Date()` (`2024-01-01T00:00:00+01`) was stored by the relay, served back, threw
// during sync, and the cursor never moved again: every later message was lost to that user, across
// reloads. Timestamps are now checked strictly on both sides, and sync keeps any envelope it cannot
// store or read on its own as "a message could not be read" while the cursor moves on. Fuzzed here
// with malformed values of every field, between genuine messages.
import { expect } from '@open-wc/testing';
import type { ClientErrorEvent } from '../../src/core/client-events.js';
import { HttpTransport, MemoryRelay, type InvalidMessage, type SealClient } from '../../src/index.js';
import type { OutgoingEnvelope } from '../../src/transport/transport.js';
import { loginToRelay } from '../../src/transport/relay-login.js';
import { cleanupClients, createUser, openClient, testDatabaseName, waitFor } from '../helpers/clients.js';
import { HostileMailbox } from '../helpers/hostile-mailbox.js';
import { startRelay, stopRelay } from '../helpers/relay.js';

const uuid = () => crypto.randomUUID();

/** Malformed values for each field of a delivered envelope (`undefined`: the field is missing). */
const MALFORMED: Record<string, unknown[]> = {
  id: [undefined, null, 42, '', 'not-a-uuid', 'x'.repeat(300), [uuid()]],
  threadId: [undefined, null, 7, '', 'thread-1', { id: uuid() }],
  from: [undefined, null, '', 'dr lee', 'dr\u202eeel', 'dr-lee\u0000', 'a'.repeat(300), 5],
  to: [undefined, null, [], 'ana', ['ana', 'ana'], ['ana', ''], [42], ['ana', ...Array.from({ length: 100 }, (_, i) => `person-${i}`)]],
  createdAt: [
    undefined,
    '2024-01-01T00:00:00+01',
    '2024-02-30T00:00:00.000Z',
    '2024-01-01T00:00:00Z',
    '2024-01-01',
    'yesterday',
    '+275760-09-13T00:00:00.000Z',
    1_704_067_200_000,
    '',
  ],
  ciphertext: [undefined, null, '', 42, ['-----BEGIN PGP MESSAGE-----']],
  size: [undefined, -1, 1.5, 'big', Number.NaN, Number.POSITIVE_INFINITY, null],
  blobIds: ['x', [1], [uuid(), 'not-a-uuid'], ['same', 'same'].map(() => '00000000-0000-4000-8000-000000000000'), Array.from({ length: 21 }, uuid)],
};

/** Values that are no envelope at all. */
const NOT_ENVELOPES: unknown[] = [null, 42, 'envelope', [], {}, true];

describe('attack: an envelope that stops the mailbox', () => {
  afterEach(cleanupClients);

  it('keeps malformed envelopes of every field as unreadable and delivers every genuine message around them, across a reload', async function () {
    this.timeout(120_000);
    const relay = new MemoryRelay();
    const lee = await createUser(relay.connect('dr-lee'), 'dr-lee');
    const databaseName = testDatabaseName('ana');
    const mailbox = new HostileMailbox(relay.connect('ana'));
    let ana = await createUser(mailbox, 'ana', { databaseName });
    const errors: ClientErrorEvent[] = [];
    ana.addEventListener('error', (event) => errors.push(event as ClientErrorEvent));

    /** A genuine message from Dr. Lee, as the real relay stored it. */
    let count = 0;
    async function genuine(threadId?: string): Promise<OutgoingEnvelope> {
      const sent = await lee.send({ to: ['ana'], subject: `Note ${++count}`, body: `Message number ${count}`, ...(threadId ? { threadId } : {}) });
      await waitFor(async () => (await lee.listOutbox()).length === 0, 10_000, 'delivery');
      return relay.envelopes().find((envelope) => envelope.id === sent.id)!;
    }

    const template = await genuine();
    const genuineIds: string[] = [];
    const quarantined: { id: string; threadId: string; field: string }[] = [];
    const cases: { field: string; value: unknown }[] = [
      ...Object.entries(MALFORMED).flatMap(([field, values]) => values.map((value) => ({ field, value }))),
      ...NOT_ENVELOPES.map((value) => ({ field: 'envelope', value })),
    ];
    for (const { field, value } of cases) {
      const before = await genuine(template.threadId);
      const after = await genuine();
      let bad: unknown;
      if (field === 'envelope') bad = value;
      else {
        const { ciphertext, size, to, threadId, from, createdAt } = template;
        const base: Record<string, unknown> = { id: uuid(), threadId, from, to, createdAt, ciphertext, size };
        if (value === undefined) delete base[field];
        else base[field] = value;
        bad = base;
        const ids = bad as { id: unknown; threadId: unknown };
        const usable = typeof ids.id === 'string' && /^[0-9a-f-]{36}$/.test(ids.id) && typeof ids.threadId === 'string' && /^[0-9a-f-]{36}$/.test(ids.threadId);
        if (usable) quarantined.push({ id: ids.id as string, threadId: ids.threadId as string, field });
      }
      mailbox.serve(before, bad, after);
      genuineIds.push(before.id, after.id);
      // Sync resolves, and the genuine messages on both sides of the bad one are there and readable.
      await ana.sync();
      for (const id of [before.id, after.id]) {
        const opened = await ana.openMessage(id);
        expect(opened.status, `${field}: ${String(value).slice(0, 40)} -> ${id}`).to.equal('signer-unverified');
      }
    }

    // Each bad envelope with usable ids shows in its thread as a message that could not be read.
    for (const { id, threadId, field } of quarantined) {
      const listed = (await ana.listMessages(threadId, { limit: 200 })).items.find((message) => message.id === id);
      expect(listed, `${field} kept in its thread`).to.exist;
      const opened = (await ana.openMessage(id)) as InvalidMessage;
      expect(opened.status).to.equal('invalid');
      expect(opened.error.code).to.equal('MALFORMED_ENVELOPE');
      expect(String(opened.error.details.reason)).to.contain(field);
    }
    expect(errors.filter((event) => event.error.code === 'MALFORMED_ENVELOPE').length).to.equal(cases.length);
    // Reasons name fields and checks, never what the transport put in them.
    for (const event of errors) expect(event.error.message).to.not.contain('yesterday').and.not.contain('dr lee');

    // After a reload the cursor is past all of it: nothing is fetched twice, and new mail still arrives.
    ana.close();
    const servedBefore = mailbox.served.length;
    ana = await openClient(mailbox, 'ana', { databaseName });
    const latest = await genuine();
    mailbox.serve(latest);
    const fetchesBefore = mailbox.fetches.length;
    expect(await ana.sync()).to.equal(1);
    const threads = (await ana.listThreads({ limit: 500 })).items;
    expect(threads.some((thread) => thread.lastMessageId === latest.id)).to.equal(true);
    // The reopened client asked only for what came after everything it had seen.
    expect(mailbox.fetches.slice(fetchesBefore).every((after) => after === mailbox.cursorOf(servedBefore - 1))).to.equal(true);
    expect(genuineIds.length).to.equal(cases.length * 2);
  });

  it('drops an envelope addressed to someone else, reporting it, and goes on', async () => {
    const relay = new MemoryRelay();
    const lee = await createUser(relay.connect('dr-lee'), 'dr-lee');
    await createUser(relay.connect('kim'), 'kim');
    const mailbox = new HostileMailbox(relay.connect('ana'));
    const ana: SealClient = await createUser(mailbox, 'ana');
    const toKim = await lee.send({ to: ['kim'], subject: 'For Kim', body: 'Not for Ana' });
    const toAna = await lee.send({ to: ['ana'], subject: 'For Ana', body: 'Hello Ana' });
    await waitFor(async () => (await lee.listOutbox()).length === 0, 10_000, 'delivery');
    const stored = (id: string) => relay.envelopes().find((envelope) => envelope.id === id)!;
    mailbox.serve(stored(toKim.id), stored(toAna.id));
    expect(await ana.sync()).to.equal(1);
    expect((await ana.listMessages(toKim.threadId)).items).to.deep.equal([]);
    expect((await ana.openMessage(toAna.id)).status).to.equal('signer-unverified');
  });

  describe('the reference relay', () => {
    const ana = { userId: `ana-${uuid().slice(0, 8)}`, password: uuid(), displayName: 'Ana Ruiz', role: 'Patient' };
    const lee = { userId: `dr-lee-${uuid().slice(0, 8)}`, password: uuid(), displayName: 'Dr. Lee', role: 'Clinician' };
    let url: string;
    before(async function () {
      this.timeout(120_000);
      url = await startRelay([ana, lee]);
    });
    after(() => stopRelay(url));

    it('refuses a time that a clock cannot read, so it never stores one', async () => {
      const { token } = await loginToRelay(url, ana.userId, ana.password);
      const transport = new HttpTransport({ baseUrl: url, getAuthToken: () => token, retry: { attempts: 1 } });
      try {
        for (const createdAt of ['2024-01-01T00:00:00+01', '2024-02-30T00:00:00.000Z', '2024-01-01T00:00:00Z']) {
          const envelope = { id: uuid(), threadId: uuid(), from: ana.userId, to: [lee.userId], createdAt, ciphertext: 'x', size: 1 };
          let refused: { code?: string; retryable?: boolean; details?: { status?: number } } | null = null;
          await transport.send(envelope).catch((error: unknown) => (refused = error as typeof refused));
          expect(refused, createdAt).to.not.equal(null);
          expect(refused!.details?.status, createdAt).to.equal(400);
          expect(refused!.retryable).to.equal(false);
          expect((refused as unknown as Error).message, createdAt).to.contain('createdAt');
        }
        // The same envelope with a time as Sealbox writes it is stored.
        await transport.send({ id: uuid(), threadId: uuid(), from: ana.userId, to: [lee.userId], createdAt: new Date().toISOString(), ciphertext: 'x', size: 1 });
        expect((await transport.fetch({ after: null, limit: 10 })).envelopes).to.have.length(1);
      } finally {
        transport.close();
      }
    });
  });
});
