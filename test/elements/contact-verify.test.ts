import { expect } from '@open-wc/testing';
import type { SealContactVerify } from '../../src/elements/contact-verify/contact-verify.js';
import type { SealContactVerifyEvent } from '../../src/events/contact-verify.js';
import type { SealKeyChangeAcceptEvent } from '../../src/events/key-change-accept.js';
import { fingerprintGroups } from '../../src/index.js';
import { setLocale } from '../../src/localize/localize.js';
import * as stories from '../../stories/contact-verify.stories.js';
import { disposeScenarios, STORY_PASSPHRASE, type Scenario } from '../../stories/support/scenario.js';
import { cleanupClients, nextEvent, openClient, waitFor } from '../helpers/clients.js';
import { button, groupsOf, listOf, part, queryButton, radio, renderInProvider, text, waitForText } from '../helpers/contact-verify-page.js';
import { renderStory } from '../helpers/stories.js';

const { default: meta } = stories;

async function render(story: object) {
  const rendered = await renderInProvider<SealContactVerify>('seal-contact-verify', meta, story);
  await waitFor(() => !rendered.el.shadowRoot!.querySelector('[part~="notice"][role="status"]'), 5000, 'the contact');
  await rendered.el.updateComplete;
  return { ...rendered, scenario: rendered.loaded.scenario as Scenario };
}

const announcer = (el: SealContactVerify) => text(part(el, 'announcer'));

