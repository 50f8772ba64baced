import { expect } from '@open-wc/testing';
import type { SealComposer } from '../../src/elements/composer/composer.js';
import type { SealAfterSendEvent } from '../../src/events/after-send.js';
import { setLocale } from '../../src/localize/localize.js';
import * as stories from '../../stories/composer.stories.js';
import { chooseFiles, DOUBLE_EXTENSION_NAME, everydayFiles, RTL_NAME } from '../../stories/support/attachment-files.js';
import type { ComposerScenario } from '../../stories/support/composer-scenario.js';
import { disposeScenarios } from '../../stories/support/scenario.js';
import { cleanupClients, nextEvent, waitFor } from '../helpers/clients.js';
import { button, queryButton, renderComposer, shadow, text, waitForText } from '../helpers/composer-page.js';

const { default: meta } = stories;

const listed = (el: SealComposer) => [...shadow(el).querySelectorAll<HTMLElement>('[part~="attachment"]')];
const announcement = (el: SealComposer) => text(shadow(el).querySelector('.visually-hidden[role="status"]'));
const fileInput = (el: SealComposer) => shadow(el).querySelector<HTMLInputElement>('input[type="file"]')!;

async function waitForFiles(el: SealComposer, count: number): Promise<HTMLElement[]> {
  return waitFor(() => (listed(el).length === count ? listed(el) : null), 5000, `${count} files listed`);
}

function dragEvent(type: string, transfer: DataTransfer): DragEvent {
  return new DragEvent(type, { dataTransfer: transfer, bubbles: true, composed: true, cancelable: true });
}

async function bytesOf(blob: Blob): Promise<number[]> {
  return [...new Uint8Array(await blob.arrayBuffer())];
}

