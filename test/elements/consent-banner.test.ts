import { expect } from '@open-wc/testing';
import type { SealConsentBanner } from '../../src/elements/consent-banner/consent-banner.js';
import type { SealConsentChangeEvent } from '../../src/events/consent-change.js';
import { setLocale } from '../../src/localize/localize.js';
import { verifyConsentReceipt, type SealClient } from '../../src/index.js';
import * as stories from '../../stories/consent-banner.stories.js';
import { TERMS_TEXT } from '../../stories/support/consent.js';
import { disposeScenarios, STORY_PASSPHRASE } from '../../stories/support/scenario.js';
import { nextEvent, rejectsWith, waitFor } from '../helpers/clients.js';
import { renderStory } from '../helpers/stories.js';

const { default: meta } = stories;

async function banner(story: object): Promise<{ el: SealConsentBanner; client: SealClient }> {
  const provider = await renderStory<HTMLElement & { whenReady(): Promise<SealClient> }>(meta, story);
  const el = provider.querySelector('seal-consent-banner')!;
  await waitFor(() => el.shadowRoot!.querySelector('[part="base"], [part="notice"]'), 5000, 'banner');
  return { el, client: await provider.whenReady() };
}

function button(el: Element, name: string): HTMLButtonElement {
  const found = [...el.shadowRoot!.querySelectorAll('button')].find((candidate) => candidate.textContent?.trim() === name);
  if (!found) throw new Error(`No button "${name}"`);
  return found;
}

describe('<seal-consent-banner>', () => {
  afterEach(async () => {
    setLocale('en');
    await disposeScenarios();
  });

  it('blocks sending until the user accepts, then records a signed, verifiable receipt', async () => {
    const { el, client } = await banner(stories.FirstVisit);
    expect(el.open).to.equal(true);
    await rejectsWith(client.send({ to: ['dr-lee'], subject: 's', body: 'b' }), 'CONSENT_REQUIRED');

    const checkbox = [...el.shadowRoot!.querySelectorAll<HTMLInputElement>('input[type=checkbox]')].find((input) =>
      input.parentElement?.textContent?.includes('Email me'),
    )!;
    checkbox.click();
    const change = nextEvent<SealConsentChangeEvent>(el, 'seal-consent-change');
    button(el, 'Accept').click();
    const { detail } = await change;
    expect(detail).to.deep.include({ policyId: 'secure-messaging-terms', version: '2026-11', decision: 'accepted' });
    expect(detail.purposes).to.deep.equal({ 'email-notifications': true, 'care-team-access': false });
    expect(Object.keys(detail)).to.have.members(['policyId', 'version', 'decision', 'purposes', 'receiptId']);
    await el.updateComplete;
    expect(el.open).to.equal(false);
    await client.send({ to: ['dr-lee'], subject: 's', body: 'b' });

    const [receipt] = await client.listConsentReceipts();
    const publicKey = (await client.exportAuditLog()).publicKey!;
    const check = await verifyConsentReceipt({ id: receipt!.id, userId: client.userId, payload: receipt!.payload, signature: receipt!.signature }, publicKey);
    expect(check.valid).to.equal(true);
    // The receipt binds the exact terms text shown in the slot.
    const expectedHash = Array.from(new Uint8Array(await crypto.subtle.digest('SHA-256', new TextEncoder().encode(TERMS_TEXT))), (b) =>
      b.toString(16).padStart(2, '0'),
    ).join('');
    expect(check.receipt!.policyHash).to.equal(expectedHash);
    await expect(el).to.be.accessible();
  });

  it('asks again when the policy version changes', async () => {
    const { el, client } = await banner(stories.NewVersion);
    expect(el.open).to.equal(true);
    expect(el.shadowRoot!.textContent).to.contain('These terms have changed');
    await rejectsWith(client.send({ to: ['dr-lee'], subject: 's', body: 'b' }), 'CONSENT_REQUIRED');
  });

  it('lets the user withdraw from "Privacy preferences", which blocks sending at once', async () => {
    const { el, client } = await banner(stories.Accepted);
    expect(el.open).to.equal(false);
    await client.send({ to: ['dr-lee'], subject: 's', body: 'b' });
    button(el, 'Privacy preferences').click();
    await el.updateComplete;
    button(el, 'Withdraw consent').click();
    await waitFor(async () => !(await client.consentStatus()).granted, 5000, 'withdrawal');
    await rejectsWith(client.send({ to: ['dr-lee'], subject: 's', body: 'b' }), 'CONSENT_REQUIRED');
    await waitFor(() => el.shadowRoot!.textContent?.includes('You withdrew your consent'), 5000, 'the withdrawal explained');
    expect(button(el, 'Review the terms')).to.exist;
  });

  it('tells a user who declined what they can still do, and reopens on request from other elements', async () => {
    const { el } = await banner(stories.Declined);
    expect(el.open).to.equal(false);
    expect(el.shadowRoot!.textContent).to.contain('You can still read messages already on this device');
    document.dispatchEvent(new CustomEvent('seal-consent-request', { detail: { policyId: null } }));
    await el.updateComplete;
    expect(el.open).to.equal(true);
  });

  it('as a modal, opens a dialog that holds focus', async () => {
    const { el } = await banner(stories.Modal);
    const dialog = el.shadowRoot!.querySelector('dialog')!;
    expect(dialog.open).to.equal(true);
    expect(dialog.matches(':modal')).to.equal(true);
    await expect(el).to.be.accessible();
  });

  it('speaks Spanish', async () => {
    const { el } = await banner(stories.Spanish);
    expect(button(el, 'Aceptar')).to.exist;
    expect(button(el, 'Rechazar')).to.exist;
    expect(el.shadowRoot!.querySelector('h2')!.textContent).to.equal('Condiciones de la mensajería segura');
  });

  it('signs a decision made before the identity exists once the key is unlocked', async () => {
    const { el, client } = await banner(stories.FirstVisit);
    await client.lock();
    button(el, 'Accept').click();
    await waitFor(async () => (await client.listConsentReceipts()).length === 1);
    expect((await client.listConsentReceipts())[0]!.signature).to.equal('');
    await client.unlock(STORY_PASSPHRASE);
    await waitFor(async () => (await client.listConsentReceipts())[0]!.signature !== '', 5000, 'signature');
  });

  for (const [name, story] of Object.entries(stories)) {
    if (name === 'default') continue;
    it(`story "${name}" passes axe`, async () => {
      const { el } = await banner(story as object);
      await expect(el).to.be.accessible();
    });
  }
});