describe('<seal-contact-verify>', () => {
  afterEach(async () => {
    setLocale('en');
    await disposeScenarios();
    await cleanupClients();
  });

  it('shows both fingerprints side by side in numbered groups, spelled out for screen readers', async () => {
    const { el, client } = await render(stories.Unverified);
    const contact = (await client.getContact('nurse-kim'))!;
    expect(text(part(el, 'heading'))).to.equal('Compare fingerprints with Nurse Kim');
    expect(text(part(el, 'name'))).to.equal('Nurse Kim');
    expect(text(part(el, 'role'))).to.equal('Nurse');
    expect(text(part(el, 'status'))).to.include('Not yet verified');
    expect(groupsOf(el, 'Your fingerprint')).to.deep.equal(fingerprintGroups(client.fingerprint!, 'hex'));
    expect(groupsOf(el, "Nurse Kim's fingerprint")).to.deep.equal(fingerprintGroups(contact.fingerprint, 'hex'));
    const first = listOf(el, 'Your fingerprint').querySelector('li')!;
    const group = fingerprintGroups(client.fingerprint!, 'hex')[0]!;
    expect(text(first.querySelector('.visually-hidden'))).to.equal([...group].join(' '));
    expect(text(first.querySelector('[part~="group-number"]'))).to.equal('1');
    expect(text(part(el, 'instructions'))).to.include('Call Nurse Kim on a phone number you already know').and.include('reads your own fingerprint aloud');
    await expect(el).to.be.accessible();
  });

  it('marks the contact verified when the fingerprints match and tells the page', async () => {
    const { el, client } = await render(stories.Unverified);
    const fingerprint = (await client.getContact('nurse-kim'))!.fingerprint;
    const verified = nextEvent<SealContactVerifyEvent>(document, 'seal-contact-verify');
    button(el, 'The fingerprints match').click();
    expect((await verified).detail).to.deep.equal({ userId: 'nurse-kim', fingerprint });
    const contact = (await client.getContact('nurse-kim'))!;
    expect(contact.state).to.equal('verified');
    await waitForText(el, 'You verified this fingerprint on');
    expect(text(part(el, 'status'))).to.include('Verified');
    expect(queryButton(el, 'The fingerprints match')).to.equal(undefined);
    expect(announcer(el)).to.equal('Nurse Kim is now verified.');
    await expect(el).to.be.accessible();
  });

  it('explains what to do when the fingerprints do not match, and changes nothing', async () => {
    const { el, client } = await render(stories.Unverified);
    let dispatched = false;
    const listener = () => (dispatched = true);
    document.addEventListener('seal-contact-verify', listener);
    button(el, "They don't match").click();
    await el.updateComplete;
    const mismatch = part(el, 'mismatch')!;
    expect(mismatch.getAttribute('role')).to.equal('alert');
    expect(text(mismatch)).to.include('Do not send sensitive information').and.include('Contact the practice another way');
    await waitFor(() => el.shadowRoot!.activeElement === mismatch, 2000, 'focus on the explanation');
    expect((await client.getContact('nurse-kim'))!.state).to.equal('unverified');
    document.removeEventListener('seal-contact-verify', listener);
    expect(dispatched).to.equal(false);
    await expect(el).to.be.accessible();
  });

  it('switches between letter and digit groups', async () => {
    const { el, client } = await render(stories.Unverified);
    radio(el, 'Numbers only').click();
    await el.updateComplete;
    expect(el.format).to.equal('digits');
    expect(groupsOf(el, 'Your fingerprint')).to.deep.equal(fingerprintGroups(client.fingerprint!, 'digits'));
    radio(el, 'Letters and numbers').click();
    await el.updateComplete;
    expect(groupsOf(el, 'Your fingerprint')).to.deep.equal(fingerprintGroups(client.fingerprint!, 'hex'));

    const digits = await render(stories.Digits);
    expect(radio(digits.el, 'Numbers only').checked).to.equal(true);
    const contact = (await digits.client.getContact('nurse-kim'))!;
    expect(groupsOf(digits.el, "Nurse Kim's fingerprint")).to.deep.equal(fingerprintGroups(contact.fingerprint, 'digits'));
  });

  it('shows a changed key old and new, and accepts it without verifying after a warning', async () => {
    const { el, client } = await render(stories.KeyChanged);
    const before = (await client.getContact('nurse-kim'))!;
    expect(before.state).to.equal('key-changed');
    const pending = before.pendingFingerprint!;
    expect(text(part(el, 'key-change'))).to.include('Nurse Kim has a new key');
    expect(text(part(el, 'previous-fingerprint'))).to.equal(fingerprintGroups(before.fingerprint).join(' '));
    expect(text(part(el, 'new-fingerprint'))).to.equal(fingerprintGroups(pending).join(' '));
    expect(groupsOf(el, "Nurse Kim's new fingerprint")).to.deep.equal(fingerprintGroups(pending));
    const accept = button(el, 'Accept without verifying');
    expect(text(el.shadowRoot!.getElementById(accept.getAttribute('aria-describedby')!))).to.include('Only accept without comparing if you were expecting this change');
    await expect(el).to.be.accessible();

    const accepted = nextEvent<SealKeyChangeAcceptEvent>(document, 'seal-key-change-accept');
    accept.click();
    expect((await accepted).detail).to.deep.equal({ userId: 'nurse-kim', fingerprint: pending });
    const after = (await client.getContact('nurse-kim'))!;
    expect(after.state).to.equal('unverified');
    expect(after.fingerprint).to.equal(pending);
    await waitFor(() => queryButton(el, 'The fingerprints match'), 5000, 'the usual comparison');
    expect(part(el, 'key-change')).to.equal(null);
    expect(announcer(el)).to.equal("You accepted Nurse Kim's new key. It is not verified.");
  });

  it('verifies a changed key by comparing the new fingerprint', async () => {
    const { el, client } = await render(stories.KeyChanged);
    const pending = (await client.getContact('nurse-kim'))!.pendingFingerprint!;
    const verified = nextEvent<SealContactVerifyEvent>(document, 'seal-contact-verify');
    button(el, 'The new fingerprint matches').click();
    expect((await verified).detail).to.deep.equal({ userId: 'nurse-kim', fingerprint: pending });
    const contact = (await client.getContact('nurse-kim'))!;
    expect(contact.state).to.equal('verified');
    expect(contact.fingerprint).to.equal(pending);
    await waitForText(el, 'You verified this fingerprint on');
  });

  it('follows changes made elsewhere: a verification, then a new key', async () => {
    const { el, client, scenario } = await render(stories.Unverified);
    const contact = (await client.getContact('nurse-kim'))!;
    await client.verifyContact('nurse-kim', contact.fingerprint);
    await waitForText(el, 'You verified this fingerprint on');

    const newDevice = await openClient(scenario.relay.connect('nurse-kim', { displayName: 'Nurse Kim', role: 'Nurse' }), 'nurse-kim');
    await newDevice.createIdentity(STORY_PASSPHRASE);
    await client.refreshContact('nurse-kim');
    await waitFor(() => part(el, 'key-change'), 5000, 'the key change');
    expect(groupsOf(el, "Nurse Kim's new fingerprint")).to.deep.equal(fingerprintGroups(newDevice.fingerprint!));
  });

  it('looks up a contact this device has never seen, pinning the key', async () => {
    const { el, client } = await render(stories.UnknownContact);
    expect(await client.getContact('dr-okonkwo-featherstonehaugh')).to.equal(null);
    expect(text(part(el, 'notice'))).to.include('You have not exchanged keys with dr-okonkwo-featherstonehaugh');
    await expect(el).to.be.accessible();
    button(el, "Look up dr-okonkwo-featherstonehaugh's key").click();
    await waitFor(() => part(el, 'name'), 5000, 'the contact');
    expect(text(part(el, 'name'))).to.equal('Dr. Adaeze Okonkwo-Featherstonehaugh de la Cruz');
    expect(text(part(el, 'role'))).to.equal('Consultant Endocrinologist');
    expect((await client.getContact('dr-okonkwo-featherstonehaugh'))!.state).to.equal('unverified');
    expect(announcer(el)).to.equal("Found Dr. Adaeze Okonkwo-Featherstonehaugh de la Cruz's key. Compare the fingerprints now.");
    expect(el.shadowRoot!.activeElement).to.equal(part(el, 'heading'));
  });

  it('fits a long name on a 320 px screen', async () => {
    const { el } = await render(stories.LongNames);
    expect(text(part(el, 'heading'))).to.equal('Compare fingerprints with Dr. Adaeze Okonkwo-Featherstonehaugh de la Cruz');
    expect(el.getBoundingClientRect().width).to.be.at.most(320);
    for (const node of el.shadowRoot!.querySelectorAll<HTMLElement>('[part]')) {
      expect(node.scrollWidth, node.getAttribute('part')!).to.be.at.most(node.clientWidth + 1);
    }
  });

  it('says when the contact cannot be loaded, with a way to try again', async () => {
    const { el } = await render(stories.LoadError);
    expect(text(part(el, 'error'))).to.equal('Sealbox was closed.');
    expect(queryButton(el, 'Try again')).to.exist;
  });

  it('speaks Spanish', async () => {
    const { el } = await render(stories.Spanish);
    expect(text(part(el, 'heading'))).to.equal('Comparar huellas digitales con Nurse Kim');
    expect(listOf(el, 'Su huella digital')).to.exist;
    expect(listOf(el, 'Huella digital de Nurse Kim')).to.exist;
    expect(queryButton(el, 'Las huellas digitales coinciden')).to.exist;
    expect(radio(el, 'Solo números')).to.exist;
  });

  it('explains that it needs a client', async () => {
    const el = await renderStory<SealContactVerify>(meta, stories.NoClient);
    expect(text(part(el, 'notice'))).to.include('<seal-provider>');
  });

  for (const [name, story] of Object.entries(stories)) {
    if (name === 'default') continue;
    it(`story "${name}" passes axe`, async () => {
      const el = story === stories.NoClient ? await renderStory<SealContactVerify>(meta, story) : (await render(story as object)).el;
      await expect(el).to.be.accessible();
    });
  }
});
