/** Sending, paging, cursors and who sees what: the part of the contract every adapter implements. */
import type { SealTransport } from '../transport/transport.js';
import { assert, assertEqual, expectTransportError } from './assert.js';
import type { CheckGroup } from './check.js';
import { contractFields, idsOf, type CheckContext, type User } from './context.js';

/** Sends `count` envelopes from `from` to `to`, one after another; resolves with their ids. */
async function sendMany(c: CheckContext, sender: SealTransport, from: User, to: User[], count: number): Promise<string[]> {
  const sent: string[] = [];
  for (let i = 0; i < count; i += 1) {
    const envelope = c.envelope(from, to);
    await sender.send(envelope);
    sent.push(envelope.id);
  }
  return sent;
}

async function assertStoredIds(c: CheckContext, expected: string[], what: string): Promise<void> {
  if (c.session.storedEnvelopes) assertEqual(idsOf(await c.session.storedEnvelopes()), expected, `${what} (storedEnvelopes)`);
}

export const sending: CheckGroup = {
  name: 'send',
  checks: [
    {
      name: 'stores an envelope that sender and recipient fetch back unchanged',
      async run(c) {
        const [ana, lee] = [await c.connect('ana'), await c.connect('lee')];
        const envelope = c.envelope('ana', ['lee']);
        await ana.send(envelope);
        for (const [transport, who] of [[ana, 'ana'], [lee, 'lee']] as const) {
          const page = await c.page(transport, who, { after: null, limit: 10 });
          assertEqual(page.envelopes.map(contractFields), [envelope], `the envelopes ${who} fetched`);
          assertEqual(page.hasMore, false, `hasMore of ${who}'s only page`);
        }
        await assertStoredIds(c, [envelope.id], 'stored envelopes');
      },
    },
    {
      name: 'is idempotent by id: an envelope sent again, or twice at once, is stored once',
      async run(c) {
        const [ana, lee] = [await c.connect('ana'), await c.connect('lee')];
        const first = c.envelope('ana', ['lee']);
        await ana.send(first);
        await ana.send({ ...first, to: [...first.to] });
        const second = c.envelope('ana', ['lee']);
        await Promise.all([ana.send(second), ana.send({ ...second })]);
        for (const [transport, who] of [[ana, 'ana'], [lee, 'lee']] as const) {
          assertEqual(idsOf(await c.mailbox(transport, who)), [first.id, second.id], `${who}'s mailbox after repeated sends`);
        }
        await assertStoredIds(c, [first.id, second.id], 'stored envelopes after repeated sends');
      },
    },
    {
      name: 'refuses different content under a stored id, non-retryably, keeping the first',
      async run(c) {
        const [ana, lee] = [await c.connect('ana'), await c.connect('lee')];
        const envelope = c.envelope('ana', ['lee']);
        await ana.send(envelope);
        const other = c.envelope('ana', ['lee'], { id: envelope.id });
        await expectTransportError(() => ana.send(other), false, 'sending other content under a stored id');
        const hijack = c.envelope('lee', ['ana'], { id: envelope.id });
        await expectTransportError(() => lee.send(hijack), false, "another user sending under a stored envelope's id");
        for (const [transport, who] of [[ana, 'ana'], [lee, 'lee']] as const) {
          assertEqual((await c.mailbox(transport, who)).map(contractFields), [envelope], `${who}'s mailbox after the conflicts`);
        }
      },
    },
  ],
};

