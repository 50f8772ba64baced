import { expect } from '@open-wc/testing';
import { setLocale } from '../../src/localize/localize.js';
import * as stories from '../../stories/composer.stories.js';
import { COMPOSER_DRAFT, type ComposerScenario } from '../../stories/support/composer-scenario.js';
import { disposeScenarios } from '../../stories/support/scenario.js';
import { cleanupClients, waitFor } from '../helpers/clients.js';
import { button, chips, field, fill, queryButton, renderComposer, settled, shadow, text, waitForText } from '../helpers/composer-page.js';

const { default: meta } = stories;

describe('<seal-composer> drafts and delivery', () => {
  afterEach(async () => {
    setLocale('en');
    await disposeScenarios();
    await cleanupClients();
  });

  it('saves drafts encrypted, restores them through draft-id, and discards them', async () => {
    const { el, client, scenario } = await renderComposer(meta, stories.VerifiedRecipient);
    const secret = `Rash on my left arm ${crypto.randomUUID()}`;
    await fill(el, field(el, 'Subject'), 'Skin question');
    await fill(el, field(el, 'Message'), secret);
    await waitForText(el, 'Draft saved', 5000);
    const [info] = await client.listDrafts();
    expect(info).to.exist;
    expect(await client.openDraft(info!.id)).to.include({ subject: 'Skin question', body: secret });
    expect(JSON.stringify(await readDrafts())).to.not.include('Rash on my left arm');
    expect(JSON.stringify(scenario.relay.envelopes())).to.not.include('Rash on my left arm');

    const { el: resumed } = await renderComposer(meta, stories.NewMessage);
    resumed.client = client;
    resumed.draftId = info!.id;
    await settled(resumed);
    expect(field(resumed, 'Subject').value).to.equal('Skin question');
    expect(field(resumed, 'Message').value).to.equal(secret);
    expect(text(chips(resumed)[0])).to.include('Dr. Lee');

    button(resumed, 'Discard draft').click();
    await waitFor(async () => (await client.listDrafts()).length === 0, 5000, 'the draft to be deleted');
    expect(field(resumed, 'Message').value).to.equal('');
    expect(chips(resumed)).to.have.length(0);
  });

  it('does not save an empty draft', async () => {
    const { el, client } = await renderComposer(meta, stories.NewMessage);
    await fill(el, field(el, 'Subject'), ' ');
    await new Promise((resolve) => setTimeout(resolve, 1300));
    expect(await client.listDrafts()).to.have.length(0);
  });

  it('shows a message sent offline as queued, then sent when back online', async () => {
    const { el, scenario } = await renderComposer<ComposerScenario>(meta, stories.QueuedOffline);
    const stored = scenario.relay.envelopes().length;
    button(el, 'Send').click();
    await waitForText(el, 'Queued — will send when you’re back online');
    const live = shadow(el).querySelector('.visually-hidden[role="status"]')!;
    await waitFor(() => text(live).includes('Queued'), 5000, 'the queued announcement');
    expect(scenario.relay.envelopes()).to.have.length(stored);
    await expect(el).to.be.accessible();

    scenario.transport.offline = false;
    window.dispatchEvent(new Event('online'));
    await waitForText(el, 'To Dr. Lee: Sent');
    expect(text(live)).to.include('Sent');
    expect(scenario.relay.envelopes()).to.have.length(stored + 1);
  });

  it('shows a message as sending while the network is slow, then sent', async () => {
    const { el, scenario } = await renderComposer<ComposerScenario>(meta, stories.Sending);
    button(el, 'Send').click();
    await waitForText(el, 'To Dr. Lee: Sending…');
    expect(field(el, 'Message').value).to.equal('');
    await expect(el).to.be.accessible();
    scenario.transport.stallSends = false;
    await waitForText(el, 'To Dr. Lee: Sent');
  });

  it('shows a refused message as failed, with Retry and Discard that work', async () => {
    const { el, scenario } = await renderComposer<ComposerScenario>(meta, stories.FailedDelivery);
    button(el, 'Send').click();
    await waitForText(el, 'Failed to send');
    await expect(el).to.be.accessible();
    scenario.transport.refuseSends = false;
    button(el, 'Retry').click();
    await waitForText(el, 'To Dr. Lee: Sent');
    expect(queryButton(el, 'Retry')).to.equal(undefined);

    scenario.transport.refuseSends = true;
    el.recipients = ['dr-lee'];
    await settled(el);
    await fill(el, field(el, 'Message'), 'Second try.');
    button(el, 'Send').click();
    await waitForText(el, 'Failed to send');
    button(el, 'Discard').click();
    await waitFor(async () => (await scenario.me.listOutbox()).length === 0, 5000, 'the outbox to empty');
    await el.updateComplete;
    expect(text(shadow(el).querySelector('[part~="delivery"]'))).to.not.include('Failed');
  });

  it('disables the form and hides its content while locked, and brings it back on unlock', async () => {
    const { el, client } = await renderComposer(meta, stories.Locked);
    await waitForText(el, 'Sealbox is locked.');
    expect(shadow(el).querySelector('fieldset')!.disabled).to.equal(true);
    expect(chips(el)).to.have.length(0);
    await expect(el).to.be.accessible();
    await client.unlock('story passphrase 2468');
    await waitFor(() => chips(el).length === 1, 5000, 'the recipient to show');
    expect(shadow(el).querySelector('fieldset')!.disabled).to.equal(false);
  });

  it('hides saved content when the vault locks and reopens the draft on unlock', async () => {
    const { el, client } = await renderComposer(meta, stories.ResumeDraft);
    expect(field(el, 'Message').value).to.equal(COMPOSER_DRAFT.body);
    await client.lock();
    await waitForText(el, 'Sealbox is locked.');
    expect(field(el, 'Message').value).to.equal('');
    await client.unlock('story passphrase 2468');
    await waitFor(() => field(el, 'Message').value === COMPOSER_DRAFT.body, 5000, 'the draft to come back');
  });
});

/** The raw draft records in Ana's database: what an attacker with disk access would find. */
async function readDrafts(): Promise<unknown[]> {
  const names = (await indexedDB.databases()).map((db) => db.name!).filter((name) => name.startsWith('sealbox-story:ana:'));
  const records: unknown[] = [];
  for (const name of names) {
    const db = await new Promise<IDBDatabase>((resolve, reject) => {
      const request = indexedDB.open(name);
      request.onsuccess = () => resolve(request.result);
      request.onerror = () => reject(request.error);
    });
    if (db.objectStoreNames.contains('drafts')) {
      records.push(
        ...(await new Promise<unknown[]>((resolve, reject) => {
          const request = db.transaction('drafts').objectStore('drafts').getAll();
          request.onsuccess = () => resolve(request.result);
          request.onerror = () => reject(request.error);
        })),
      );
    }
    db.close();
  }
  expect(records.length).to.be.greaterThan(0);
  return records;
}
