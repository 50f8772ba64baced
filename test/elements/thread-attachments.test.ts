import { expect } from '@open-wc/testing';
import type { SealThread } from '../../src/elements/thread/thread.js';
import type { SealAfterSendEvent } from '../../src/events/after-send.js';
import type { SealAttachmentOpenEvent } from '../../src/events/attachment-open.js';
import type { SealErrorEvent } from '../../src/events/error.js';
import { setLocale } from '../../src/localize/localize.js';
import * as stories from '../../stories/thread.stories.js';
import { chooseFiles, everydayFiles } from '../../stories/support/attachment-files.js';
import { replyFile, type AttachmentsScenario } from '../../stories/support/attachments-scenario.js';
import { disposeScenarios } from '../../stories/support/scenario.js';
import { nextEvent, waitFor } from '../helpers/clients.js';
import { announcement, button, messages, queryButton, renderThread, shadow, text, typeReply, waitForMessages } from '../helpers/thread-page.js';

const { default: meta } = stories;

/** The files listed in a message. */
const filesOf = (message: HTMLElement) => [...message.querySelectorAll<HTMLElement>('[part~="received-attachments"] [part~="attachment"]')];

async function receivedFiles(el: SealThread, count: number): Promise<HTMLElement[]> {
  const all = await waitForMessages(el, 2);
  return waitFor(() => (filesOf(all.at(-1)!).length === count ? filesOf(all.at(-1)!) : null), 10_000, `${count} attachments`);
}

/** How many pixels of a drawn canvas are dark (text), not white paper. */
function inkOn(canvas: HTMLCanvasElement): number {
  if (canvas.width === 0 || canvas.height === 0) return 0;
  const { data } = canvas.getContext('2d')!.getImageData(0, 0, canvas.width, canvas.height);
  let dark = 0;
  for (let i = 0; i < data.length; i += 4) if (data[i + 3]! > 0 && data[i]! + data[i + 1]! + data[i + 2]! < 300) dark += 1;
  return dark;
}

async function bytesOf(blob: Blob): Promise<number[]> {
  return [...new Uint8Array(await blob.arrayBuffer())];
}

function saveLink(el: SealThread, name: string): HTMLAnchorElement | null {
  return [...shadow(el).querySelectorAll<HTMLAnchorElement>('a[part~="save-link"]')].find((link) => link.getAttribute('aria-label') === `Save ${name}`) ?? null;
}

async function download(el: SealThread, name: string): Promise<HTMLAnchorElement> {
  button(el, `Download ${name}`).click();
  return waitFor(() => saveLink(el, name), 20_000, `"Save ${name}"`);
}

