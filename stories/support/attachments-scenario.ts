/**
 * Story setup for received attachments: Dr. Lee answers Ana's question with files, really encrypted,
 * uploaded and synced. Ana's network can hold downloads (to show progress) and a hostile server can
 * alter one stored chunk (the file then fails verification).
 */
import { DEFAULT_ATTACHMENT_LIMITS } from '../../src/core/attachments/limits.js';
import { SNIFFED_TYPES } from '../../src/core/attachments/sniff.js';
import type { SealTransport } from '../../src/transport/transport.js';
import { everydayFiles, hostileFiles, pdfBytes } from './attachment-files.js';
import { createScenario, type Scenario } from './scenario.js';
import { textOnly } from './text-only-transport.js';

/** What Ana's transport does to attachment downloads. */
export class DownloadControls {
  /** Downloads wait until this is set back to false. */
  #hold = false;
  #held: (() => void)[] = [];
  /** Blobs whose chunks a hostile server alters. */
  readonly tampered = new Set<string>();

  get hold(): boolean {
    return this.#hold;
  }

  set hold(hold: boolean) {
    this.#hold = hold;
    if (!hold) for (const release of this.#held.splice(0)) release();
  }

  /** Wraps a transport: every call goes through, `getBlobChunk` as these controls say. */
  wrap(inner: SealTransport): SealTransport {
    const getBlobChunk: SealTransport['getBlobChunk'] = async (blobId, index, options) => {
      if (this.#hold) await new Promise<void>((resolve) => this.#held.push(resolve));
      const bytes = await inner.getBlobChunk!(blobId, index, options);
      if (!this.tampered.has(blobId)) return bytes;
      const altered = bytes.slice();
      altered[altered.length >> 1] ^= 0x01;
      return altered;
    };
    return new Proxy(inner, {
      get(target, key) {
        if (key === 'getBlobChunk') return getBlobChunk;
        const value: unknown = Reflect.get(target, key, target);
        return typeof value === 'function' ? value.bind(target) : value;
      },
    });
  }
}

export type ReceivedFiles = 'everyday' | 'hostile';

export interface AttachmentsScenario extends Scenario {
  downloads: DownloadControls;
  /** The labs thread; Dr. Lee's message with the files. */
  threadId: string;
  messageId: string;
  /** The files Dr. Lee sent, in order. */
  files: File[];
}

/** Limits that also let SVG through, so the thread can show that it is still never shown inline. */
const WITH_SVG = { allowedTypes: [...DEFAULT_ATTACHMENT_LIMITS.allowedTypes, SNIFFED_TYPES.svg] };

const svgFile = () =>
  new File(['<svg xmlns="http://www.w3.org/2000/svg" width="40" height="40"><script>parent.alert(1)</script><circle r="20" cx="20" cy="20"/></svg>'], 'diagram.svg');

/**
 * Ana asks Dr. Lee about her lab results; he answers with `files`: a PDF letter, a photo and a note,
 * names that disguise their files plus an SVG drawing, or the files given. `tamper` has the server alter the first file;
 * `textOnly` gives Ana a portal whose transport has no blob methods (she can neither send nor download files).
 */
export async function createAttachmentsScenario(options: { files?: ReceivedFiles | readonly File[]; tamper?: boolean; textOnly?: boolean } = {}): Promise<AttachmentsScenario> {
  const downloads = new DownloadControls();
  const scenario = await createScenario({
    people: ['ana', 'dr-lee'],
    messages: [{ from: 'ana', to: ['dr-lee'], subject: 'Question about my lab results', body: 'My A1C came back at 6.1. Is that something to worry about?', thread: 'labs' }],
    attachmentLimits: WITH_SVG,
    wrapTransport: (userId, transport) => (userId !== 'ana' ? transport : options.textOnly ? textOnly(transport) : downloads.wrap(transport)),
  });
  const hostile = options.files === 'hostile';
  const files = Array.isArray(options.files) ? [...options.files] : hostile ? [...hostileFiles(), svgFile()] : await everydayFiles();
  const lee = scenario.clients['dr-lee']!;
  await lee.sync();
  const sent = await lee.send({
    to: ['ana'],
    subject: 'Re: Question about my lab results',
    body: hostile ? 'Here are the files you asked for.' : 'Here is the referral letter, and thank you for the photo and the log.',
    threadId: scenario.threadIds.labs!,
    replyTo: scenario.messageIds[0]!,
    attachments: files,
  });
  for (let i = 0; i < 500 && (await lee.listOutbox()).length > 0; i += 1) await new Promise((resolve) => setTimeout(resolve, 10));
  await scenario.me.sync();
  const opened = await scenario.me.openMessage(sent.id);
  if (options.tamper && opened.status !== 'invalid') downloads.tampered.add(opened.attachments[0]!.id);
  return Object.assign(scenario, { downloads, threadId: sent.threadId, messageId: sent.id, files });
}

/** A small PDF for replies. */
export const replyFile = () => new File([pdfBytes('Glucose log, week 12')], 'glucose-week-12.pdf', { lastModified: 1_767_000_000_000 });
