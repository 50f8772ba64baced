import type { Meta, StoryObj } from '@storybook/web-components-vite';
import { html } from 'lit';
import '../src/elements/inbox/seal-inbox.js';
import '../src/elements/provider/seal-provider.js';
import type { SealClient } from '../src/index.js';
import {
  createKeyChangedScenario,
  createManyThreadsScenario,
  failingToLoad,
  LONG_NAME,
  LONG_NAMES_CONVERSATION,
  neverLoading,
} from './support/inbox-scenario.js';
import { CONVERSATION, createScenario, type Scenario } from './support/scenario.js';

interface Args {
  selected: string;
  theme: 'light' | 'dark';
  locale: 'en' | 'es';
  width: string;
  height: string;
  /** Story setup, not element properties: */
  mailbox: 'conversation' | 'empty' | 'loading' | 'error' | 'key-changed' | 'long-names' | 'many';
  locked: boolean;
  threads: number;
}

const meta: Meta<Args> = {
  title: 'Elements/Inbox',
  component: 'seal-inbox',
  args: { selected: '', theme: 'light', locale: 'en', width: '28rem', height: '28rem', mailbox: 'conversation', locked: false, threads: 300 },
  argTypes: {
    selected: { control: 'text', description: 'Id of the selected thread (choosing a thread sets it).' },
    theme: { control: 'inline-radio', options: ['light', 'dark'] },
    locale: { control: 'inline-radio', options: ['en', 'es'] },
    width: { control: 'text' },
    height: { control: 'text', description: 'Sets `--seal-inbox-height`.' },
    mailbox: {
      control: 'select',
      options: ['conversation', 'empty', 'loading', 'error', 'key-changed', 'long-names', 'many'],
      table: { category: 'Story setup' },
      description: 'What is in Ana’s mailbox. `error` fails once, so "Try again" works.',
    },
    locked: { table: { category: 'Story setup' } },
    threads: { control: { type: 'number', min: 1, max: 2000 }, table: { category: 'Story setup' }, description: 'How many threads `many` creates.' },
  },
  parameters: {
    docs: {
      description: {
        component:
          'Ana’s conversations with her care team. Tab to the list, move with the arrow keys, Home/End and PageUp/PageDown, and open a thread with Enter. Subjects are decrypted as rows come into view.',
      },
    },
  },
  loaders: [
    async ({ args }) => {
      const state = args.locked ? 'locked' : 'unlocked';
      let scenario: Scenario;
      switch (args.mailbox) {
        case 'empty':
          scenario = await createScenario({ people: ['ana', 'dr-lee'], state });
          break;
        case 'key-changed':
          scenario = await createKeyChangedScenario();
          break;
        case 'long-names':
          scenario = await createScenario({ messages: LONG_NAMES_CONVERSATION, people: ['ana', 'dr-lee', 'nurse-kim', LONG_NAME], state });
          break;
        case 'many':
          scenario = await createManyThreadsScenario(args.threads as number);
          break;
        default:
          scenario = await createScenario({ messages: CONVERSATION, verified: ['nurse-kim'], state });
      }
      const client = args.mailbox === 'loading' ? neverLoading(scenario.me) : args.mailbox === 'error' ? failingToLoad(scenario.me) : scenario.me;
      return { scenario, client };
    },
  ],
  render: (args, { loaded }) => html`
    <seal-provider .client=${loaded.client as SealClient} theme=${args.theme} locale=${args.locale}>
      <div style="max-width: ${args.width}; --seal-inbox-height: ${args.height}">
        <seal-inbox selected=${args.selected}></seal-inbox>
      </div>
    </seal-provider>
  `,
};
export default meta;

type Story = StoryObj<Args>;

/** Ana’s threads with Dr. Lee and Nurse Kim: names, subjects, times, unread counts and statuses. */
export const Conversation: Story = {};

/** Nothing yet: "No messages yet" and a "New message" button. */
export const Empty: Story = { args: { mailbox: 'empty' } };

/** The mailbox is still being read. */
export const Loading: Story = { args: { mailbox: 'loading' } };

/** Sealbox is locked: threads are listed, but no subject is decrypted. */
export const Locked: Story = { args: { locked: true } };

/** The mailbox could not be read: the reason in words and "Try again". */
export const LoadError: Story = { args: { mailbox: 'error' } };

/** Dr. Lee wrote from a new key that Ana has not accepted: "Key changed". */
export const KeyChanged: Story = { args: { mailbox: 'key-changed' } };

/** A very long name and subject, and a group thread, at 320 px. */
export const LongNames: Story = { args: { mailbox: 'long-names', width: '320px' } };

/** Hundreds of threads: only the rows on screen are rendered and decrypted. */
export const ManyThreads: Story = { args: { mailbox: 'many', threads: 300 } };

/** The same inbox in Spanish. */
export const Spanish: Story = { args: { locale: 'es' } };

/** Dark theme tokens from `<seal-provider theme="dark">`. */
export const Dark: Story = { args: { theme: 'dark' } };

/** Outside a `<seal-provider>` and without a `client`: the inbox says so. */
export const NoClient: Story = {
  render: (args) => html`<div style="max-width: ${args.width}"><seal-inbox></seal-inbox></div>`,
};
