import type { Meta, StoryObj } from '@storybook/web-components-vite';
import { html, nothing } from 'lit';
import '../src/elements/composer/seal-composer.js';
import '../src/elements/provider/seal-provider.js';
import { COMPOSER_DRAFT as DRAFT, createComposerScenario, LONG_NAME, NOT_SET_UP, type ComposerScenario } from './support/composer-scenario.js';
import { CONVERSATION, createScenario, type Scenario } from './support/scenario.js';

interface Args {
  recipients: string[];
  noConfirm: boolean;
  theme: 'light' | 'dark';
  locale: 'en' | 'es';
  width: string;
  /** Story setup, not element properties: */
  network: 'relay' | 'offline' | 'slow' | 'refusing' | 'no-directory';
  keyChanged: boolean;
  locked: boolean;
  draft: boolean;
  consentRequired: boolean;
}

const meta: Meta<Args> = {
  title: 'Elements/Composer',
  component: 'seal-composer',
  args: { recipients: [], noConfirm: false, theme: 'light', locale: 'en', width: '40rem', network: 'relay', keyChanged: false, locked: false, draft: false, consentRequired: false },
  argTypes: {
    recipients: {
      control: 'object',
      description: 'User ids: dr-lee (verified), nurse-kim (not yet verified), dr-okonkwo-featherstonehaugh (new), dr-patel (no secure messaging yet).',
    },
    noConfirm: { name: 'no-confirm' },
    theme: { control: 'inline-radio', options: ['light', 'dark'] },
    locale: { control: 'inline-radio', options: ['en', 'es'] },
    width: { control: 'text' },
    network: { control: 'select', options: ['relay', 'offline', 'slow', 'refusing', 'no-directory'], table: { category: 'Story setup' } },
    keyChanged: { table: { category: 'Story setup' }, description: "Nurse Kim's key changes (a new device)." },
    locked: { table: { category: 'Story setup' } },
    draft: { table: { category: 'Story setup' }, description: 'Start from a saved draft addressed to `recipients`.' },
    consentRequired: { table: { category: 'Story setup' }, description: 'The portal requires consent to its terms, not yet given.' },
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
      const networked: ComposerScenario | null = args.network === 'relay' ? null : await createComposerScenario({ directory: args.network !== 'no-directory' });
      const scenario: Scenario =
        networked ??
        (await createScenario({
          people: ['ana', 'dr-lee', 'nurse-kim', LONG_NAME],
          messages: CONVERSATION,
          verified: ['dr-lee'],
          keyChanged: args.keyChanged ? ['nurse-kim'] : [],
          state: args.locked ? 'locked' : 'unlocked',
        }));
      const draftId = args.draft
        ? (await scenario.me.saveDraft({ to: args.recipients as string[], ...DRAFT, threadId: null, replyTo: null })).id
        : undefined;
      // Listed in the directory, but without a key.
      scenario.relay.connect(NOT_SET_UP.userId, NOT_SET_UP);
      if (args.consentRequired) scenario.me.requireConsent({ id: 'secure-messaging-terms', version: '2026-11' });
      if (networked) {
        networked.transport.offline = args.network === 'offline';
        networked.transport.refuseSends = args.network === 'refusing';
        networked.transport.stallSends = args.network === 'slow';
      }
      return { scenario, draftId };
    },
  ],
  render: (args, { loaded }) => html`
    <seal-provider .client=${(loaded.scenario as Scenario).me} theme=${args.theme} locale=${args.locale}>
      <div style="max-width: ${args.width}">
        <seal-composer .recipients=${args.recipients} draft-id=${(loaded.draftId as string | undefined) ?? nothing} ?no-confirm=${args.noConfirm}></seal-composer>
      </div>
    </seal-provider>
  `,
};
export default meta;

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
