// Attack: pass for someone by name. Directory display names are not tied to keys: the backend (or a
// portal user who can set their own name) could give an account another person's name, rename a
// verified contact silently, or put bidi overrides and control characters in a name so that it reads as
// something else. Names are now cleaned of hidden characters (and the reference relays refuse them),
// the user id is shown next to the name wherever a recipient is chosen or confirmed, and a pinned
// contact's name change is flagged until the user accepts it.
import { expect, fixture } from '@open-wc/testing';
import { sendKeys } from '@web/test-runner-commands';
import { html } from 'lit';
import type { SealComposer } from '../../src/elements/composer/composer.js';
import '../../src/elements/composer/seal-composer.js';
import '../../src/elements/provider/seal-provider.js';
import type { SealThread } from '../../src/elements/thread/thread.js';
import '../../src/elements/thread/seal-thread.js';
import { cleanName } from '../../src/core/contacts/person-name.js';
import { MemoryRelay, type ContactChangeEvent, type SealClient } from '../../src/index.js';
import type { DirectoryEntry, SealTransport } from '../../src/transport/transport.js';
import { cleanupClients, createUser, nextEvent, waitFor } from '../helpers/clients.js';
import { chips, field, settled } from '../helpers/composer-page.js';
import { button, shadow, text, typeReply, waitForMessages } from '../helpers/thread-page.js';

const HIDDEN = /[\p{Cc}\p{Cf}]/u;

/** A backend whose directory gives the names in `names`, whatever the people set themselves. */
function renamingDirectory(inner: SealTransport, names: Map<string, string>): SealTransport {
  return new Proxy(inner, {
    get(target, property) {
      if (property === 'lookupKey') {
        return async (userId: string) => {
          const key = await target.lookupKey(userId);
          return key && names.has(userId) ? { ...key, displayName: names.get(userId)! } : key;
        };
      }
      if (property === 'searchDirectory') {
        return async (query: string, options?: { limit?: number }) =>
          (await target.searchDirectory!(query, options)).map((entry: DirectoryEntry) => (names.has(entry.userId) ? { ...entry, displayName: names.get(entry.userId)! } : entry));
      }
      const value: unknown = Reflect.get(target, property, target);
      return typeof value === 'function' ? value.bind(target) : value;
    },
  });
}

async function clinic(names = new Map<string, string>()): Promise<{ relay: MemoryRelay; ana: SealClient; lee: SealClient; names: Map<string, string> }> {
  const relay = new MemoryRelay();
  const ana = await createUser(renamingDirectory(relay.connect('ana', { displayName: 'Ana Ruiz', role: 'Patient' }), names), 'ana');
  const lee = await createUser(relay.connect('dr-lee', { displayName: 'Dr. Lee', role: 'Clinician' }), 'dr-lee');
  return { relay, ana, lee, names };
}

describe('attack: passing for someone by name', () => {
  afterEach(cleanupClients);

  it('removes bidi overrides and control characters from directory names; the reference relays refuse them', async () => {
    const names = new Map([['dr-lee', 'Dr. Lee\u202E\u0000\u200B (Cardiology)\u2066']]);
    const { relay, ana } = await clinic(names);
    const contact = await ana.refreshContact('dr-lee');
    expect(contact.displayName).to.equal('Dr. Lee (Cardiology)');
    const [entry] = await ana.searchDirectory('lee');
    expect(entry!.displayName).to.equal('Dr. Lee (Cardiology)');
    expect(HIDDEN.test(entry!.displayName)).to.equal(false);
    expect(() => relay.connect('eve', { displayName: 'Dr. Lee\u202Eeve' })).to.throw(/bidi/);
    // Names written right to left keep their letters: only what hides itself goes.
    expect(cleanName('د. ليلى حداد')).to.equal('د. ليلى حداد');
    expect(cleanName('\u200F\u202B  \u00A0')).to.equal(null);
  });

  it('shows the user id next to look-alike names where recipients are chosen and confirmed', async () => {
    const { relay, ana } = await clinic();
    // Mallory, a user of the same portal, calls herself Dr. Lee.
    await createUser(relay.connect('mallory', { displayName: 'Dr. Lee', role: 'Clinician' }), 'mallory');
    const root = await fixture(html`<seal-provider .client=${ana}><seal-composer></seal-composer></seal-provider>`);
    const el = root.querySelector<SealComposer>('seal-composer')!;
    await waitFor(() => shadow(el).querySelector('input'), 5000, 'the form');
    const to = field(el, 'To');
    to.focus();
    await sendKeys({ type: 'Dr. Lee' });
    const options = await waitFor(() => {
      const found = [...shadow(el).querySelectorAll('[role="option"]')].map(text);
      return found.length === 2 ? found : null;
    }, 5000, 'both results');
    expect(options.find((option) => option.includes('mallory'))).to.include('Dr. Lee');
    expect(options.find((option) => option.includes('dr-lee'))).to.include('Dr. Lee');
    await sendKeys({ press: 'ArrowDown' });
    await sendKeys({ press: 'Enter' });
    await settled(el);
    expect(text(chips(el)[0])).to.match(/dr-lee|mallory/);
  });

  it('flags a verified contact renamed by the directory, and asks before a reply goes to them', async () => {
    const { ana, lee, names } = await clinic();
    await ana.verifyContact('dr-lee', (await ana.refreshContact('dr-lee')).fingerprint);
    const first = await lee.send({ to: ['ana'], subject: 'Your results', body: 'Your A1C is back.' });
    await waitFor(async () => (await lee.listOutbox()).length === 0, 10_000, 'delivery');
    await ana.sync();

    names.set('dr-lee', 'Dr. Leigh');
    const renamed = nextEvent<ContactChangeEvent>(ana, 'contact-change', 5000, (event) => event.reason === 'name-changed');
    const contact = await ana.refreshContact('dr-lee');
    await renamed;
    expect(contact).to.include({ state: 'verified', displayName: 'Dr. Leigh', previousName: 'Dr. Lee' });
    expect((await ana.auditEntries()).some((entry) => entry.kind === 'contact-name-changed' && entry.data.userId === 'dr-lee')).to.equal(true);

    const root = await fixture(html`<seal-provider .client=${ana}><seal-thread thread-id=${first.threadId}></seal-thread></seal-provider>`);
    const el = root.querySelector<SealThread>('seal-thread')!;
    await waitForMessages(el, 1);
    await waitFor(() => text(shadow(el).querySelector('[part~="participants"]')).includes('dr-lee') || null, 5000, 'the user id in the header');
    await typeReply(el, 'Is this still Dr. Lee?');
    button(el, 'Send').click();
    const dialog = await waitFor(() => shadow(el).querySelector<HTMLDialogElement>('dialog[open]'), 5000, 'the confirmation');
    const item = text(dialog.querySelector('[part~="confirm-item"]'));
    expect(item).to.include('Dr. Leigh').and.include('(dr-lee)').and.include('You knew them as “Dr. Lee”');
    [...dialog.querySelectorAll('button')].find((candidate) => text(candidate) === 'Use the new name')!.click();
    await waitFor(async () => (await ana.getContact('dr-lee'))!.previousName === null || null, 5000, 'the name accepted');
    await waitFor(() => !dialog.querySelector('[part~="confirm-name-change"]') || null, 5000, 'the notice gone');
    [...dialog.querySelectorAll('button')].find((candidate) => text(candidate) === 'Confirm and send')!.click();
    await waitFor(async () => (await ana.listMessages(first.threadId)).items.length === 2 || null, 5000, 'the reply');
  });
});
