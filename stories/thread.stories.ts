import type { Meta, StoryObj } from '@storybook/web-components-vite';
import { html, nothing } from 'lit';
import { ref } from 'lit/directives/ref.js';
import '../src/elements/provider/seal-provider.js';
import '../src/elements/thread/seal-thread.js';
import type { SealClient } from '../src/index.js';
import { chooseWhenReady, damagedPdfBytes, everydayFiles, passwordPdfBytes } from './support/attachment-files.js';
import { createAttachmentsScenario } from './support/attachments-scenario.js';
import { createKeyChangedScenario } from './support/inbox-scenario.js';
import { CONVERSATION, createScenario, type Scenario } from './support/scenario.js';
import { createDeliveryScenario, injectUnsignedMessage, longConversation, neverLoadingThread } from './support/thread-scenario.js';

interface Args {
  theme: 'light' | 'dark';
  locale: 'en' | 'es';
  width: string;
  maxHeight: string;
  /** Story setup, not element properties: */
  thread: 'labs' | 'reminder' | 'diary' | 'missing' | 'none';
  setup: 'conversation' | 'long' | 'invalid' | 'key-changed' | 'offline' | 'refusing' | 'loading' | 'attachments' | 'attachments-hostile' | 'attachments-tampered' | 'attachments-text-only' | 'attachments-pdf-problems';
  locked: boolean;
  length: number;
  consentRequired: boolean;
  replyFiles: boolean;
  replyDraft: boolean;
}

const meta: Meta<Args> = {
  title: 'Elements/Thread',
  component: 'seal-thread',
  args: { theme: 'light', locale: 'en', width: '40rem', maxHeight: '32rem', thread: 'labs', setup: 'conversation', locked: false, length: 64, consentRequired: false, replyFiles: false, replyDraft: false },
  argTypes: {
    theme: { control: 'inline-radio', options: ['light', 'dark'] },
    locale: { control: 'inline-radio', options: ['en', 'es'] },
    width: { control: 'text' },
    maxHeight: { control: 'text', description: 'Sets `--seal-thread-max-height`.' },
    thread: {
      control: 'select',
      options: ['labs', 'reminder', 'diary', 'missing', 'none'],
      table: { category: 'Story setup' },
      description: 'Which thread `thread-id` names: Ana and Dr. Lee about lab results, Nurse Kim’s reminder, the long diary thread, a thread that does not exist, or none.',
    },
    setup: {
      control: 'select',
      options: ['conversation', 'long', 'invalid', 'key-changed', 'offline', 'refusing', 'loading', 'attachments', 'attachments-hostile', 'attachments-tampered', 'attachments-text-only', 'attachments-pdf-problems'],
      table: { category: 'Story setup' },
      description:
        'The conversation; a long one; one with an unsigned message a hostile server injected; Dr. Lee writing from a new key; Ana’s reply queued while offline; refused by the backend; a thread that never finishes loading; Dr. Lee sending files; files with disguised names and an SVG drawing; files a hostile server altered; Dr. Lee sending files to Ana on a portal that cannot carry them; or a damaged PDF and a password-locked one.',
    },
    locked: { table: { category: 'Story setup' } },
    length: { control: { type: 'number', min: 2, max: 300 }, table: { category: 'Story setup' }, description: 'Messages in the long thread.' },
    consentRequired: { table: { category: 'Story setup' }, description: 'The portal requires consent to its terms, not yet given: reading works, replying waits.' },
    replyFiles: { table: { category: 'Story setup' }, description: 'A PDF, a photo and a note chosen with "Attach files" in the reply box.' },
    replyDraft: { table: { category: 'Story setup' }, description: 'A reply saved earlier as a draft with a photo and a note: the reply box restores it when the thread opens.' },
  },
  parameters: {
    docs: {
      description: {
        component:
          'Ana reads a conversation with her care team and replies. Statuses are in words; message text is shown as text. Scroll up (or press "Load older messages") for older messages.',
      },
    },
  },
  loaders: [
    async ({ args }) => {
      const state = args.locked ? 'locked' : 'unlocked';
      let scenario: Scenario;
      switch (args.setup) {
        case 'long':
          scenario = await createScenario({ messages: longConversation(args.length as number), state });
          break;
        case 'key-changed':
          scenario = await createKeyChangedScenario();
          break;
        case 'offline':
        case 'refusing':
          scenario = await createDeliveryScenario(args.setup);
          break;
        case 'attachments':
        case 'attachments-hostile':
        case 'attachments-tampered':
        case 'attachments-text-only':
        case 'attachments-pdf-problems':
          scenario = await createAttachmentsScenario({
            files: args.setup === 'attachments-hostile' ? 'hostile' : args.setup === 'attachments-pdf-problems' ? pdfProblems() : 'everyday',
            tamper: args.setup === 'attachments-tampered',
            textOnly: args.setup === 'attachments-text-only',
          });
          if (args.locked) await scenario.me.lock();
          break;
        default:
          scenario = await createScenario({ messages: CONVERSATION, verified: ['nurse-kim'], state: args.setup === 'invalid' ? 'unlocked' : state });
          if (args.setup === 'invalid') await injectUnsignedMessage(scenario);
          if (args.setup === 'invalid' && args.locked) await scenario.me.lock();
      }
      if (args.consentRequired) scenario.me.requireConsent({ id: 'secure-messaging-terms', version: '2026-11' });
      const label = args.setup === 'long' && args.thread === 'labs' ? 'diary' : (args.thread as string);
      const threadId = label === 'missing' ? crypto.randomUUID() : (scenario.threadIds[label] ?? null);
      if (args.replyDraft && threadId) await saveReplyDraft(scenario.me, threadId);
      const files = args.replyFiles ? await everydayFiles() : undefined;
      return { scenario, client: args.setup === 'loading' ? neverLoadingThread(scenario.me) : scenario.me, threadId, files };
    },
  ],
  render: (args, { loaded }) => html`
    <seal-provider .client=${loaded.client as SealClient} theme=${args.theme} locale=${args.locale}>
      <div style="max-width: ${args.width}; --seal-thread-max-height: ${args.maxHeight}">
        <seal-thread ${ref(chooseWhenReady(loaded.files as File[] | undefined))} thread-id=${(loaded.threadId as string | null) ?? nothing}></seal-thread>
      </div>
    </seal-provider>
  `,
};
export default meta;