describe('<seal-composer> attachments', () => {
  afterEach(async () => {
    setLocale('en');
    await disposeScenarios();
    await cleanupClients();
  });

  it('attaches files chosen through "Attach files" and lists name, type and size with "Remove <name>"', async () => {
    const { el } = await renderComposer(meta, stories.NewMessage);
    const attach = button(el, 'Attach files');
    expect(attach.type).to.equal('button');
    const input = fileInput(el);
    expect(input.multiple).to.equal(true);
    expect(input.hidden).to.equal(true);
    // The button opens the real file input.
    let opened = false;
    input.addEventListener('click', (event) => ((opened = true), event.preventDefault()), { once: true });
    attach.click();
    expect(opened).to.equal(true);
    expect(text(shadow(el).getElementById(attach.getAttribute('aria-describedby')!))).to.equal('Up to 5 files, 25 MB each. You can also drop files here.');

    chooseFiles(input, await everydayFiles());
    const [pdf, png, note] = await waitForFiles(el, 3);
    expect(text(pdf!.querySelector('[part~="file-name"]'))).to.equal('referral-letter.pdf');
    expect(text(pdf!.querySelector('[part~="attachment-meta"]'))).to.match(/^PDF document, \d+ byte/);
    expect(text(png!.querySelector('[part~="attachment-meta"]'))).to.match(/^PNG image, [\d.]+ (kB|KB|byte)/);
    expect(text(note!.querySelector('[part~="attachment-meta"]'))).to.match(/^Text, \d+ byte/);
    expect(button(el, 'Remove rash-photo.png')).to.exist;
    await waitFor(() => announcement(el) === '3 files attached.', 5000, 'the announcement');
    await expect(el).to.be.accessible();

    // Removing moves focus to the next file's "Remove".
    button(el, 'Remove rash-photo.png').click();
    await waitForFiles(el, 2);
    expect(shadow(el).activeElement).to.equal(button(el, 'Remove glucose-log.txt'));
    expect(announcement(el)).to.equal('Removed rash-photo.png.');
    button(el, 'Remove glucose-log.txt').click();
    await waitForFiles(el, 1);
    expect(shadow(el).activeElement).to.equal(button(el, 'Remove referral-letter.pdf'));
    button(el, 'Remove referral-letter.pdf').click();
    await waitForFiles(el, 0);
    expect(shadow(el).activeElement).to.equal(button(el, 'Attach files'));
  });

  it('takes files dropped on the form, with a visible drop zone while dragging', async () => {
    const { el } = await renderComposer(meta, stories.VerifiedRecipient);
    const form = shadow(el).querySelector('form')!;

    // Dragging text is not a file drop.
    const words = new DataTransfer();
    words.setData('text/plain', 'hello');
    form.dispatchEvent(dragEvent('dragenter', words));
    await el.updateComplete;
    expect(shadow(el).querySelector('[part~="drop-zone"]')).to.equal(null);

    const transfer = new DataTransfer();
    for (const file of await everydayFiles()) transfer.items.add(file);
    const enter = dragEvent('dragenter', transfer);
    shadow(el).querySelector('#message')!.dispatchEvent(enter);
    expect(enter.defaultPrevented).to.equal(true);
    await el.updateComplete;
    const zone = shadow(el).querySelector('[part~="drop-zone"]')!;
    expect(text(zone)).to.equal('Drop files here to attach them');
    expect(getComputedStyle(zone).borderStyle).to.equal('dashed');
    await expect(el).to.be.accessible();

    // Moving between children keeps the zone; leaving the form hides it.
    shadow(el).querySelector('#subject')!.dispatchEvent(dragEvent('dragenter', transfer));
    shadow(el).querySelector('#message')!.dispatchEvent(dragEvent('dragleave', transfer));
    await el.updateComplete;
    expect(shadow(el).querySelector('[part~="drop-zone"]')).to.exist;
    const over = dragEvent('dragover', transfer);
    form.dispatchEvent(over);
    expect(over.defaultPrevented).to.equal(true);

    const drop = dragEvent('drop', transfer);
    form.dispatchEvent(drop);
    expect(drop.defaultPrevented).to.equal(true);
    await waitForFiles(el, 3);
    expect(shadow(el).querySelector('[part~="drop-zone"]')).to.equal(null);
    await expect(el).to.be.accessible();
  });

  it('says which files were not attached and why: too large, type not allowed, too many', async () => {
    const { el } = await renderComposer(meta, stories.AttachmentsRefused);
    await waitForFiles(el, 5);
    const problems = [...shadow(el).querySelectorAll('[part~="attachment-problems"] li')].map(text);
    expect(problems).to.deep.equal([
      '! whole-body-scan.pdf was not attached: it is 26 MB, and files can be at most 25 MB.',
      '! chart.svg was not attached: SVG image files cannot be sent.',
      '! note-6.txt was not attached: a message can carry at most 5 files.',
    ]);
    // Said politely, with what was attached.
    await waitFor(() => announcement(el).startsWith('5 files attached. whole-body-scan.pdf was not attached'), 5000, 'the announcement');
    expect(announcement(el)).to.include('chart.svg was not attached').and.include('note-6.txt was not attached');
    expect(shadow(el).querySelector('.visually-hidden[role="status"]')!.getAttribute('aria-live')).to.equal(null);
    await expect(el).to.be.accessible();

    // Removing one makes room for a sixth file.
    button(el, 'Remove note-1.txt').click();
    await waitForFiles(el, 4);
    expect(shadow(el).querySelector('[part~="attachment-problems"]')).to.equal(null);
    chooseFiles(fileInput(el), [new File(['Note 6\n'], 'note-6.txt', { lastModified: 1 })]);
    await waitForFiles(el, 5);
  });

  it('shows disguised names as text, with hidden characters made visible and a double extension flagged in words', async () => {
    const { el } = await renderComposer(meta, stories.AttachmentsHostileNames);
    const [rtl, double, control] = await waitForFiles(el, 3);
    const rtlName = rtl!.querySelector('[part~="file-name"]')!;
    expect(rtlName.localName).to.equal('bdi');
    expect(text(rtlName)).to.equal('invoice[U+202E]fdp.exe');
    expect(text(rtlName.querySelector('[part~="hidden-character"]'))).to.equal('[U+202E]');
    expect(text(rtl!.querySelector('[part~="name-warning"]'))).to.include('Its name contains hidden characters, shown as [U+…].');
    expect(text(double!.querySelector('[part~="file-name"]'))).to.equal(DOUBLE_EXTENSION_NAME);
    expect(text(double!.querySelector('[part~="name-warning"]'))).to.include('Check this file: its name ends in two extensions, “.pdf.exe”, which can disguise what it really is.');
    expect(text(control!.querySelector('[part~="file-name"]'))).to.equal('note[U+0007][U+200B].txt');
    // The raw characters never reach the page, and nothing in a name becomes markup.
    expect(shadow(el).querySelector('[part~="attachments"]')!.textContent).to.not.include(RTL_NAME.slice(7, 8));
    const remove = button(el, 'Remove invoice[U+202E]fdp.exe');
    expect(text(shadow(el).getElementById(remove.getAttribute('aria-describedby')!))).to.include('hidden characters');
    await expect(el).to.be.accessible();
  });

  it('sends the files with the message; the recipient opens them byte for byte', async () => {
    const { el, scenario } = await renderComposer(meta, stories.AttachmentsChosen);
    await waitForFiles(el, 3);
    const originals = await everydayFiles();
    const after = nextEvent<SealAfterSendEvent>(el, 'seal-after-send', 20_000);
    button(el, 'Send').click();
    const { messageId } = (await after).detail;
    await waitForText(el, 'To Dr. Lee: Sent', 20_000);
    expect(listed(el)).to.have.length(0);

    const lee = scenario.clients['dr-lee']!;
    await lee.sync();
    const opened = await lee.openMessage(messageId);
    if (opened.status === 'invalid') throw new Error('The message did not verify');
    expect(opened.attachments.map((attachment) => [attachment.name, attachment.type])).to.deep.equal([
      ['referral-letter.pdf', 'application/pdf'],
      ['rash-photo.png', 'image/png'],
      ['glucose-log.txt', 'text/plain'],
    ]);
    for (const [i, attachment] of opened.attachments.entries()) {
      const blob = await lee.openAttachment(messageId, attachment.id);
      expect(await bytesOf(blob)).to.deep.equal(await bytesOf(originals[i]!));
    }
  });

  it('shows the upload of the attachments as it goes, then "Sent"', async () => {
    const { el, scenario } = await renderComposer<ComposerScenario>(meta, stories.AttachmentsUploading);
    await waitForFiles(el, 3);
    button(el, 'Send').click();
    // Two chunks get through, then the upload is held.
    const progress = await waitFor(() => {
      const bar = shadow(el).querySelector<HTMLProgressElement>('[part~="upload-progress"] progress');
      return bar?.value === 2 ? bar : null;
    }, 20_000, 'upload progress');
    expect(progress.getAttribute('aria-label')).to.equal('Uploading attachments');
    expect(progress.max).to.be.greaterThan(2);
    expect(text(shadow(el).querySelector('[part~="upload-progress"]'))).to.equal(`Uploading attachments: 2 of ${progress.max} parts`);
    await expect(el).to.be.accessible();
    scenario.transport.holdUploadsAfter = null;
    await waitForText(el, 'To Dr. Lee: Sent', 20_000);
    expect(shadow(el).querySelector('[part~="upload-progress"]')).to.equal(null);
  });

  it('shows each file being encrypted, and Cancel stops the send and keeps the message and files', async () => {
    const { el, scenario } = await renderComposer<ComposerScenario>(meta, stories.AttachmentsUploading, { files: 'none' });
    // 1 KiB chunks: a 2 MiB note takes a while to encrypt.
    chooseFiles(fileInput(el), [new File(['x'.repeat(2 * 1024 * 1024)], 'long-diary.txt')]);
    await waitForFiles(el, 1);
    button(el, 'Send').click();
    const bar = await waitFor(() => shadow(el).querySelector<HTMLProgressElement>('[part~="attachment-progress"] progress'), 20_000, 'encryption progress');
    expect(bar.getAttribute('aria-label')).to.equal('Encrypting long-diary.txt');
    expect(bar.max).to.equal(2048);
    expect(text(shadow(el).querySelector('[part~="attachment-progress"]'))).to.match(/^Encrypting \d+%$/);
    expect(Boolean(queryButton(el, 'Remove long-diary.txt'))).to.equal(false);
    await expect(el).to.be.accessible();
    button(el, 'Cancel sending').click();
    await waitForText(el, 'Sending was cancelled. Your message and files are still here.', 20_000);
    expect(listed(el)).to.have.length(1);
    expect(button(el, 'Remove long-diary.txt')).to.exist;
    expect(Boolean(queryButton(el, 'Cancel sending'))).to.equal(false);
    expect(await scenario.me.listOutbox()).to.deep.equal([]);
    expect(scenario.relay.envelopes().filter((envelope) => envelope.from === 'ana')).to.have.length(0);
  });

  it('says when delivery failed and sends the files on Retry', async () => {
    const { el, scenario } = await renderComposer<ComposerScenario>(meta, stories.AttachmentsFailed);
    await waitForFiles(el, 3);
    const after = nextEvent<SealAfterSendEvent>(el, 'seal-after-send', 20_000);
    button(el, 'Send').click();
    const { messageId } = (await after).detail;
    await waitForText(el, 'To Dr. Lee: Failed to send', 20_000);
    await expect(el).to.be.accessible();
    scenario.transport.refuseSends = false;
    button(el, 'Retry').click();
    await waitForText(el, 'To Dr. Lee: Sent', 20_000);
    const lee = scenario.clients['dr-lee']!;
    await lee.sync();
    const opened = await lee.openMessage(messageId);
    expect(opened.status !== 'invalid' && opened.attachments.length).to.equal(3);
  });

  it('speaks Spanish', async () => {
    const { el } = await renderComposer(meta, stories.AttachmentsSpanish);
    await waitForFiles(el, 3);
    expect(button(el, 'Adjuntar archivos')).to.exist;
    expect(button(el, 'Quitar lab-results.pdf.exe')).to.exist;
    expect(text(listed(el)[1]!.querySelector('[part~="name-warning"]'))).to.include('su nombre termina en dos extensiones, “.pdf.exe”');
    expect(text(listed(el)[0]!.querySelector('[part~="attachment-meta"]'))).to.match(/^Documento PDF, /);
    await expect(el).to.be.accessible();
  });
});
