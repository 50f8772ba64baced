// The headless engine, end to end: two clients on one in-memory relay, everything real but the network.
import { createSealClient, formatFingerprint, MemoryRelay, type OpenedMessage, type SealClient } from '../src/index.js';

const STATUS_WORDS: Record<OpenedMessage['status'], string> = {
  verified: 'Verified sender',
  'signer-unverified': 'Signed by the key pinned for this sender (not yet verified)',
  'key-changed': "Signed by a new key for this sender: check before trusting",
  invalid: 'Invalid: content withheld',
};

const relay = new MemoryRelay();
const people = [
  { userId: 'ana', displayName: 'Ana Ruiz', role: 'Patient', peer: 'dr-lee' },
  { userId: 'dr-lee', displayName: 'Dr. Lee', role: 'Clinician', peer: 'ana' },
];

function text(tag: string, content: string, className?: string): HTMLElement {
  const node = document.createElement(tag);
  node.textContent = content;
  if (className) node.className = className;
  return node;
}

function renderRelay(): void {
  const list = document.querySelector('.stored')!;
  list.replaceChildren(
    ...relay.envelopes().map((envelope) => {
      const item = document.createElement('li');
      item.append(
        text('div', `from ${envelope.from} to ${envelope.to.join(', ')} at ${envelope.createdAt}, ${envelope.size} bytes`),
        text('code', envelope.ciphertext),
      );
      return item;
    }),
  );
}

async function setUp(person: (typeof people)[number]): Promise<SealClient> {
  const section = document.querySelector<HTMLElement>(`[data-user="${person.userId}"]`)!;
  const state = section.querySelector('.state')!;
  state.textContent = 'Creating an identity (key generation runs in a worker)...';
  const client = await createSealClient({
    transport: relay.connect(person.userId, { displayName: person.displayName, role: person.role }),
    userId: person.userId,
    displayName: person.displayName,
    role: person.role,
    databaseName: `sealbox-demo:${person.userId}:${crypto.randomUUID()}`,
  });
  // A demo passphrase; real users choose their own in <seal-unlock>.
  await client.createIdentity(crypto.randomUUID());
  state.textContent = 'Identity created and unlocked.';
  section.querySelector('.fingerprint')!.textContent = `Fingerprint: ${formatFingerprint(client.fingerprint!)}`;

  section.querySelector('form')!.addEventListener('submit', async (event) => {
    event.preventDefault();
    const form = event.currentTarget as HTMLFormElement;
    const data = new FormData(form);
    state.textContent = 'Encrypting and sending...';
    try {
      await client.send({ to: [person.peer], subject: String(data.get('subject')), body: String(data.get('body')) });
      state.textContent = 'Sent.';
    } catch (error) {
      state.textContent = `Not sent: ${(error as Error).message}`;
    }
  });

  client.addEventListener('message-received', async (event) => {
    const opened = await client.openMessage(event.messageId);
    const item = document.createElement('li');
    item.append(text('div', STATUS_WORDS[opened.status], 'status'));
    if (opened.status !== 'invalid') item.append(text('strong', opened.subject), text('p', opened.body));
    section.querySelector('.inbox')!.append(item);
  });
  client.addEventListener('outbox-change', renderRelay);
  return client;
}

for (const person of people) await setUp(person);
renderRelay();