export const paging: CheckGroup = {
  name: 'fetch and cursors',
  checks: [
    {
      name: 'gives an empty mailbox an empty first page with cursor null',
      async run(c) {
        const page = await c.page(await c.connect('ana'), 'ana', { after: null, limit: 10 });
        assertEqual(page, { envelopes: [], cursor: null, hasMore: false }, 'the first page of an empty mailbox');
      },
    },
    {
      name: 'pages oldest first with no gap or duplicate, and cursors unique',
      async run(c) {
        const [ana, lee] = [await c.connect('ana'), await c.connect('lee')];
        const sent = await sendMany(c, ana, 'ana', ['lee'], 25);
        const received = await c.mailbox(lee, 'lee', 10);
        assertEqual(idsOf(received), sent, "lee's mailbox paged 10 at a time");
        assertEqual(new Set(received.map((envelope) => envelope.cursor)).size, 25, 'distinct cursors among 25 envelopes');
        assertEqual(idsOf(await c.mailbox(ana, 'ana', 7)), sent, "ana's mailbox (as sender) paged 7 at a time");
      },
    },
    {
      name: "fetches the same envelopes again after the same cursor, and resumes after any envelope's cursor",
      async run(c) {
        const [ana, lee] = [await c.connect('ana'), await c.connect('lee')];
        const sent = await sendMany(c, ana, 'ana', ['lee'], 6);
        const all = await c.mailbox(lee, 'lee', 3);
        for (const k of [0, 2, 4]) {
          const rest = await c.mailbox(lee, 'lee', 10, all[k].cursor);
          assertEqual(idsOf(rest), sent.slice(k + 1), `envelopes after the cursor of envelope ${k + 1} of 6`);
          const again = await c.mailbox(lee, 'lee', 10, all[k].cursor);
          assertEqual(again, rest, `the same fetch after the cursor of envelope ${k + 1} repeated`);
        }
      },
    },
    {
      name: 'returns an empty page with a cursor at the end, then the envelopes that arrive after',
      async run(c) {
        const [ana, lee] = [await c.connect('ana'), await c.connect('lee')];
        await sendMany(c, ana, 'ana', ['lee'], 3);
        const last = (await c.mailbox(lee, 'lee')).at(-1)!;
        const end = await c.page(lee, 'lee', { after: last.cursor, limit: 10 });
        assertEqual([end.envelopes.length, end.hasMore], [0, false], 'envelopes and hasMore of the page after the newest envelope');
        const late = await sendMany(c, ana, 'ana', ['lee'], 2);
        assertEqual(idsOf(await c.mailbox(lee, 'lee', 10, end.cursor)), late, "envelopes after the end page's cursor");
        assertEqual(idsOf(await c.mailbox(lee, 'lee', 10, last.cursor)), late, "envelopes after the last envelope's cursor");
      },
    },
    {
      name: "skips other users' envelopes without losing its place",
      async run(c) {
        const [ana, lee, carol] = [await c.connect('ana'), await c.connect('lee'), await c.connect('carol')];
        const forLee: string[] = [];
        const forCarol: string[] = [];
        for (let i = 0; i < 6; i += 1) {
          const envelope = c.envelope('ana', [i % 2 === 0 ? 'lee' : 'carol']);
          await ana.send(envelope);
          (i % 2 === 0 ? forLee : forCarol).push(envelope.id);
        }
        assertEqual(idsOf(await c.mailbox(lee, 'lee', 1)), forLee, "lee's mailbox paged one at a time");
        assertEqual(idsOf(await c.mailbox(carol, 'carol', 2)), forCarol, "carol's mailbox paged two at a time");
      },
    },
    {
      name: 'refuses a cursor it never issued with a non-retryable TRANSPORT error',
      async run(c) {
        const ana = await c.connect('ana');
        await ana.send(c.envelope('ana', ['lee']));
        for (const after of ['not-a-cursor', crypto.randomUUID()]) {
          await expectTransportError(() => ana.fetch({ after, limit: 10 }), false, `fetching after the unknown cursor "${after}"`);
        }
      },
    },
    {
      name: 'rejects a fetch whose signal is already aborted with a retryable TRANSPORT error',
      async run(c) {
        const controller = new AbortController();
        controller.abort();
        const ana = await c.connect('ana');
        await expectTransportError(() => ana.fetch({ after: null, limit: 10, signal: controller.signal }), true, 'an aborted fetch');
      },
    },
  ],
};

export const accessControl: CheckGroup = {
  name: 'access control',
  checks: [
    {
      name: 'shows each user only the envelopes they sent or received',
      async run(c) {
        const [ana, lee, carol] = [await c.connect('ana'), await c.connect('lee'), await c.connect('carol')];
        const anaToLee = c.envelope('ana', ['lee']);
        const leeToCarol = c.envelope('lee', ['carol']);
        const carolToBoth = c.envelope('carol', ['ana', 'lee']);
        await ana.send(anaToLee);
        await lee.send(leeToCarol);
        await carol.send(carolToBoth);
        assertEqual(idsOf(await c.mailbox(ana, 'ana')), [anaToLee.id, carolToBoth.id], "ana's mailbox");
        assertEqual(idsOf(await c.mailbox(lee, 'lee')), [anaToLee.id, leeToCarol.id, carolToBoth.id], "lee's mailbox");
        assertEqual(idsOf(await c.mailbox(carol, 'carol')), [leeToCarol.id, carolToBoth.id], "carol's mailbox");
      },
    },
    {
      name: 'refuses, non-retryably, an envelope whose sender is not the signed-in user',
      async run(c) {
        const [carol, ana, lee] = [await c.connect('carol'), await c.connect('ana'), await c.connect('lee')];
        await expectTransportError(() => carol.send(c.envelope('ana', ['lee'])), false, 'carol sending an envelope from ana');
        for (const [transport, who] of [[ana, 'ana'], [lee, 'lee'], [carol, 'carol']] as const) {
          assert((await c.mailbox(transport, who)).length === 0, `${who}'s mailbox must stay empty after a refused send`);
        }
        await assertStoredIds(c, [], 'stored envelopes after a refused send');
      },
    },
  ],
};
