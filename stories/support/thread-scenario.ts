/**
 * Story setup for `<seal-thread>`: a long conversation, a message a hostile server forged (unsigned),
 * and Ana on a network that goes offline or refuses her messages.
 */
import * as openpgp from 'openpgp';
import { createSealClient, transportError, type SealClient } from '../../src/index.js';
import type { DeliveredEnvelope, OutgoingEnvelope, SealTransport, SubscribeOptions, Unsubscribe } from '../../src/transport/transport.js';
import { wrap } from './inbox-scenario.js';
import { createScenario, PEOPLE, STORY_PASSPHRASE, type Scenario, type ScenarioMessage } from './scenario.js';

/** `count` messages between Ana and Dr. Lee in one thread, about a few subjects. */
export function longConversation(count: number): ScenarioMessage[] {
  const subjects = ['Blood sugar diary', 'Blood sugar diary', 'Blood sugar diary', 'Change of dose'];
  return Array.from({ length: count }, (_, i) => {
    const fromAna = i % 2 === 0;
    const subject = subjects[Math.floor(i / 16) % subjects.length]!;
    return {
      from: fromAna ? 'ana' : 'dr-lee',
      to: [fromAna ? 'dr-lee' : 'ana'],
      subject: i % 16 === 0 ? subject : `Re: ${subject}`,
      body: fromAna ? `Day ${i / 2 + 1}: fasting 6.${i % 9}, after lunch 7.${(i + 3) % 9}.` : `Thanks, Ana. Reading ${i} noted.`,
      thread: 'diary',
    };
  });
}

/**
 * A hostile server stores an envelope that claims to come from Dr. Lee, in the labs thread, encrypted
 * to Ana but not signed. Ana's client withholds it as "Invalid signature". Resolves to its id.
 */
export async function injectUnsignedMessage(scenario: Scenario, thread = 'labs'): Promise<string> {
  const published = await scenario.relay.connect('server-lookup').lookupKey('ana');
  const anaKey = await openpgp.readKey({ armoredKey: published!.armoredKey });
  const id = crypto.randomUUID();
  const routing = { id, threadId: scenario.threadIds[thread]!, from: 'dr-lee', to: ['ana'], createdAt: new Date().toISOString() };
  const text = JSON.stringify({ v: 1, ...routing, subject: 'Urgent: confirm your card number', body: 'Reply with your card number to keep your appointment.' });
  const ciphertext = (await openpgp.encrypt({ message: await openpgp.createMessage({ text }), encryptionKeys: anaKey })) as string;
  await scenario.relay.connect('dr-lee').send({ ...routing, ciphertext, size: new TextEncoder().encode(ciphertext).byteLength });
  await scenario.me.sync();
  return id;
}

/** Ana's client, except that reading a thread never finishes (the loading state). */
export function neverLoadingThread(client: SealClient): SealClient {
  return wrap(client, { listMessages: () => new Promise(() => {}) });
}

/** Wraps Ana's real transport: `offline` fails every call like a lost network, `refuseSends` has the backend refuse messages. */
export class ThreadStoryTransport implements SealTransport {
  offline = false;
  refuseSends = false;

  constructor(readonly inner: SealTransport) {}

  publishKey(...args: Parameters<SealTransport['publishKey']>) {
    return this.#online(() => this.inner.publishKey(...args));
  }

  lookupKey(userId: string) {
    return this.#online(() => this.inner.lookupKey(userId));
  }

  send(envelope: OutgoingEnvelope): Promise<void> {
    return this.#online(() => {
      if (this.refuseSends) throw transportError('The message was refused', { retryable: false, status: 422 });
      return this.inner.send(envelope);
    });
  }

  fetch(...args: Parameters<SealTransport['fetch']>) {
    return this.#online(() => this.inner.fetch(...args));
  }

  subscribe(listener: (envelope: DeliveredEnvelope) => void, options?: SubscribeOptions): Unsubscribe {
    return this.inner.subscribe!(listener, options);
  }

  async #online<T>(call: () => Promise<T> | T): Promise<T> {
    if (this.offline) throw transportError('Network unreachable', { retryable: true });
    return call();
  }
}

export interface DeliveryScenario extends Scenario {
  transport: ThreadStoryTransport;
  /** The labs thread between Ana and Dr. Lee. */
  threadId: string;
  /** The reply Ana sent while the network misbehaved. */
  pendingId: string;
}

/**
 * Ana on a {@link ThreadStoryTransport}, in a thread with Dr. Lee, who then replies while `network` is
 * `offline` (the reply waits in the outbox, queued) or `refusing` (delivery failed; Retry). The
 * scenario's `me` is Ana; `clients['dr-lee']` receives what gets through.
 */
export async function createDeliveryScenario(network: 'offline' | 'refusing'): Promise<DeliveryScenario> {
  const scenario = await createScenario({ me: 'dr-lee', people: ['dr-lee'] });
  const transport = new ThreadStoryTransport(scenario.relay.connect('ana', PEOPLE.ana));
  const databaseName = `sealbox-story:ana:${crypto.randomUUID()}`;
  const ana: SealClient = await createSealClient({
    transport,
    userId: 'ana',
    displayName: PEOPLE.ana!.displayName,
    role: PEOPLE.ana!.role,
    databaseName,
    keyProtection: 'iterated',
    pollIntervalMs: 0,
    // Retries wait long enough for a story (or a test) to look at the queued state.
    outbox: { baseDelayMs: 60_000 },
  });
  await ana.createIdentity(STORY_PASSPHRASE);
  const lee = scenario.clients['dr-lee']!;
  const first = await ana.send({ to: ['dr-lee'], subject: 'Question about my lab results', body: 'My A1C came back at 6.1. Is that something to worry about?' });
  await until(async () => (await ana.listOutbox()).length === 0);
  await lee.sync();
  await lee.send({ to: ['ana'], subject: 'Re: Question about my lab results', body: 'It is in the prediabetes range. Let’s talk on Tuesday.', threadId: first.threadId, replyTo: first.id });
  await until(async () => (await lee.listOutbox()).length === 0);
  await ana.sync();

  transport.offline = network === 'offline';
  transport.refuseSends = network === 'refusing';
  const pending = await ana.send({ to: ['dr-lee'], subject: 'Re: Question about my lab results', body: 'Thank you. Should I change my diet before Tuesday?', threadId: first.threadId });
  await until(async () => (await ana.listOutbox()).some((item) => item.id === pending.id && item.state !== 'sending'));

  const dispose = scenario.dispose.bind(scenario);
  scenario.dispose = async () => {
    ana.close();
    await dispose();
    await new Promise<void>((resolve) => {
      const request = indexedDB.deleteDatabase(databaseName);
      request.onsuccess = request.onerror = request.onblocked = () => resolve();
    });
  };
  scenario.me = ana;
  scenario.clients.ana = ana;
  scenario.threadIds.labs = first.threadId;
  return Object.assign(scenario, { transport, threadId: first.threadId, pendingId: pending.id });
}

async function until(check: () => Promise<boolean>): Promise<void> {
  for (let i = 0; i < 500 && !(await check()); i += 1) await new Promise((r) => setTimeout(r, 10));
}
