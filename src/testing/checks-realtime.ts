/**
 * Realtime delivery. It is a hint (the client still pages with fetch), so these checks ask only that a
 * live subscription hears about new envelopes for its user, hears nothing for others, and stops.
 */
import { assert, assertEqual, show } from './assert.js';
import type { CheckGroup } from './check.js';
import { contractFields, idsOf } from './context.js';

export const realtime: CheckGroup = {
  name: 'subscribe',
  checks: [
    {
      name: 'delivers a new envelope to its recipient and its sender, as fetch returns it',
      needs: ['subscribe'],
      async run(c) {
        const [ana, lee] = [await c.connect('ana'), await c.connect('lee')];
        const [toAna, toLee] = [await c.subscribe(ana, 'ana'), await c.subscribe(lee, 'lee')];
        const envelope = c.envelope('ana', ['lee']);
        await ana.send(envelope);
        for (const deliveries of [toLee, toAna]) {
          const delivered = await deliveries.arrival(envelope.id);
          assertEqual(contractFields(delivered), envelope, `the envelope delivered to ${deliveries.who}`);
          assert(typeof delivered.cursor === 'string' && delivered.cursor.length > 0, `the envelope delivered to ${deliveries.who} needs a cursor, got ${show(delivered.cursor)}`);
        }
      },
    },
    {
      name: 'delivers nothing to a user an envelope is not for',
      needs: ['subscribe'],
      async run(c) {
        const [ana, carol] = [await c.connect('ana'), await c.connect('carol')];
        const toCarol = await c.subscribe(carol, 'carol');
        const notHers = c.envelope('ana', ['lee']);
        await ana.send(notHers);
        // Deliveries on one subscription come in storage order: once Carol has the later envelope
        // for her, she would already have had the earlier one.
        const hers = c.envelope('ana', ['carol']);
        await ana.send(hers);
        await toCarol.arrival(hers.id);
        assert(!toCarol.ids().includes(notHers.id), `carol was delivered envelope ${notHers.id}, sent from ana to lee only`);
      },
    },
    {
      name: 'stops delivering after unsubscribe, which is safe to call twice',
      needs: ['subscribe'],
      async run(c) {
        const [ana, lee] = [await c.connect('ana'), await c.connect('lee')];
        const [stopped, kept] = [await c.subscribe(lee, 'lee (first subscription)'), await c.subscribe(lee, 'lee (second subscription)')];
        const first = c.envelope('ana', ['lee']);
        await ana.send(first);
        await stopped.arrival(first.id);
        await kept.arrival(first.id);
        stopped.unsubscribe();
        stopped.unsubscribe();
        const second = c.envelope('ana', ['lee']);
        await ana.send(second);
        await kept.arrival(second.id);
        assertEqual(idsOf(stopped.received), [first.id], 'envelopes delivered to a subscription after it was unsubscribed');
      },
    },
    {
      name: "close() ends the transport's subscriptions, while the user's other transports go on",
      needs: ['subscribe', 'close'],
      async run(c) {
        const [ana, lee, leeAgain] = [await c.connect('ana'), await c.connect('lee'), await c.connect('lee')];
        const [closed, open] = [await c.subscribe(lee, 'lee (closed transport)'), await c.subscribe(leeAgain, 'lee (second transport)')];
        c.close(lee);
        const envelope = c.envelope('ana', ['lee']);
        await ana.send(envelope);
        await open.arrival(envelope.id);
        assertEqual(idsOf(closed.received), [], 'envelopes delivered through a closed transport');
        assertEqual(idsOf(await c.mailbox(leeAgain, 'lee')), [envelope.id], "lee's mailbox through the other transport");
      },
    },
  ],
};
