import type { Meta, StoryObj } from '@storybook/web-components-vite';
import { html, nothing } from 'lit';
import { ref } from 'lit/directives/ref.js';
import '../src/elements/composer/seal-composer.js';
import '../src/elements/provider/seal-provider.js';
import { chooseWhenReady, everydayFiles, hostileFiles, refusedFiles } from './support/attachment-files.js';
import { COMPOSER_DRAFT as DRAFT, createComposerScenario, LONG_NAME, NOT_SET_UP, type ComposerScenario } from './support/composer-scenario.js';
import { CONVERSATION, createScenario, type Scenario } from './support/scenario.js';
import { textOnly } from './support/text-only-transport.js';
import type { SealTransport } from '../src/transport/transport.js';

interface Args {
  recipients: string[];
  noConfirm: boolean;
  theme: 'light' | 'dark';
  locale: 'en' | 'es';
  width: string;
  /** Story setup, not element properties: */
  network: 'relay' | 'offline' | 'slow' | 'refusing' | 'no-directory' | 'uploading';
  keyChanged: boolean;
  locked: boolean;
  draft: boolean;
  draftFiles: boolean;
  consentRequired: boolean;
  files: 'none' | 'everyday' | 'hostile' | 'refused';
  portal: 'files' | 'small-limits' | 'no-files';
}

/** What each `portal` setting configures Ana's client with (on the relay network). */
const PORTALS = {
  files: {},
  'small-limits': { attachmentLimits: { maxFilesPerMessage: 2, maxFileBytes: 1024 } },
  'no-files': { wrapTransport: (userId: string, transport: SealTransport) => (userId === 'ana' ? textOnly(transport) : transport) },
} as const;

const meta: Meta<Args> = {
  title: 'Elements/Composer',
  component: 'seal-composer',
  args: { recipients: [], noConfirm: false, theme: 'light', locale: 'en', width: '40rem', network: 'relay', keyChanged: false, locked: false, draft: false, draftFiles: false, consentRequired: false, files: 'none', portal: 'files' },
  argTypes: {
    recipients: {
      control: 'object',
      description: 'User ids: dr-lee (verified), nurse-kim (not yet verified), dr-okonkwo-featherstonehaugh (new), dr-patel (no secure messaging yet).',
    },
    noConfirm: { name: 'no-confirm' },
    theme: { control: 'inline-radio', options: ['light', 'dark'] },
    locale: { control: 'inline-radio', options: ['en', 'es'] },
    width: { control: 'text' },
    network: {
      control: 'select',
      options: ['relay', 'offline', 'slow', 'refusing', 'no-directory', 'uploading'],
      table: { category: 'Story setup' },
      description: '`uploading` stores two encrypted attachment chunks, then holds the rest (a very slow upload).',
    },
    keyChanged: { table: { category: 'Story setup' }, description: "Nurse Kim's key changes (a new device)." },
    locked: { table: { category: 'Story setup' } },
    draft: { table: { category: 'Story setup' }, description: 'Start from a saved draft addressed to `recipients`.' },
    draftFiles: { table: { category: 'Story setup' }, description: 'The saved draft keeps a photo and a note, restored (decrypted and verified) when it opens.' },
    consentRequired: { table: { category: 'Story setup' }, description: 'The portal requires consent to its terms, not yet given.' },
    files: {
      control: 'select',
      options: ['none', 'everyday', 'hostile', 'refused'],
      table: { category: 'Story setup' },
      description: 'Files chosen with "Attach files": a PDF, a photo and a note; names that disguise their type; or files the limits refuse.',
    },
    portal: {
      control: 'inline-radio',
      options: ['files', 'small-limits', 'no-files'],
      table: { category: 'Story setup' },
      description:
        'What the portal allows (with the `relay` network): files within the default limits; `attachmentLimits` of 2 files of at most 1 kB; or no files at all (its transport has no blob methods).',
    },
  },
  parameters: {
    docs: {
      description: {
        component:
          'Ana writes a new message. Type in "To" (try "lee", "kim" or "okonkwo") to search the directory; each recipient shows their role and whether their key is verified. Sending to anyone not verified asks for confirmation first.',
      },
    },
  },
  loaders: [
    async ({ args }) => {
      const networked: ComposerScenario | null =
        args.network === 'relay'
          ? null
          : await createComposerScenario({ directory: args.network !== 'no-directory', ...(args.network === 'uploading' ? { attachmentChunkSize: 1024 } : {}) });
      const scenario: Scenario =
        networked ??
        (await createScenario({
          people: ['ana', 'dr-lee', 'nurse-kim', LONG_NAME],
          messages: CONVERSATION,
          verified: ['dr-lee'],
          keyChanged: args.keyChanged ? ['nurse-kim'] : [],
          state: args.locked ? 'locked' : 'unlocked',
          ...PORTALS[args.portal as Args['portal']],
        }));
      const draftId = args.draft
        ? (await scenario.me.saveDraft({ to: args.recipients as string[], ...DRAFT, threadId: null, replyTo: null, files: args.draftFiles ? await draftFiles() : [] })).id
        : undefined;
      // Listed in the directory, but without a key.
      scenario.relay.connect(NOT_SET_UP.userId, NOT_SET_UP);
      if (args.consentRequired) scenario.me.requireConsent({ id: 'secure-messaging-terms', version: '2026-11' });
      if (networked) {
        networked.transport.offline = args.network === 'offline';
        networked.transport.refuseSends = args.network === 'refusing';
        networked.transport.stallSends = args.network === 'slow';
        if (args.network === 'uploading') networked.transport.holdUploadsAfter = 2;
      }
      const files = await { none: async () => undefined, everyday: everydayFiles, hostile: async () => hostileFiles(), refused: async () => refusedFiles() }[args.files]();
      return { scenario, draftId, files };
    },
  ],
  render: (args, { loaded }) => html`
    <seal-provider .client=${(loaded.scenario as Scenario).me} theme=${args.theme} locale=${args.locale}>
      <div style="max-width: ${args.width}">
        <seal-composer ${ref(chooseWhenReady(loaded.files as File[] | undefined))} .recipients=${args.recipients} draft-id=${(loaded.draftId as string | undefined) ?? nothing} ?no-confirm=${args.noConfirm}></seal-composer>
      </div>
    </seal-provider>
  `,
};
export default meta;