/** A half-written reply to the thread, saved with two files, as the reply box would have saved it. */
async function saveReplyDraft(client: SealClient, threadId: string): Promise<void> {
  const thread = await client.getThread(threadId);
  const [, photo, note] = await everydayFiles();
  await client.saveDraft({
    to: thread?.correspondents ?? [],
    subject: 'Re: Question about my lab results',
    body: 'Here is the photo of the rash and my glucose log from this week.',
    threadId,
    replyTo: thread?.lastMessageId ?? null,
    files: [photo!, note!].map((file, index) => ({ key: `draft-${index}`, file })),
  });
}

/** A PDF whose body is damaged, and one locked with a password. */
const pdfProblems = () => [
  new File([damagedPdfBytes()], 'scan-2026-11.pdf', { lastModified: 1_767_000_000_000 }),
  new File([passwordPdfBytes()], 'insurance-card.pdf', { lastModified: 1_767_000_000_000 }),
];

type Story = StoryObj<Args>;

/** Ana and Dr. Lee about her lab results: names, times, statuses in words, and the reply box. */
export const Conversation: Story = {};

/** A long thread: the newest messages first, older ones load as Ana scrolls up. */
export const LongThread: Story = { args: { setup: 'long', length: 64 } };

/** A hostile server injected an unsigned message: it is withheld, with the reason in words. */
export const InvalidMessage: Story = { args: { setup: 'invalid' } };

/** Dr. Lee wrote from a new key Ana has not accepted: a warning and "Compare fingerprints". */
export const KeyChanged: Story = { args: { setup: 'key-changed' } };

/** Ana replied while offline: the reply waits in the outbox, queued. */
export const QueuedOffline: Story = { args: { setup: 'offline' } };

/** The backend refused Ana’s reply: "Not delivered" and "Retry". */
export const FailedDelivery: Story = { args: { setup: 'refusing' } };

