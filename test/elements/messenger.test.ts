import { expect, fixture } from '@open-wc/testing';
import { html } from 'lit';
import '../../src/define.js';
import type { SealMessenger } from '../../src/elements/messenger/messenger.js';
import { setLocale } from '../../src/localize/localize.js';
import type { SealClient } from '../../src/index.js';
import * as stories from '../../stories/messenger.stories.js';
import { createScenario, disposeScenarios } from '../../stories/support/scenario.js';
import { waitFor } from '../helpers/clients.js';
import { renderStory } from '../helpers/stories.js';

/** Finds an element through nested shadow roots. */
function deep<T extends Element = HTMLElement>(root: Element | ShadowRoot, selector: string): T | null {
  const scope = root instanceof Element && root.shadowRoot ? root.shadowRoot : root;
  const direct = scope.querySelector<T>(selector);
  if (direct) return direct;
  for (const element of scope.querySelectorAll('*')) {
    if (element.shadowRoot) {
      const found = deep<T>(element.shadowRoot, selector);
      if (found) return found;
    }
  }
  return null;
}

function deepButton(root: Element, name: string): HTMLButtonElement | null {
  const all: HTMLButtonElement[] = [];
  const walk = (scope: Element | ShadowRoot) => {
    scope.querySelectorAll('button').forEach((button) => all.push(button));
    scope.querySelectorAll('*').forEach((element) => element.shadowRoot && walk(element.shadowRoot));
  };
  walk(root.shadowRoot ?? root);
  return all.find((button) => (button.getAttribute('aria-label') ?? button.textContent?.trim()) === name) ?? null;
}

function labelled<T extends HTMLElement>(host: Element, name: string): T {
  const root = host.shadowRoot!;
  const label = [...root.querySelectorAll('label')].find((candidate) => candidate.textContent?.trim() === name);
  if (label) return root.getElementById(label.htmlFor) as T;
  const byAria = root.querySelector<T>(`[aria-label="${name}"]`);
  if (!byAria) throw new Error(`No control named "${name}"`);
  return byAria;
}

async function type(control: HTMLInputElement | HTMLTextAreaElement, value: string): Promise<void> {
  control.focus();
  control.value = value;
  control.dispatchEvent(new InputEvent('input', { bubbles: true, composed: true }));
}

async function messenger(story: object): Promise<SealMessenger> {
  const provider = await renderStory(stories.default, story);
  return provider.querySelector('seal-messenger')!;
}

