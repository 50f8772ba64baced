/**
 * Real Sealbox clients for stories and tests: people with identities on an in-memory relay, and
 * conversations actually encrypted, sent and synced. What a story shows is what the engine produces.
 */
import type { AttachmentLimits } from '../../src/core/attachments/limits.js';
import { createSealClient, MemoryRelay, type SealClient } from '../../src/index.js';
import type { SealTransport } from '../../src/transport/transport.js';

export const STORY_PASSPHRASE = 'story passphrase 2468';

export const PEOPLE: Record<string, { displayName: string; role: string }> = {
  ana: { displayName: 'Ana Ruiz', role: 'Patient' },
  'dr-lee': { displayName: 'Dr. Lee', role: 'Clinician' },
  'nurse-kim': { displayName: 'Nurse Kim', role: 'Nurse' },
  'dr-okonkwo-featherstonehaugh': { displayName: 'Dr. Adaeze Okonkwo-Featherstonehaugh de la Cruz', role: 'Consultant Endocrinologist' },
};

export interface ScenarioMessage {
  from: string;
  to: string[];
  subject: string;
  body: string;
  /** Messages with the same label share a thread. */
  thread?: string;
}

export interface ScenarioSpec {
  /** The user the story shows. Default `ana`. */
  me?: string;
  /** Everyone with an identity. Default: `me` plus the senders and recipients of `messages`. */
  people?: string[];
  messages?: ScenarioMessage[];
  /** Contacts `me` has verified by fingerprint. */
  verified?: string[];
  /** People who get a new key after the conversation; `me` sees it as a key change. */
  keyChanged?: string[];
  /** What `me` looks like when the story starts. Default `unlocked`. */
  state?: 'unlocked' | 'locked' | 'locked-out' | 'no-identity';
  /** Everyone's attachment limits, where a story needs other than the defaults. */
  attachmentLimits?: Partial<AttachmentLimits>;
  /** Puts something between a person's client and the relay (a misbehaving network or server). */
  wrapTransport?: (userId: string, transport: SealTransport) => SealTransport;
}

export interface Scenario {
  relay: MemoryRelay;
  me: SealClient;
  clients: Record<string, SealClient>;
  /** Message ids in `messages` order. */
  messageIds: string[];
  threadIds: Record<string, string>;
  /** Each person's IndexedDB database name (the latest one, for people whose key changed). */
  databaseNames: Record<string, string>;
  dispose(): Promise<void>;
}

const live = new Set<Scenario>();

async function open(relay: MemoryRelay, userId: string, spec: ScenarioSpec): Promise<{ client: SealClient; databaseName: string }> {
  const profile = PEOPLE[userId] ?? { displayName: userId, role: 'Patient' };
  const databaseName = `sealbox-story:${userId}:${crypto.randomUUID()}`;
  const transport = relay.connect(userId, profile);
  const client = await createSealClient({
    transport: spec.wrapTransport ? spec.wrapTransport(userId, transport) : transport,
    userId,
    displayName: profile.displayName,
    role: profile.role,
    databaseName,
    keyProtection: 'iterated',
    pollIntervalMs: 0,
    lockout: { baseDelayMs: 5 * 60_000 },
    ...(spec.attachmentLimits ? { attachmentLimits: spec.attachmentLimits } : {}),
  });
  return { client, databaseName };
}

async function drained(client: SealClient): Promise<void> {
  for (let i = 0; i < 200 && (await client.listOutbox()).length > 0; i += 1) await new Promise((r) => setTimeout(r, 10));
}

export async function createScenario(spec: ScenarioSpec = {}): Promise<Scenario> {
  const meId = spec.me ?? 'ana';
  const messages = spec.messages ?? [];
  const people = new Set(spec.people ?? [meId, ...messages.flatMap((m) => [m.from, ...m.to])]);
  people.add(meId);
  const relay = new MemoryRelay();
  const clients: Record<string, SealClient> = {};
  const databases: string[] = [];
  const databaseNames: Record<string, string> = {};
  for (const userId of people) {
    const { client, databaseName } = await open(relay, userId, spec);
    databases.push(databaseName);
    databaseNames[userId] = databaseName;
    if (userId !== meId || spec.state !== 'no-identity') await client.createIdentity(STORY_PASSPHRASE);
    clients[userId] = client;
  }

  const threadIds: Record<string, string> = {};
  const messageIds: string[] = [];
  for (const message of messages) {
    const sender = clients[message.from]!;
    const threadId = message.thread ? threadIds[message.thread] : undefined;
    const sent = await sender.send({ to: message.to, subject: message.subject, body: message.body, ...(threadId ? { threadId } : {}) });
    if (message.thread) threadIds[message.thread] ??= sent.threadId;
    messageIds.push(sent.id);
    await drained(sender);
    // Keep timestamps distinct so ordering is stable.
    await new Promise((r) => setTimeout(r, 2));
  }
  const me = clients[meId]!;
  if (spec.state !== 'no-identity') {
    await me.sync();
    for (const id of messageIds) await me.openMessage(id).catch(() => undefined);
    for (const userId of spec.verified ?? []) {
      const contact = await me.getContact(userId);
      if (contact) await me.verifyContact(userId, contact.fingerprint);
    }
  }
  for (const userId of spec.keyChanged ?? []) {
    // A new device for this person: a fresh identity replaces the published key.
    const { client, databaseName } = await open(relay, userId, spec);
    databases.push(databaseName);
    await client.createIdentity(STORY_PASSPHRASE);
    clients[userId] = client;
    await me.refreshContact(userId).catch(() => undefined);
  }
  if (spec.state === 'locked' || spec.state === 'locked-out') await me.lock();
  if (spec.state === 'locked-out') {
    for (let i = 0; i < 5; i += 1) await me.unlock(`wrong guess ${i}`).catch(() => undefined);
  }

  const scenario: Scenario = {
    relay,
    me,
    clients,
    messageIds,
    threadIds,
    databaseNames,
    async dispose() {
      live.delete(scenario);
      for (const client of Object.values(clients)) client.close();
      await Promise.all(databases.map((name) => new Promise<void>((resolve) => {
        const request = indexedDB.deleteDatabase(name);
        request.onsuccess = request.onerror = request.onblocked = () => resolve();
      })));
    },
  };
  live.add(scenario);
  return scenario;
}

/** Closes every scenario still open (tests call it after each case). */
export async function disposeScenarios(): Promise<void> {
  await Promise.all([...live].map((scenario) => scenario.dispose()));
}

/** A short realistic conversation between Ana and Dr. Lee. */
export const CONVERSATION: ScenarioMessage[] = [
  { from: 'ana', to: ['dr-lee'], subject: 'Question about my lab results', body: 'Hello Dr. Lee,\nMy A1C came back at 6.1. Is that something to worry about?', thread: 'labs' },
  { from: 'dr-lee', to: ['ana'], subject: 'Re: Question about my lab results', body: "Hi Ana, 6.1 is in the prediabetes range. It is very manageable; let's talk about it on Tuesday.", thread: 'labs' },
  { from: 'nurse-kim', to: ['ana'], subject: 'Appointment reminder', body: 'Your appointment is on Tuesday at 10:30. Please bring your glucose log.', thread: 'reminder' },
];
