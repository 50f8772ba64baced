import type { Meta, StoryObj } from '@storybook/web-components-vite';
import { html } from 'lit';
import '../src/elements/audit-log/seal-audit-log.js';
import '../src/elements/provider/seal-provider.js';
import { CONVERSATION, createScenario, STORY_PASSPHRASE, type Scenario } from './support/scenario.js';

interface Args {
  filter: 'all' | 'access' | 'messages' | 'contacts' | 'consent';
  theme: 'light' | 'dark';
  locale: 'en' | 'es';
  tampered: boolean;
  locked: boolean;
}

/** Rewrites one stored entry behind Sealbox's back, as someone with access to the browser profile could. */
async function tamper(databaseName: string): Promise<void> {
  const db = await new Promise<IDBDatabase>((resolve, reject) => {
    const request = indexedDB.open(databaseName);
    request.onsuccess = () => resolve(request.result);
    request.onerror = () => reject(request.error);
  });
  await new Promise<void>((resolve, reject) => {
    const store = db.transaction('audit', 'readwrite').objectStore('audit');
    const request = store.get(2);
    request.onsuccess = () => {
      store.put({ ...request.result, at: '2020-01-01T00:00:00.000Z' });
      store.transaction.oncomplete = () => resolve();
    };
    request.onerror = () => reject(request.error);
  });
  db.close();
}

const meta: Meta<Args> = {
  title: 'Elements/Audit log',
  component: 'seal-audit-log',
  args: { filter: 'all', theme: 'light', locale: 'en', tampered: false, locked: false },
  argTypes: {
    filter: { control: 'select', options: ['all', 'access', 'messages', 'contacts', 'consent'] },
    theme: { control: 'inline-radio', options: ['light', 'dark'] },
    locale: { control: 'inline-radio', options: ['en', 'es'] },
  },
  loaders: [
    async ({ args }) => {
      const scenario = await createScenario({ messages: CONVERSATION, verified: ['dr-lee'] });
      const policy = { id: 'secure-messaging-terms', version: '2026-11', text: 'Terms' };
      await scenario.me.recordConsent(policy, 'accepted');
      await scenario.me.exportBackup(STORY_PASSPHRASE);
      await scenario.me.lock();
      await scenario.me.unlock('wrong passphrase').catch(() => undefined);
      await scenario.me.unlock(STORY_PASSPHRASE);
      if (args.locked) await scenario.me.lock();
      if (args.tampered) await tamper(scenario.databaseNames.ana!);
      return { scenario };
    },
  ],
  render: (args, { loaded }) => html`
    <seal-provider .client=${(loaded.scenario as Scenario).me} theme=${args.theme} locale=${args.locale}>
      <seal-audit-log filter=${args.filter}></seal-audit-log>
    </seal-provider>
  `,
};
export default meta;

type Story = StoryObj<Args>;

/** A patient's own activity: sign-ins, messages opened, a verified contact, consent. */
export const Activity: Story = {};

/** Only consent decisions. */
export const ConsentOnly: Story = { args: { filter: 'consent' } };

/** Someone edited the stored log: the integrity check says where it breaks. */
export const Tampered: Story = { args: { tampered: true } };

/** Readable while locked: the log and its check need no private key. */
export const Locked: Story = { args: { locked: true } };

export const Spanish: Story = { args: { locale: 'es' } };

export const Dark: Story = { args: { theme: 'dark' } };
