import { expect } from '@open-wc/testing';
import { DEFAULT_ATTACHMENT_LIMITS } from '../../src/core/attachments/limits.js';
import type { SealComposer } from '../../src/elements/composer/composer.js';
import type { SealAfterSendEvent } from '../../src/events/after-send.js';
import { setLocale } from '../../src/localize/localize.js';
import * as stories from '../../stories/composer.stories.js';
import { chooseFiles } from '../../stories/support/attachment-files.js';
import { disposeScenarios } from '../../stories/support/scenario.js';
import { cleanupClients, nextEvent, waitFor } from '../helpers/clients.js';
import { button, field, fill, queryButton, renderComposer, shadow, text, waitForText } from '../helpers/composer-page.js';

const { default: meta } = stories;

const listed = (el: SealComposer) => [...shadow(el).querySelectorAll<HTMLElement>('[part~="attachment"]')];
const problems = (el: SealComposer) => [...shadow(el).querySelectorAll('[part~="attachment-problems"] li')].map(text);
const announcement = (el: SealComposer) => text(shadow(el).querySelector('.visually-hidden[role="status"]'));
const fileInput = (el: SealComposer) => shadow(el).querySelector<HTMLInputElement>('input[type="file"]');

function dragEvent(type: string, transfer: DataTransfer): DragEvent {
  return new DragEvent(type, { dataTransfer: transfer, bubbles: true, composed: true, cancelable: true });
}

function filesTransfer(): DataTransfer {
  const transfer = new DataTransfer();
  transfer.items.add(new File(['Fasting glucose\nMon 6.1\n'], 'glucose-log.txt', { type: 'text/plain' }));
  return transfer;
}

describe('<seal-composer> attachments: what the portal allows', () => {
  afterEach(async () => {
    setLocale('en');
    await disposeScenarios();
    await cleanupClients();
  });

  it('checks files against the limits the client was configured with, quoting them', async () => {
    const { el, client } = await renderComposer(meta, stories.AttachmentsPortalLimits);
    expect(client.attachmentLimits).to.deep.equal({ ...DEFAULT_ATTACHMENT_LIMITS, maxFilesPerMessage: 2, maxFileBytes: 1024 });
    // The PDF and the note fit; the photo is over 1 kB.
    const [pdf, note] = await waitFor(() => (listed(el).length === 2 ? listed(el) : null), 5000, 'two files listed');
    expect(text(pdf!.querySelector('[part~="file-name"]'))).to.equal('referral-letter.pdf');
    expect(text(note!.querySelector('[part~="file-name"]'))).to.equal('glucose-log.txt');
    const [tooLarge, ...others] = problems(el);
    expect(others).to.deep.equal([]);
    expect(tooLarge).to.match(/^! rash-photo\.png was not attached: it is [\d.]+ kB, and files can be at most 1 kB\.$/);
    const attach = button(el, 'Attach files');
    expect(text(shadow(el).getElementById(attach.getAttribute('aria-describedby')!))).to.equal('Up to 2 files, 1 kB each. You can also drop files here.');
    await waitFor(() => announcement(el).startsWith('2 files attached. rash-photo.png was not attached'), 5000, 'the announcement');
    await expect(el).to.be.accessible();

    // A third file is one more than the portal allows, however small.
    chooseFiles(fileInput(el)!, [new File(['Tue 5.9\n'], 'second-note.txt')]);
    await waitFor(() => (problems(el).length === 1 && problems(el)[0]!.includes('second-note.txt') ? true : null), 5000, 'the refusal');
    expect(problems(el)).to.deep.equal(['! second-note.txt was not attached: a message can carry at most 2 files.']);
    expect(announcement(el)).to.equal('second-note.txt was not attached: a message can carry at most 2 files.');
    expect(listed(el)).to.have.length(2);

    // A file just over the configured size is refused with both sizes in words.
    chooseFiles(fileInput(el)!, [new File(['x'.repeat(1536)], 'long-note.txt')]);
    await waitFor(() => (problems(el)[0]?.includes('long-note.txt') ? true : null), 5000, 'the refusal');
    expect(problems(el)).to.deep.equal(['! long-note.txt was not attached: it is 1.5 kB, and files can be at most 1 kB.']);
  });

  it('has no "Attach files" when the transport cannot carry files, and refuses dropped files in words', async () => {
    const { el, client } = await renderComposer(meta, stories.AttachmentsNotSupported);
    expect(client.canAttach).to.equal(false);
    expect(queryButton(el, 'Attach files')).to.equal(undefined);
    expect(fileInput(el)).to.equal(null);
    expect(button(el, 'Send')).to.exist;
    await expect(el).to.be.accessible();

    const form = shadow(el).querySelector('form')!;
    const transfer = filesTransfer();
    const enter = dragEvent('dragenter', transfer);
    shadow(el).querySelector('#message')!.dispatchEvent(enter);
    expect(enter.defaultPrevented).to.equal(true);
    await el.updateComplete;
    expect(text(shadow(el).querySelector('[part~="drop-zone"]'))).to.equal('This portal cannot send files');
    const over = dragEvent('dragover', transfer);
    form.dispatchEvent(over);
    expect(over.defaultPrevented).to.equal(true);

    // The drop is taken (so the browser does not open the file in the tab) and refused.
    const drop = dragEvent('drop', transfer);
    form.dispatchEvent(drop);
    expect(drop.defaultPrevented).to.equal(true);
    await waitFor(() => (problems(el).length > 0 ? true : null), 5000, 'the refusal');
    expect(problems(el)).to.deep.equal(['! This portal cannot send files. Nothing was attached.']);
    expect(announcement(el)).to.equal('This portal cannot send files. Nothing was attached.');
    expect(listed(el)).to.have.length(0);
    expect(shadow(el).querySelector('[part~="drop-zone"]')).to.equal(null);
    await expect(el).to.be.accessible();

    // Messages without files still go out.
    await fill(el, field(el, 'Subject'), 'Blood pressure');
    await fill(el, field<HTMLTextAreaElement>(el, 'Message'), '128 over 82 this morning.');
    const after = nextEvent<SealAfterSendEvent>(el, 'seal-after-send', 20_000);
    button(el, 'Send').click();
    await after;
    await waitForText(el, 'To Dr. Lee: Sent', 20_000);
    expect(problems(el)).to.deep.equal([]);
  });

  it('says so in Spanish', async () => {
    const { el } = await renderComposer(meta, stories.AttachmentsNotSupported, { locale: 'es' });
    expect(queryButton(el, 'Adjuntar archivos')).to.equal(undefined);
    const form = shadow(el).querySelector('form')!;
    const transfer = filesTransfer();
    form.dispatchEvent(dragEvent('dragenter', transfer));
    await el.updateComplete;
    expect(text(shadow(el).querySelector('[part~="drop-zone"]'))).to.equal('Este portal no puede enviar archivos');
    form.dispatchEvent(dragEvent('drop', transfer));
    await waitFor(() => (problems(el).length > 0 ? true : null), 5000, 'the refusal');
    expect(problems(el)).to.deep.equal(['! Este portal no puede enviar archivos. No se adjuntó nada.']);
    expect(announcement(el)).to.equal('Este portal no puede enviar archivos. No se adjuntó nada.');
  });
});
