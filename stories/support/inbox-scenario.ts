/**
 * Story setup for `<seal-inbox>`: many real threads, a message signed with a changed key, and clients
 * whose mailbox is slow or failing (for the loading and error states).
 */
import { SealError, type SealClient } from '../../src/index.js';
import { CONVERSATION, createScenario, type Scenario, type ScenarioMessage } from './scenario.js';

/** The person in PEOPLE with a very long name and role. */
export const LONG_NAME = 'dr-okonkwo-featherstonehaugh';

const SENDERS = ['dr-lee', 'nurse-kim', LONG_NAME];
const TOPICS = ['Lab results', 'Prescription refill', 'Appointment change', 'Blood pressure log', 'Referral letter', 'Insurance form', 'Follow-up visit'];

/** Ana with `count` threads, each one real encrypted message from one of her care team. */
export async function createManyThreadsScenario(count: number): Promise<Scenario> {
  const scenario = await createScenario({ people: ['ana', ...SENDERS] });
  const sends: Promise<unknown>[] = [];
  for (let i = 0; i < count; i += 1) {
    const sender = scenario.clients[SENDERS[i % SENDERS.length]!]!;
    sends.push(sender.send({ to: ['ana'], subject: `${TOPICS[i % TOPICS.length]} #${i + 1}`, body: `Message ${i + 1} of ${count}.` }));
    // A few at a time keeps the crypto worker and the outbox busy without piling up.
    if (sends.length >= 8) await Promise.all(sends.splice(0));
  }
  await Promise.all(sends);
  await drained(Object.values(scenario.clients));
  await scenario.me.sync();
  return scenario;
}

/** A long conversation mix where names and subjects are long, including a group thread. */
export const LONG_NAMES_CONVERSATION: ScenarioMessage[] = [
  ...CONVERSATION,
  {
    from: LONG_NAME,
    to: ['ana'],
    subject: 'Your endocrinology referral, the questionnaire to fill in before the first consultation, and directions to the clinic',
    body: 'Please fill in the attached questionnaire before your visit.',
    thread: 'referral',
  },
  {
    from: LONG_NAME,
    to: ['ana', 'dr-lee', 'nurse-kim'],
    subject: 'Care team introduction',
    body: 'Hello everyone, I will be joining Ana’s care team.',
    thread: 'team',
  },
];

/**
 * Dr. Lee got a new key (a new device) and wrote again from it: Ana sees the message as "Key changed".
 * Returns the scenario created with `keyChanged: ['dr-lee']`.
 */
export async function createKeyChangedScenario(messages: ScenarioMessage[] = CONVERSATION): Promise<Scenario> {
  const scenario = await createScenario({ messages, keyChanged: ['dr-lee'] });
  const lee = scenario.clients['dr-lee']!;
  await lee.send({
    to: ['ana'],
    subject: 'Re: Question about my lab results',
    body: 'I am writing from my new tablet. Please bring your glucose log on Tuesday.',
    ...(scenario.threadIds.labs ? { threadId: scenario.threadIds.labs } : {}),
  });
  await drained([lee]);
  await scenario.me.sync();
  return scenario;
}

/** Ana's client, except that reading the mailbox never finishes (the loading state). */
export function neverLoading(client: SealClient): SealClient {
  return wrap(client, { listThreads: () => new Promise(() => {}) });
}

/** Ana's client, except that reading the mailbox fails the first `times` times (the error state, then retry). */
export function failingToLoad(client: SealClient, times = 1): SealClient {
  let failures = times;
  return wrap(client, {
    listThreads: (...args: Parameters<SealClient['listThreads']>) => {
      if (failures <= 0) return client.listThreads(...args);
      failures -= 1;
      return Promise.reject(new SealError('STORAGE', 'IndexedDB could not be read'));
    },
  });
}

/** A stand-in for a real client with a few methods replaced; everything else goes to the client. */
export function wrap(client: SealClient, overrides: Partial<Record<keyof SealClient, unknown>>): SealClient {
  return new Proxy(client, {
    get(target, key) {
      if (Object.hasOwn(overrides, key)) return overrides[key as keyof SealClient];
      const value: unknown = Reflect.get(target, key, target);
      return typeof value === 'function' ? value.bind(target) : value;
    },
  });
}

async function drained(clients: SealClient[]): Promise<void> {
  for (const client of clients) {
    for (let i = 0; i < 500 && (await client.listOutbox()).length > 0; i += 1) await new Promise((r) => setTimeout(r, 10));
  }
}
