import type { Meta, StoryObj } from '@storybook/web-components-vite';
import { html, nothing } from 'lit';
import '../src/elements/messenger/seal-messenger.js';
import '../src/elements/provider/seal-provider.js';
import { CONVERSATION, createScenario, type Scenario, type ScenarioSpec } from './support/scenario.js';

interface Args {
  theme: 'light' | 'dark';
  locale: 'en' | 'es';
  width: string;
  height: string;
  state: NonNullable<ScenarioSpec['state']>;
  openThread: boolean;
  keyChanged: boolean;
}

const meta: Meta<Args> = {
  title: 'Elements/Messenger',
  component: 'seal-messenger',
  args: { theme: 'light', locale: 'en', width: '64rem', height: '36rem', state: 'unlocked', openThread: false, keyChanged: false },
  argTypes: {
    theme: { control: 'inline-radio', options: ['light', 'dark'] },
    locale: { control: 'inline-radio', options: ['en', 'es'] },
    state: { control: 'select', options: ['unlocked', 'locked', 'locked-out', 'no-identity'], table: { category: 'Story setup' } },
    openThread: { table: { category: 'Story setup' } },
    keyChanged: { table: { category: 'Story setup' } },
  },
  parameters: {
    layout: 'fullscreen',
    docs: {
      description: {
        component:
          'The whole secure-messaging panel in one tag. Side by side from 48rem of its own width; on phones one pane at a time with "Back to messages".',
      },
    },
  },
  loaders: [
    async ({ args }) => ({
      scenario: await createScenario({
        people: ['ana', 'dr-lee', 'nurse-kim'],
        messages: args.state === 'no-identity' ? [] : CONVERSATION,
        verified: ['dr-lee'],
        keyChanged: args.keyChanged ? ['nurse-kim'] : [],
        state: args.state as ScenarioSpec['state'],
      }),
    }),
  ],
  render: (args, { loaded }) => {
    const scenario = loaded.scenario as Scenario;
    return html`
      <seal-provider .client=${scenario.me} theme=${args.theme} locale=${args.locale}>
        <div style="max-width: ${args.width}; height: ${args.height}; padding: 0.5rem; background: var(--seal-color-surface, #fff)">
          <seal-messenger thread-id=${args.openThread ? scenario.threadIds.labs! : nothing}></seal-messenger>
        </div>
      </seal-provider>
    `;
  },
};
export default meta;

type Story = StoryObj<Args>;

/** Unlocked, with an inbox of three conversations. */
export const Inbox: Story = {};

/** A conversation open beside the inbox. */
export const ThreadOpen: Story = { args: { openThread: true } };

/** First run: create an identity before anything else. */
export const FirstRun: Story = { args: { state: 'no-identity' } };

export const Locked: Story = { args: { state: 'locked' } };

export const LockedOut: Story = { args: { state: 'locked-out' } };

/** Nurse Kim has a new key: her messages are marked and sending to her needs a decision. */
export const KeyChanged: Story = { args: { keyChanged: true } };

/** A 320 px phone: one pane at a time. */
export const Phone: Story = { args: { width: '320px', height: '40rem' } };

/** A 320 px phone with a conversation open. */
export const PhoneThread: Story = { args: { width: '320px', height: '40rem', openThread: true } };

export const Spanish: Story = { args: { locale: 'es', openThread: true } };

export const Dark: Story = { args: { theme: 'dark', openThread: true } };
