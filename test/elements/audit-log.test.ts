import { expect } from '@open-wc/testing';
import type { SealAuditLog } from '../../src/elements/audit-log/audit-log.js';
import { setLocale } from '../../src/localize/localize.js';
import { verifyExportedAuditLog, type AuditExport, type SealClient } from '../../src/index.js';
import * as stories from '../../stories/audit-log.stories.js';
import { disposeScenarios } from '../../stories/support/scenario.js';
import { waitFor } from '../helpers/clients.js';
import { renderStory } from '../helpers/stories.js';

const { default: meta } = stories;

async function auditLog(story: object): Promise<{ el: SealAuditLog; client: SealClient }> {
  const provider = await renderStory<HTMLElement & { whenReady(): Promise<SealClient> }>(meta, story);
  const el = provider.querySelector('seal-audit-log')!;
  await waitFor(() => {
    const status = el.shadowRoot!.querySelector('[part="integrity"]')?.textContent ?? '';
    return el.shadowRoot!.querySelector('[part="list"]') && /ntegri/.test(status) && !/Checking|Comprobando/.test(status);
  }, 5000, 'entries and integrity status');
  return { el, client: await provider.whenReady() };
}

const texts = (el: Element) => [...el.shadowRoot!.querySelectorAll('[part="entry"] span')].map((node) => node.textContent!.trim());

describe('<seal-audit-log>', () => {
  afterEach(async () => {
    setLocale('en');
    await disposeScenarios();
  });

  it("shows the user's activity in plain words, newest first, with names and no message content", async () => {
    const { el } = await auditLog(stories.Activity);
    const lines = texts(el);
    expect(lines).to.include('Message from Dr. Lee opened on this device');
    expect(lines).to.include('Message from Nurse Kim opened on this device');
    expect(lines).to.include("You verified Dr. Lee's fingerprint");
    expect(lines).to.include('You agreed to the secure messaging terms (version 2026-11)');
    expect(lines).to.include('Wrong passphrase entered (1 in a row)');
    expect(lines.at(-1)).to.equal('Your secure messaging identity was created on this device');
    expect(lines[0]).to.equal('Unlocked on this device');
    expect(el.shadowRoot!.textContent).to.not.contain('A1C');
    expect(el.shadowRoot!.querySelector('[part="integrity"]')!.textContent).to.contain('Integrity: intact');
    await expect(el).to.be.accessible();
  });

  it('filters by kind', async () => {
    const { el } = await auditLog(stories.Activity);
    const select = el.shadowRoot!.querySelector('select')!;
    select.value = 'consent';
    select.dispatchEvent(new Event('change'));
    await el.updateComplete;
    expect(texts(el)).to.deep.equal(['You agreed to the secure messaging terms (version 2026-11)']);
  });

  it('says where the log breaks when it was edited outside Sealbox', async () => {
    const { el } = await auditLog(stories.Tampered);
    const status = el.shadowRoot!.querySelector('[part="integrity"]')!;
    expect(status.textContent).to.contain('broken at entry 2');
    expect(status.getAttribute('role')).to.equal('alert');
  });

  it('exports JSON that verifies with the public key', async () => {
    const { el, client } = await auditLog(stories.Activity);
    let blob: Blob | null = null;
    const original = URL.createObjectURL;
    URL.createObjectURL = (value: Blob | MediaSource) => {
      blob = value as Blob;
      return original.call(URL, value);
    };
    try {
      [...el.shadowRoot!.querySelectorAll('button')].find((b) => b.textContent?.includes('Export'))!.click();
      await waitFor(() => blob, 5000, 'export');
    } finally {
      URL.createObjectURL = original;
    }
    const exported = JSON.parse(await blob!.text()) as AuditExport;
    expect(exported.entries.length).to.be.greaterThan(5);
    const result = await verifyExportedAuditLog(exported, (await client.exportAuditLog()).publicKey!);
    expect(result.intact).to.equal(true);
  });

  it('speaks Spanish', async () => {
    const { el } = await auditLog(stories.Spanish);
    expect(el.shadowRoot!.querySelector('h2')!.textContent).to.equal('Su actividad');
    expect(texts(el)).to.include('Mensaje de Dr. Lee abierto en este dispositivo');
  });

  for (const [name, story] of Object.entries(stories)) {
    if (name === 'default') continue;
    it(`story "${name}" passes axe`, async () => {
      const { el } = await auditLog(story as object);
      await expect(el).to.be.accessible();
    });
  }
});