describe('<seal-messenger>', () => {
  afterEach(async () => {
    setLocale('en');
    await disposeScenarios();
  });

  it("delivers a message written in one party's composer, verified, to the other party's inbox and thread", async () => {
    const scenario = await createScenario({ people: ['ana', 'dr-lee'], me: 'dr-lee' });
    const ana = scenario.clients.ana!;
    const lee = scenario.me;
    // Each has compared fingerprints with the other.
    await ana.refreshContact('dr-lee');
    await ana.verifyContact('dr-lee', lee.fingerprint!);
    await lee.refreshContact('ana');
    await lee.verifyContact('ana', ana.fingerprint!);

    const page = await fixture(html`<div>
      <seal-provider .client=${ana}><seal-messenger id="ana"></seal-messenger></seal-provider>
      <seal-provider .client=${lee}><seal-messenger id="lee"></seal-messenger></seal-provider>
    </div>`);
    const anaPanel = page.querySelector<SealMessenger>('#ana')!;
    const leePanel = page.querySelector<SealMessenger>('#lee')!;

    deepButton(anaPanel, 'New message')!.click();
    const composer = await waitFor(() => deep(anaPanel, 'seal-composer'));
    await (composer as HTMLElement & { updateComplete: Promise<unknown> }).updateComplete;
    (composer as HTMLElement & { recipients: string[] }).recipients = ['dr-lee'];
    await waitFor(() => composer.shadowRoot!.querySelector('[part~="recipient"]'), 5000, 'recipient chip');
    await type(labelled(composer, 'Subject'), 'Knee pain');
    await type(labelled(composer, 'Message'), 'My knee hurts when I climb stairs.');
    deepButton(composer, 'Send')!.click();

    const row = await waitFor(() => {
      const candidate = deep(leePanel, '[role="option"]');
      return candidate?.textContent?.includes('Knee pain') ? candidate : null;
    }, 10_000, "the message in Dr. Lee's inbox");
    expect(row.textContent).to.contain('Ana');
    expect(row.textContent).to.contain('Verified');
    row.click();
    const thread = await waitFor(() => deep(leePanel, 'seal-thread'));
    await waitFor(() => thread.shadowRoot!.textContent?.includes('My knee hurts when I climb stairs.'), 10_000, 'the message in the thread');
    expect(thread.shadowRoot!.querySelector('[part~="status"]')!.textContent).to.contain('Verified');
    await expect(leePanel).to.be.accessible();
  });

  it('shows only the unlock form until the identity is unlocked', async () => {
    const panel = await messenger(stories.Locked);
    await waitFor(() => deep(panel, 'seal-unlock'));
    expect(deep(panel, 'seal-inbox')).to.equal(null);
    const unlock = deep(panel, 'seal-unlock')!;
    await waitFor(() => unlock.getAttribute('state') === 'locked');
    await type(labelled(unlock, 'Passphrase'), 'story passphrase 2468');
    deepButton(unlock, 'Unlock')!.click();
    await waitFor(() => deep(panel, 'seal-inbox'), 5000, 'the inbox after unlocking');
  });

  it('on a phone shows one pane at a time, with a way back', async () => {
    const panel = await messenger(stories.PhoneThread);
    await waitFor(() => deep(panel, 'seal-thread'));
    const listPane = panel.shadowRoot!.querySelector<HTMLElement>('[part="list-pane"]')!;
    const detailPane = panel.shadowRoot!.querySelector<HTMLElement>('[part="detail-pane"]')!;
    expect(getComputedStyle(listPane).display).to.equal('none');
    expect(getComputedStyle(detailPane).display).to.not.equal('none');
    deepButton(panel, 'Back to messages')!.click();
    await panel.updateComplete;
    expect(getComputedStyle(listPane).display).to.not.equal('none');
    expect(getComputedStyle(detailPane).display).to.equal('none');
  });

  it('opens fingerprint comparison when a thread asks for it, and returns afterwards', async () => {
    const panel = await messenger(stories.Inbox);
    panel.dispatchEvent(new CustomEvent('seal-verify-request', { detail: { userId: 'nurse-kim' }, bubbles: true, composed: true }));
    const verify = await waitFor(() => deep(panel, 'seal-contact-verify'));
    expect(verify.getAttribute('user-id')).to.equal('nurse-kim');
  });

  for (const [name, story] of Object.entries(stories)) {
    if (name === 'default') continue;
    it(`story "${name}" passes axe`, async () => {
      const panel = await messenger(story as object);
      await waitFor(() => deep(panel, 'seal-inbox, seal-unlock'), 5000, 'content');
      await new Promise((resolve) => setTimeout(resolve, 300));
      await expect(panel).to.be.accessible();
    });
  }

  it('keeps the backup offer after an identity is created, until the user continues', async () => {
    const scenario = await createScenario({ state: 'no-identity' });
    const page = await fixture(html`<seal-provider .client=${scenario.me}><seal-messenger></seal-messenger></seal-provider>`);
    const panel = page.querySelector('seal-messenger')!;
    const unlock = await waitFor(() => deep(panel, 'seal-unlock'));
    await waitFor(() => unlock.getAttribute('state') === 'no-identity');
    await type(labelled(unlock, 'Passphrase'), 'a long and strong passphrase 42');
    await type(labelled(unlock, 'Confirm passphrase'), 'a long and strong passphrase 42');
    deepButton(unlock, 'Create identity')!.click();
    await waitFor(() => (scenario.me as SealClient).state === 'unlocked', 10_000, 'identity');
    await waitFor(() => unlock.getAttribute('state') === 'backup', 5000, 'backup offer');
    expect(deep(panel, 'seal-inbox')).to.equal(null);
    const done = await waitFor(() => {
      const candidate = deepButton(unlock, 'Continue');
      return candidate && !candidate.disabled ? candidate : null;
    }, 10_000, 'Continue to be enabled');
    done.click();
    await waitFor(() => deep(panel, 'seal-inbox'), 5000, 'the inbox');
  });
});