describe('<seal-thread> attachments', () => {
  afterEach(async () => {
    setLocale('en');
    await disposeScenarios();
  });

  it('lists each received file with name, type, size and status', async () => {
    const { el } = await renderThread(meta, stories.AttachmentsReceived);
    const [pdf, png, note] = await receivedFiles(el, 3);
    expect(text(pdf!.querySelector('[part~="file-name"]'))).to.equal('referral-letter.pdf');
    expect(text(pdf!.querySelector('[part~="attachment-meta"]'))).to.match(/^PDF document, \d+ byte/);
    expect(text(png!.querySelector('[part~="attachment-meta"]'))).to.match(/^PNG image, /);
    expect(text(note!.querySelector('[part~="attachment-meta"]'))).to.match(/^Text, /);
    expect(text(pdf!.querySelector('[part~="attachment-status"]'))).to.equal('Not downloaded yet');
    expect(button(el, 'Download referral-letter.pdf')).to.exist;
    expect(text(shadow(el).querySelector('[part~="received-attachments"]'))).to.match(/^Attachments/);
    await expect(el).to.be.accessible();
  });

  it('downloads, verifies and decrypts a file, then offers it byte for byte under its safe name', async () => {
    const { el, scenario } = await renderThread<AttachmentsScenario>(meta, stories.AttachmentsReceived);
    await receivedFiles(el, 3);
    scenario.downloads.hold = true;
    const opened = nextEvent<SealAttachmentOpenEvent>(el, 'seal-attachment-open', 20_000);
    button(el, 'Download referral-letter.pdf').click();
    const bar = await waitFor(() => shadow(el).querySelector<HTMLProgressElement>('[part~="attachment-progress"] progress'), 5000, 'download progress');
    expect(bar.getAttribute('aria-label')).to.equal('Decrypting and checking… referral-letter.pdf');
    expect(button(el, 'Cancel download of referral-letter.pdf')).to.exist;
    await expect(el).to.be.accessible();
    scenario.downloads.hold = false;

    const link = await waitFor(() => saveLink(el, 'referral-letter.pdf'), 20_000, 'the Save link');
    const event = await opened;
    expect(event.detail).to.deep.equal({ messageId: scenario.messageId, attachmentId: event.detail.attachmentId });
    expect(Object.keys(event.detail)).to.deep.equal(['messageId', 'attachmentId']);
    expect(link.getAttribute('download')).to.equal('referral-letter.pdf');
    expect(link.href).to.match(/^blob:/);
    expect(text(link)).to.equal('Save');
    const saved = await (await fetch(link.href)).blob();
    expect(saved.type).to.equal('application/octet-stream');
    expect(await bytesOf(saved)).to.deep.equal(await bytesOf(scenario.files[0]!));
    await waitFor(() => shadow(el).activeElement === link, 5000, 'focus on Save');
    expect(announcement(el)).to.equal('referral-letter.pdf is verified and ready to save.');
    const item = filesOf(messages(el).at(-1)!)[0]!;
    expect(text(item.querySelector('[part~="attachment-status"]'))).to.equal('Verified');
    await expect(el).to.be.accessible();

    // Locking forgets the decrypted file: its URL is revoked.
    await scenario.me.lock();
    await waitFor(() => !saveLink(el, 'referral-letter.pdf'), 5000, 'the link removed');
    let revoked = false;
    await fetch(link.href).catch(() => (revoked = true));
    expect(revoked).to.equal(true);
  });

  it('cancels a download', async () => {
    const { el, scenario } = await renderThread<AttachmentsScenario>(meta, stories.AttachmentsReceived);
    await receivedFiles(el, 3);
    scenario.downloads.hold = true;
    button(el, 'Download glucose-log.txt').click();
    await waitFor(() => queryButton(el, 'Cancel download of glucose-log.txt'), 5000, 'Cancel').then((cancel) => cancel.click());
    await waitFor(() => queryButton(el, 'Download glucose-log.txt'), 5000, 'Download again');
    expect(announcement(el)).to.equal('Download cancelled.');
    expect(saveLink(el, 'glucose-log.txt')).to.equal(null);
    scenario.downloads.hold = false;
  });

  it('previews a verified picture as an image and a PDF drawn as a picture; text is not shown inline', async () => {
    const { el } = await renderThread<AttachmentsScenario>(meta, stories.AttachmentsPreview);
    await receivedFiles(el, 3);
    expect(Boolean(queryButton(el, 'Preview rash-photo.png'))).to.equal(false);
    await download(el, 'rash-photo.png');
    const preview = button(el, 'Preview rash-photo.png');
    expect(preview.getAttribute('aria-expanded')).to.equal('false');
    preview.click();
    const img = await waitFor(() => shadow(el).querySelector<HTMLImageElement>('[part~="preview-image"]'), 5000, 'the image');
    expect(img.alt).to.equal('Preview of rash-photo.png');
    expect(img.src).to.match(/^blob:/);
    await waitFor(() => img.complete && img.naturalWidth > 0, 5000, 'the image to decode');
    expect(img.naturalWidth).to.equal(320);
    const hide = button(el, 'Hide preview of rash-photo.png');
    expect(hide.getAttribute('aria-expanded')).to.equal('true');
    expect(shadow(el).getElementById(hide.getAttribute('aria-controls')!)).to.contain(img);
    await expect(el).to.be.accessible();

    await download(el, 'referral-letter.pdf');
    button(el, 'Preview referral-letter.pdf').click();
    const page = await waitFor(() => shadow(el).querySelector<HTMLCanvasElement>('[part~="preview-page"]'), 20_000, 'the PDF page');
    await waitFor(() => inkOn(page) > 0, 20_000, 'the PDF page to be drawn');
    expect(page.getAttribute('role')).to.equal('img');
    expect(page.getAttribute('aria-label')).to.equal('Page 1 of 2 of referral-letter.pdf');
    // Drawn to the preview's width (the page is US Letter, 8.5 × 11 in).
    expect(page.width / page.height).to.be.closeTo(612 / 792, 0.01);
    expect(shadow(el).querySelector('iframe, embed, object')).to.equal(null);
    expect(button(el, 'Previous page').disabled).to.equal(true);
    await expect(el).to.be.accessible();

    // Next page draws page 2; at the last page focus moves from the disabled Next to Previous.
    const firstPage = page.toDataURL();
    button(el, 'Next page').focus();
    button(el, 'Next page').click();
    await waitFor(() => page.getAttribute('aria-label') === 'Page 2 of 2 of referral-letter.pdf', 5000, 'page 2');
    await waitFor(() => inkOn(page) > 0 && page.toDataURL() !== firstPage, 20_000, 'page 2 to be drawn');
    expect(announcement(el)).to.equal('Page 2 of 2');
    expect(button(el, 'Next page').disabled).to.equal(true);
    expect(shadow(el).activeElement).to.equal(button(el, 'Previous page'));
    // The arrow keys and Home/End page through while the page has focus.
    page.focus();
    page.dispatchEvent(new KeyboardEvent('keydown', { key: 'Home', bubbles: true, composed: true }));
    await waitFor(() => page.getAttribute('aria-label') === 'Page 1 of 2 of referral-letter.pdf', 5000, 'page 1 again');
    page.dispatchEvent(new KeyboardEvent('keydown', { key: 'ArrowRight', bubbles: true, composed: true }));
    await waitFor(() => page.getAttribute('aria-label') === 'Page 2 of 2 of referral-letter.pdf', 5000, 'page 2 again');

    // The page's text, for screen readers and copying: plain text below the page, following it.
    const showText = button(el, 'Show the text of this page');
    expect(showText.getAttribute('aria-expanded')).to.equal('false');
    const region = shadow(el).getElementById(showText.getAttribute('aria-controls')!)!;
    expect(region.hidden).to.equal(true);
    showText.click();
    await waitFor(() => text(region) === 'Page 2: medication list', 10_000, "page 2's text");
    expect(region.hidden).to.equal(false);
    expect(region.getAttribute('aria-label')).to.equal('Text of page 2 of referral-letter.pdf');
    expect(button(el, 'Hide the text').getAttribute('aria-expanded')).to.equal('true');
    expect(region.children).to.have.length(0);
    await expect(el).to.be.accessible();
    button(el, 'Previous page').click();
    await waitFor(() => text(region) === 'Referral letter for Ana Ruiz', 10_000, "page 1's text");
    expect(region.getAttribute('aria-label')).to.equal('Text of page 1 of referral-letter.pdf');
    button(el, 'Hide the text').click();
    await el.updateComplete;
    expect(region.hidden).to.equal(true);

    await download(el, 'glucose-log.txt');
    expect(Boolean(queryButton(el, 'Preview glucose-log.txt'))).to.equal(false);
    expect(text(filesOf(messages(el).at(-1)!)[2]!)).to.include('This kind of file is not shown here');
  });

  it('shows disguised names as text with visible markers, and never shows SVG inside the page', async () => {
    const { el } = await renderThread(meta, stories.AttachmentsHostileNames);
    const [rtl, double, control, svg] = await receivedFiles(el, 4);
    const name = rtl!.querySelector('[part~="file-name"]')!;
    expect(text(name)).to.equal('invoice[U+202E]fdp.exe');
    expect(text(name.querySelector('[part~="hidden-character"]'))).to.equal('[U+202E]');
    expect(name.textContent).to.not.include('\u202E');
    expect(text(rtl!.querySelector('[part~="name-warning"]'))).to.include('hidden characters');
    expect(text(double!.querySelector('[part~="name-warning"]'))).to.include('two extensions, “.pdf.exe”');
    expect(text(control!.querySelector('[part~="file-name"]'))).to.equal('note[U+0007][U+200B].txt');
    expect(button(el, 'Download invoice[U+202E]fdp.exe')).to.exist;
    expect(text(svg!.querySelector('[part~="attachment-meta"]'))).to.match(/^SVG image, /);
    await expect(el).to.be.accessible();

    // Saved under a plain name with the extension of what it is; never previewed.
    expect((await download(el, 'invoice[U+202E]fdp.exe')).getAttribute('download')).to.equal('invoicefdp.exe.pdf');
    const link = await download(el, 'diagram.svg');
    expect(Boolean(queryButton(el, 'Preview diagram.svg'))).to.equal(false);
    const saved = await (await fetch(link.href)).blob();
    expect(saved.type).to.equal('application/octet-stream');
    expect(shadow(el).querySelector('img, iframe, svg, script')).to.equal(null);
  });

  it('says in words when a file fails verification, and offers no download', async () => {
    const { el } = await renderThread(meta, stories.AttachmentsTampered);
    await receivedFiles(el, 3);
    const failed = nextEvent<SealErrorEvent>(el, 'seal-error', 20_000);
    button(el, 'Download referral-letter.pdf').click();
    expect((await failed).detail).to.deep.equal({ code: 'ATTACHMENT_CHUNK_MISMATCH', operation: 'open-attachment' });
    const item = await waitFor(() => filesOf(messages(el).at(-1)!).find((file) => file.dataset.state === 'failed'), 5000, 'the failure');
    expect(text(item.querySelector('[part~="attachment-status"]'))).to.equal('Could not be opened');
    expect(text(item.querySelector('[part~="attachment-error"]'))).to.equal('This file was altered after it was sent. It is not offered for download.');
    expect(item.querySelector('a, button')).to.equal(null);
    expect(announcement(el)).to.include('referral-letter.pdf could not be opened.');
    await expect(el).to.be.accessible();
    // The others are fine.
    await download(el, 'rash-photo.png');
  });

  it('sends a reply with files chosen or dropped in the reply box; the recipient gets them byte for byte', async () => {
    const { el, scenario, threadId } = await renderThread(meta, stories.ReplyWithFiles);
    await waitForMessages(el, 2);
    const chosen = await waitFor(() => (shadow(el).querySelectorAll('[part~="reply"] [part~="attachment"]').length === 3 ? true : null), 10_000, 'the chosen files');
    expect(chosen).to.equal(true);
    expect(button(el, 'Attach files')).to.exist;
    await expect(el).to.be.accessible();

    // One more, dropped on the reply box.
    const transfer = new DataTransfer();
    transfer.items.add(replyFile());
    const form = shadow(el).querySelector('[part~="reply"]')!;
    form.dispatchEvent(new DragEvent('dragenter', { dataTransfer: transfer, bubbles: true, composed: true, cancelable: true }));
    await el.updateComplete;
    expect(text(shadow(el).querySelector('[part~="reply"] [part~="drop-zone"]'))).to.equal('Drop files here to attach them');
    await expect(el).to.be.accessible();
    form.dispatchEvent(new DragEvent('drop', { dataTransfer: transfer, bubbles: true, composed: true, cancelable: true }));
    await waitFor(() => shadow(el).querySelectorAll('[part~="reply"] [part~="attachment"]').length === 4, 5000, 'four files');

    await typeReply(el, 'Here are my glucose logs and the photo.');
    const after = nextEvent<SealAfterSendEvent>(el, 'seal-after-send', 20_000);
    button(el, 'Send').click();
    const { messageId } = (await after).detail;
    await waitFor(() => shadow(el).querySelectorAll('[part~="reply"] [part~="attachment"]').length === 0, 5000, 'the reply box cleared');

    const lee = scenario.clients['dr-lee']!;
    await waitFor(async () => (await scenario.me.listOutbox()).length === 0, 20_000, 'delivery');
    await lee.sync();
    const opened = await lee.openMessage(messageId);
    if (opened.status === 'invalid') throw new Error('The reply did not verify');
    expect(opened.threadId).to.equal(threadId);
    const originals = [...(await everydayFiles()), replyFile()];
    expect(opened.attachments.map((attachment) => attachment.name)).to.deep.equal(originals.map((file) => file.name));
    for (const [i, attachment] of opened.attachments.entries()) {
      expect(await bytesOf(await lee.openAttachment(messageId, attachment.id))).to.deep.equal(await bytesOf(originals[i]!));
    }
    // Ana's own message lists the files she sent.
    const mine = await waitFor(() => messages(el).find((message) => filesOf(message).length === 4), 10_000, 'the sent files listed');
    expect(text(mine.querySelector('[part~="sender"]'))).to.equal('You');
  });

  it('says which files were not attached to a reply, and why', async () => {
    const { el } = await renderThread(meta, stories.Conversation);
    await waitForMessages(el, 2);
    const input = await waitFor(() => shadow(el).querySelector<HTMLInputElement>('[part~="reply"] input[type="file"]'), 5000, 'the file input');
    chooseFiles(input, [new File(['<html><script>alert(1)</script></html>'], 'page.html')]);
    await waitFor(() => shadow(el).querySelector('[part~="attachment-problems"]'), 5000, 'the problem');
    expect(text(shadow(el).querySelector('[part~="attachment-problems"]'))).to.equal('! page.html was not attached: Web page (HTML) files cannot be sent.');
    await waitFor(() => announcement(el) === 'page.html was not attached: Web page (HTML) files cannot be sent.', 5000, 'the announcement');
    await expect(el).to.be.accessible();
  });

  it('speaks Spanish', async () => {
    const { el } = await renderThread(meta, stories.AttachmentsSpanish);
    await receivedFiles(el, 3);
    expect(button(el, 'Descargar referral-letter.pdf')).to.exist;
    expect(button(el, 'Adjuntar archivos')).to.exist;
    await waitFor(() => queryButton(el, 'Quitar rash-photo.png'), 10_000, 'the chosen files');
    expect(text(shadow(el).querySelector('[part~="received-attachments"] [part~="attachment-status"]'))).to.equal('Aún sin descargar');
    button(el, 'Descargar rash-photo.png').click();
    await waitFor(() => queryButton(el, 'Vista previa de rash-photo.png'), 20_000, 'Vista previa');
    expect(text(button(el, 'Vista previa de rash-photo.png'))).to.equal('Vista previa');
    await expect(el).to.be.accessible();
  });
});
