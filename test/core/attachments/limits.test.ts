import { expect } from '@open-wc/testing';
import { checkAttachmentCount, DEFAULT_ATTACHMENT_LIMITS } from '../../../src/core/attachments/limits.js';
import { openFile } from '../../../src/core/attachments/open-file.js';
import { sealFile } from '../../../src/core/attachments/seal-file.js';
import { createIdentity, pngBytes, rejection, sealAll, stopIdentities, storeOf, type TestIdentity } from '../../helpers/attachments.js';

const SVG = '<?xml version="1.0"?>\n<svg xmlns="http://www.w3.org/2000/svg"><script>alert(document.cookie)</script></svg>';
const HTML = '<!DOCTYPE html><html><body><script>fetch("/api/messages")</script></body></html>';

describe('attachments: size, count and type limits', () => {
  let ana: TestIdentity;
  let lee: TestIdentity;
  before(async () => {
    [ana, lee] = await Promise.all([createIdentity('ana'), createIdentity('lee')]);
  });
  after(stopIdentities);

  const sealOptions = { get cipher() { return ana.cipher; }, get recipientKeys() { return [lee.armoredPublicKey]; }, chunkSize: 512 };
  const openOptions = (limits = {}) => ({ cipher: lee.cipher, candidates: [{ armoredKey: ana.armoredPublicKey }], limits });

  it('defaults to 25 MiB files, 5 files a message, and PDF, images and plain text', () => {
    expect(DEFAULT_ATTACHMENT_LIMITS.maxFileBytes).to.equal(25 * 1024 * 1024);
    expect(DEFAULT_ATTACHMENT_LIMITS.maxFilesPerMessage).to.equal(5);
    expect([...DEFAULT_ATTACHMENT_LIMITS.allowedTypes].sort()).to.deep.equal(
      ['application/pdf', 'image/gif', 'image/heic', 'image/jpeg', 'image/png', 'image/webp', 'text/plain'],
    );
    expect(() => checkAttachmentCount(5)).to.not.throw();
    expect(() => checkAttachmentCount(6)).to.throw().with.property('code', 'TOO_LARGE');
    expect(() => checkAttachmentCount(3, { ...DEFAULT_ATTACHMENT_LIMITS, maxFilesPerMessage: 2 })).to.throw().with.property('code', 'TOO_LARGE');
  });

  it('refuses a file over the size limit before encrypting anything', async () => {
    let encrypted = 0;
    const cipher = { ...ana.cipher, encryptChunk: (...args: Parameters<typeof ana.cipher.encryptChunk>) => (encrypted++, ana.cipher.encryptChunk(...args)) };
    const big = new File([pngBytes(4096)], 'photo.png');
    const error = await rejection(sealFile(big, { ...sealOptions, cipher, limits: { maxFileBytes: 4095 } }).next());
    expect(error.code).to.equal('TOO_LARGE');
    expect(error.details).to.include({ size: 4096, limit: 4095 });
    expect(encrypted).to.equal(0);
    // At the limit is fine.
    expect((await sealAll(big, { ...sealOptions, limits: { maxFileBytes: 4096 } })).manifest.size).to.equal(4096);
  });

  it('judges the type by content, not by name: SVG and HTML are refused by default', async () => {
    for (const [text, type] of [[SVG, 'image/svg+xml'], [HTML, 'text/html']] as const) {
      const error = await rejection(sealFile(new File([text], 'scan.pdf', { type: 'application/pdf' }), sealOptions).next());
      expect(error.code).to.equal('ATTACHMENT_TYPE');
      expect(error.details).to.include({ type });
    }
    const { manifest } = await sealAll(new File([pngBytes(600)], 'notes.txt', { type: 'text/plain' }), sealOptions);
    expect(manifest.type).to.equal('image/png');
  });

  it('never hands out SVG allowed by configuration as an active type', async () => {
    const limits = { allowedTypes: [...DEFAULT_ATTACHMENT_LIMITS.allowedTypes, 'image/svg+xml'] };
    const { manifest, chunks } = await sealAll(new File([SVG], 'chart.svg'), { ...sealOptions, limits });
    expect(manifest.type).to.equal('image/svg+xml');
    const opened = await openFile(manifest, storeOf(chunks), openOptions(limits));
    expect(opened.type).to.equal('application/octet-stream');
    expect(await opened.text()).to.equal(SVG);
    // A recipient whose limits do not allow SVG does not open it.
    expect((await rejection(openFile(manifest, storeOf(chunks), openOptions()))).code).to.equal('ATTACHMENT_TYPE');
  });

  it('refuses content that is not of the type its manifest names (HTML passed off as a PDF)', async () => {
    const limits = { allowedTypes: [...DEFAULT_ATTACHMENT_LIMITS.allowedTypes, 'text/html'] };
    const { manifest, chunks } = await sealAll(new File([HTML], 'invoice.pdf'), { ...sealOptions, limits });
    const disguised = { ...manifest, type: 'application/pdf' };
    const error = await rejection(openFile(disguised, storeOf(chunks), openOptions()));
    expect(error.code).to.equal('ATTACHMENT_TYPE');
    expect(error.details).to.include({ type: 'application/pdf', sniffed: 'text/html' });
  });

  it("applies the recipient's own size limit before downloading anything", async () => {
    const { manifest, chunks } = await sealAll(new File([pngBytes(3000)], 'photo.png'), sealOptions);
    let asked = 0;
    const store = storeOf(chunks);
    const error = await rejection(openFile(manifest, (index, signal) => (asked++, store(index, signal)), openOptions({ maxFileBytes: 2048 })));
    expect(error.code).to.equal('TOO_LARGE');
    expect(asked).to.equal(0);
  });
});
