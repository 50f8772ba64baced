import { expect, fixture } from '@open-wc/testing';
import { html } from 'lit';
import '../../src/elements/provider/seal-provider.js';
import '../../src/elements/thread/seal-thread.js';
import type { SealThread } from '../../src/elements/thread/thread.js';
import { chooseFiles } from '../../stories/support/attachment-files.js';
import { createScenario, disposeScenarios } from '../../stories/support/scenario.js';
import { waitFor } from '../helpers/clients.js';
import { slowNetwork } from '../helpers/slow-network.js';
import { announcement, button, queryButton, shadow, typeReply } from '../helpers/thread-page.js';

describe('<seal-thread> stopping the upload of a reply', () => {
  afterEach(disposeScenarios);

  it('offers Stop upload while a reply’s files upload; the reply then waits with Retry, which finishes it', async () => {
    let network: ReturnType<typeof slowNetwork> | undefined;
    const scenario = await createScenario({
      people: ['ana', 'dr-lee'],
      messages: [{ from: 'dr-lee', to: ['ana'], subject: 'Your scan', body: 'Could you send me the scan?', thread: 'scan' }],
      wrapTransport: (userId, transport) => (userId === 'ana' ? (network = slowNetwork(transport)).transport : transport),
    });
    // About stopping uploads: the confirmation before a first reply (thread.test.ts) is off.
    const root = await fixture(html`<seal-provider .client=${scenario.me}><seal-thread no-confirm thread-id=${scenario.threadIds.scan!}></seal-thread></seal-provider>`);
    const el = root.querySelector<SealThread>('seal-thread')!;
    await waitFor(() => shadow(el).querySelector('[part~="reply"] input[type="file"]'), 10_000, 'the reply box');

    // Three 1 MiB chunks; the first gets through, then the network holds the upload.
    network!.control.holdPutsAfter = 1;
    network!.hold();
    chooseFiles(shadow(el).querySelector<HTMLInputElement>('[part~="reply"] input[type="file"]')!, [new File(['s'.repeat(3 * 1024 * 1024 - 7)], 'scan.txt')]);
    await waitFor(() => shadow(el).querySelector('[part~="reply"] [part~="attachment"]'), 5000, 'the chosen file');
    await typeReply(el, 'Here is the scan.');
    button(el, 'Send').click();

    const stop = await waitFor(() => queryButton(el, 'Stop upload'), 30_000, 'Stop upload');
    expect(shadow(el).getElementById(stop.getAttribute('aria-describedby')!)).to.exist;
    await expect(el).to.be.accessible();
    stop.click();
    const retry = await waitFor(() => queryButton(el, 'Retry'), 10_000, 'Retry');
    await waitFor(() => shadow(el).activeElement === retry, 5000, 'focus on Retry');
    expect(announcement(el)).to.equal('Upload stopped. Retry resumes it where it stopped.');
    expect((await scenario.me.listOutbox())[0]?.lastError?.code).to.equal('ABORTED');
    expect(Boolean(queryButton(el, 'Stop upload'))).to.equal(false);

    network!.control.holdPutsAfter = Infinity;
    network!.control.release();
    retry.click();
    await waitFor(async () => (await scenario.me.listOutbox()).length === 0, 20_000, 'delivery');
    expect(network!.control.puts).to.have.length(3);
    expect(new Set(network!.control.puts).size).to.equal(3);
  });
});