/** A photo and a note, as the composer would have saved them with a draft. */
async function draftFiles() {
  const [, photo, note] = await everydayFiles();
  return [photo!, note!].map((file, index) => ({ key: `draft-${index}`, file }));
}

type Story = StoryObj<Args>;

/** Presses Send once the composer is ready, to show what follows (tests press it themselves). */
async function pressSend({ canvasElement }: { canvasElement: HTMLElement }): Promise<void> {
  const composer = canvasElement.querySelector('seal-composer')!;
  for (let i = 0; i < 100; i += 1) {
    const ready = composer.shadowRoot?.querySelector('[part~="recipient"]') && !composer.shadowRoot.querySelector('[data-state="checking"]');
    if (ready) break;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  composer.shadowRoot?.querySelector<HTMLButtonElement>('[part~="send-button"]')?.click();
}

/** Waits for the chosen files to be listed, then presses Send. */
async function pressSendWithFiles(context: { canvasElement: HTMLElement }): Promise<void> {
  const composer = context.canvasElement.querySelector('seal-composer')!;
  for (let i = 0; i < 100 && !composer.shadowRoot?.querySelector('[part~="attachment"]'); i += 1) await new Promise((resolve) => setTimeout(resolve, 50));
  await pressSend(context);
}

/** Presses Send, then "Confirm and send" in the misdirected-message guard. */
async function pressSendAndConfirm(context: { canvasElement: HTMLElement }): Promise<void> {
  await pressSend(context);
  const composer = context.canvasElement.querySelector('seal-composer')!;
  for (let i = 0; i < 100 && !composer.shadowRoot?.querySelector('dialog[open]'); i += 1) await new Promise((resolve) => setTimeout(resolve, 50));
  composer.shadowRoot?.querySelector<HTMLButtonElement>('dialog [part~="confirm-button"]')?.click();
}

/** A new, empty message. */
export const NewMessage: Story = {};

/** Addressed to Dr. Lee, whose key Ana verified: Send goes straight through. */
export const VerifiedRecipient: Story = { args: { recipients: ['dr-lee'] } };

/** Nurse Kim's key is pinned but not compared yet: Send asks first. */
export const UnverifiedRecipient: Story = { args: { recipients: ['nurse-kim'] } };

/** Someone Ana has never written to: no key pinned yet. */
export const NewRecipient: Story = { args: { recipients: [LONG_NAME] } };

/** Nurse Kim has a new key: sending needs the key accepted or fingerprints compared. */
export const KeyChanged: Story = { args: { recipients: ['nurse-kim'], keyChanged: true } };

/** The misdirected-message guard, listing who is new or not yet verified. */
export const ConfirmationShown: Story = { args: { recipients: ['dr-lee', 'nurse-kim', LONG_NAME], draft: true }, play: pressSend };

/** A saved draft, resumed through `draft-id`. */
export const ResumeDraft: Story = { args: { recipients: ['dr-lee'], draft: true } };

/** A saved draft with files: the form waits while they are restored, then lists them. */
export const ResumeDraftWithFiles: Story = { args: { recipients: ['dr-lee'], draft: true, draftFiles: true } };

/** Sent while offline: the message waits in the outbox. */
export const QueuedOffline: Story = { args: { recipients: ['dr-lee'], draft: true, network: 'offline' }, play: pressSend };

/** A very slow network: the message is encrypted and in the outbox, still being delivered. */
export const Sending: Story = { args: { recipients: ['dr-lee'], draft: true, network: 'slow' }, play: pressSend };

/** The backend refused the message: Retry or Discard. */
export const FailedDelivery: Story = { args: { recipients: ['dr-lee'], draft: true, network: 'refusing' }, play: pressSend };

/** The portal has no directory: type an exact user id. */
export const NoDirectory: Story = { args: { network: 'no-directory' } };

/** Dr. Patel is in the directory but has not set up secure messaging: the send fails in words. */
export const RecipientNotSetUp: Story = { args: { recipients: [NOT_SET_UP.userId], draft: true }, play: pressSendAndConfirm };

/** The vault is locked: the form is disabled and its content hidden. */
export const Locked: Story = { args: { recipients: ['dr-lee'], locked: true } };

/** Outside a `<seal-provider>` and without a `client`: the composer says so. */
export const NoClient: Story = {
  render: (args) => html`<div style="max-width: ${args.width}"><seal-composer></seal-composer></div>`,
};

/** A very long name and role at 320 px. */
export const LongNames: Story = { args: { recipients: [LONG_NAME, 'dr-lee', 'nurse-kim'], width: '320px' } };

/** The portal's terms are not accepted yet: writing is blocked with a way to the terms. */
export const ConsentRequired: Story = { args: { recipients: ['dr-lee'], consentRequired: true } };

export const Spanish: Story = { args: { recipients: ['dr-lee', 'nurse-kim'], locale: 'es' } };

export const Dark: Story = { args: { recipients: ['dr-lee', 'nurse-kim'], theme: 'dark' } };

/** A PDF, a photo and a note chosen with "Attach files" (or dropped on the form): name, type, size and "Remove". */
export const AttachmentsChosen: Story = { args: { recipients: ['dr-lee'], draft: true, files: 'everyday' } };

/** Names that disguise a file: a right-to-left override, a double extension and hidden characters, shown as text with warnings. */
export const AttachmentsHostileNames: Story = { args: { recipients: ['dr-lee'], files: 'hostile' } };

/** Too large, a type that is not allowed, and one file more than five: what was not attached, and why. */
export const AttachmentsRefused: Story = { args: { recipients: ['dr-lee'], files: 'refused' } };

/** Sent with files on a very slow network: encrypted, in the outbox, the upload of its attachments under way. */
export const AttachmentsUploading: Story = { args: { recipients: ['dr-lee'], draft: true, files: 'everyday', network: 'uploading' }, play: pressSendWithFiles };

/** The backend refused the message with its files: "Failed to send", Retry or Discard. */
export const AttachmentsFailed: Story = { args: { recipients: ['dr-lee'], draft: true, files: 'everyday', network: 'refusing' }, play: pressSendWithFiles };

export const AttachmentsSpanish: Story = { args: { recipients: ['dr-lee'], files: 'hostile', locale: 'es' } };

/** The portal's transport cannot carry files: no "Attach files", and files dropped on the form are refused in words. */
export const AttachmentsNotSupported: Story = { args: { recipients: ['dr-lee'], portal: 'no-files' } };

/** The portal allows 2 files of at most 1 kB: the photo is refused with the configured size, and the limits are written out. */
export const AttachmentsPortalLimits: Story = { args: { recipients: ['dr-lee'], files: 'everyday', portal: 'small-limits' } };