/** Nothing selected yet. */
export const NoThreadSelected: Story = { args: { thread: 'none' } };

/** The thread is still being read. */
export const Loading: Story = { args: { setup: 'loading' } };

/** The thread could not be loaded (it does not exist): the reason in words and "Try again". */
export const LoadError: Story = { args: { thread: 'missing' } };

/** The portal's terms are not yet accepted: Ana can read, and the reply box explains why it waits. */
export const ConsentRequired: Story = { args: { consentRequired: true } };

/** Sealbox is locked: no message content is shown. */
export const Locked: Story = { args: { locked: true } };

/** The same conversation in Spanish. */
export const Spanish: Story = { args: { locale: 'es' } };

/** Dark theme tokens from `<seal-provider theme="dark">`. */
export const Dark: Story = { args: { theme: 'dark', setup: 'key-changed' } };

/** Narrow: 320 px. */
export const Narrow: Story = { args: { width: '320px' } };

/** Outside a `<seal-provider>` and without a `client`: the thread says so. */
export const NoClient: Story = {
  render: (args) => html`<div style="max-width: ${args.width}"><seal-thread></seal-thread></div>`,
};

/** Presses a button of the thread by its accessible name once it shows. */
async function press(canvasElement: HTMLElement, name: string): Promise<void> {
  const thread = canvasElement.querySelector('seal-thread')!;
  for (let i = 0; i < 200; i += 1) {
    const found = [...(thread.shadowRoot?.querySelectorAll('button') ?? [])].find((button) => button.getAttribute('aria-label') === name);
    if (found) return found.click();
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

/** Dr. Lee sent a PDF, a photo and a note: name, type, size and status, with "Download" for each. */
export const AttachmentsReceived: Story = { args: { setup: 'attachments' } };

/** The photo downloaded, verified and previewed inside the thread; "Save" offers the file. */
export const AttachmentsPreview: Story = {
  args: { setup: 'attachments' },
  play: async ({ canvasElement }) => {
    await press(canvasElement, 'Download rash-photo.png');
    await press(canvasElement, 'Preview rash-photo.png');
  },
};

/** The two-page referral letter downloaded, verified and drawn inside the thread a page at a time, with Previous and Next. */
export const AttachmentsPdfPreview: Story = {
  args: { setup: 'attachments' },
  play: async ({ canvasElement }) => {
    await press(canvasElement, 'Download referral-letter.pdf');
    await press(canvasElement, 'Preview referral-letter.pdf');
  },
};

/** Names that disguise their files (a right-to-left override, a double extension, hidden characters), and an SVG drawing that is only ever offered as a download. */
export const AttachmentsHostileNames: Story = { args: { setup: 'attachments-hostile' } };

/** A hostile server altered the letter: after "Download" it fails verification, says why in words and is not offered. */
export const AttachmentsTampered: Story = {
  args: { setup: 'attachments-tampered' },
  play: async ({ canvasElement }) => press(canvasElement, 'Download referral-letter.pdf'),
};

/** PDFs that are genuine (signed and verified) but cannot be drawn: the preview says why in words and points to Save. */
export const AttachmentsPdfProblems: Story = {
  args: { setup: 'attachments-pdf-problems' },
  play: async ({ canvasElement }) => {
    for (const name of ['scan-2026-11.pdf', 'insurance-card.pdf']) {
      await press(canvasElement, `Download ${name}`);
      await press(canvasElement, `Preview ${name}`);
    }
  },
};

/** Ana replies with files chosen in the reply box. */
export const ReplyWithFiles: Story = { args: { replyFiles: true } };

/** A reply saved as a draft with two files: the thread restores the text and the files, verified. */
export const ReplyDraftWithFiles: Story = { args: { replyDraft: true } };

/** Received files and a reply with files, in Spanish. */
export const AttachmentsSpanish: Story = { args: { setup: 'attachments', replyFiles: true, locale: 'es' } };

/** Ana's portal cannot carry files: the reply box has no "Attach files", and "Download" fails saying why in words. */
export const AttachmentsNotSupported: Story = {
  args: { setup: 'attachments-text-only' },
  play: async ({ canvasElement }) => press(canvasElement, 'Download referral-letter.pdf'),
};
