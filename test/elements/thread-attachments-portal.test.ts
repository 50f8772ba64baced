import { expect } from '@open-wc/testing';
import type { SealThread } from '../../src/elements/thread/thread.js';
import type { SealErrorEvent } from '../../src/events/error.js';
import { setLocale } from '../../src/localize/localize.js';
import * as stories from '../../stories/thread.stories.js';
import type { AttachmentsScenario } from '../../stories/support/attachments-scenario.js';
import { disposeScenarios } from '../../stories/support/scenario.js';
import { nextEvent, waitFor } from '../helpers/clients.js';
import { announcement, button, messages, queryButton, renderThread, shadow, text, typeReply, waitForMessages } from '../helpers/thread-page.js';

const { default: meta } = stories;

const filesOf = (message: HTMLElement) => [...message.querySelectorAll<HTMLElement>('[part~="received-attachments"] [part~="attachment"]')];
const replyProblems = (el: SealThread) => [...shadow(el).querySelectorAll('[part~="reply"] [part~="attachment-problems"] li')].map(text);

async function receivedFiles(el: SealThread, count: number): Promise<HTMLElement[]> {
  const all = await waitForMessages(el, 2);
  return waitFor(() => (filesOf(all.at(-1)!).length === count ? filesOf(all.at(-1)!) : null), 10_000, `${count} attachments`);
}

const UNSUPPORTED = 'This portal cannot carry files: they can be neither sent nor downloaded here. Messages without files still work.';

describe('<seal-thread> attachments on a portal that cannot carry files', () => {
  afterEach(async () => {
    setLocale('en');
    await disposeScenarios();
  });

  it('lists received files, and Download fails with ATTACHMENTS_UNSUPPORTED said in words', async () => {
    const { el, scenario } = await renderThread<AttachmentsScenario>(meta, stories.AttachmentsNotSupported);
    expect(scenario.me.canAttach).to.equal(false);
    const [pdf] = await receivedFiles(el, 3);
    expect(text(pdf!.querySelector('[part~="file-name"]'))).to.equal('referral-letter.pdf');

    const failed = nextEvent<SealErrorEvent>(el, 'seal-error', 20_000);
    button(el, 'Download referral-letter.pdf').click();
    expect((await failed).detail).to.deep.equal({ code: 'ATTACHMENTS_UNSUPPORTED', operation: 'open-attachment' });
    const item = await waitFor(() => filesOf(messages(el).at(-1)!).find((file) => file.dataset.state === 'failed'), 5000, 'the failure');
    expect(text(item.querySelector('[part~="attachment-status"]'))).to.equal('Could not be opened');
    expect(text(item.querySelector('[part~="attachment-error"]'))).to.equal(UNSUPPORTED);
    expect(item.querySelector('a[part~="save-link"]')).to.equal(null);
    await waitFor(() => (announcement(el) === `referral-letter.pdf could not be opened. ${UNSUPPORTED}` ? true : null), 5000, 'the announcement');
    await expect(el).to.be.accessible();
  });

  it('has no "Attach files" in the reply box, refuses dropped files in words, and still sends text replies', async () => {
    const { el, scenario, threadId } = await renderThread<AttachmentsScenario>(meta, stories.AttachmentsNotSupported);
    await waitForMessages(el, 2);
    expect(queryButton(el, 'Attach files')).to.equal(undefined);
    expect(shadow(el).querySelector('input[type="file"]')).to.equal(null);
    expect(button(el, 'Send')).to.exist;

    const transfer = new DataTransfer();
    transfer.items.add(new File(['Fasting glucose\nMon 6.1\n'], 'glucose-log.txt', { type: 'text/plain' }));
    const form = shadow(el).querySelector('[part~="reply"]')!;
    form.dispatchEvent(new DragEvent('dragenter', { dataTransfer: transfer, bubbles: true, composed: true, cancelable: true }));
    await el.updateComplete;
    expect(text(shadow(el).querySelector('[part~="reply"] [part~="drop-zone"]'))).to.equal('This portal cannot send files');
    const drop = new DragEvent('drop', { dataTransfer: transfer, bubbles: true, composed: true, cancelable: true });
    form.dispatchEvent(drop);
    // Taken, so the browser does not open the file in the tab, and refused.
    expect(drop.defaultPrevented).to.equal(true);
    await waitFor(() => (replyProblems(el).length > 0 ? true : null), 5000, 'the refusal');
    expect(replyProblems(el)).to.deep.equal(['! This portal cannot send files. Nothing was attached.']);
    expect(announcement(el)).to.equal('This portal cannot send files. Nothing was attached.');
    expect(shadow(el).querySelectorAll('[part~="reply"] [part~="attachment"]')).to.have.length(0);
    await expect(el).to.be.accessible();

    await typeReply(el, 'Thank you, I will read the letter at the clinic.');
    button(el, 'Send').click();
    await waitForMessages(el, 3);
    const lee = scenario.clients['dr-lee']!;
    await waitFor(async () => {
      await lee.sync();
      const page = await lee.listMessages(threadId!);
      return page.items.length === 3 ? true : null;
    }, 20_000, 'the reply at Dr. Lee');
    expect(replyProblems(el)).to.deep.equal([]);
  });
});
