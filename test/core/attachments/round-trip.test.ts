import { expect } from '@open-wc/testing';
import { openFile } from '../../../src/core/attachments/open-file.js';
import { sniffType } from '../../../src/core/attachments/sniff.js';
import {
  ANY_BYTES,
  bytesOf,
  createIdentity,
  randomBytes,
  sealAll,
  sha256Hex,
  stopIdentities,
  storeOf,
  type TestIdentity,
} from '../../helpers/attachments.js';

const CHUNK = 1024;

describe('attachments: seal and open a file', () => {
  let ana: TestIdentity;
  let lee: TestIdentity;

  before(async () => {
    [ana, lee] = await Promise.all([createIdentity('ana'), createIdentity('lee')]);
  });
  after(stopIdentities);

  for (const size of [0, 1, CHUNK - 1, CHUNK, CHUNK + 1, 3.5 * CHUNK]) {
    it(`round-trips ${size} bytes exactly (${Math.ceil(size / CHUNK)} chunks of ${CHUNK})`, async () => {
      const content = randomBytes(size);
      const file = new File([content], 'scan.bin');
      const { manifest, chunks } = await sealAll(file, { cipher: ana.cipher, recipientKeys: [lee.armoredPublicKey], chunkSize: CHUNK, limits: ANY_BYTES });

      expect(manifest).to.include({ name: 'scan.bin', size, chunkSize: CHUNK, sha256: await sha256Hex(content) });
      expect(manifest.type).to.equal(sniffType(content.subarray(0, 1024)).type);
      expect(chunks).to.have.length(Math.ceil(size / CHUNK));
      for (const [index, chunk] of chunks.entries()) {
        expect(manifest.chunks[index]).to.deep.equal({ size: chunk.byteLength, sha256: await sha256Hex(chunk) });
      }

      const opened = await openFile(manifest, storeOf(chunks), { cipher: lee.cipher, candidates: [{ armoredKey: ana.armoredPublicKey }], limits: ANY_BYTES });
      expect(opened.size).to.equal(size);
      expect(await sha256Hex(await bytesOf(opened))).to.equal(manifest.sha256);
      expect(Array.from(await bytesOf(opened))).to.deep.equal(Array.from(content));
    });
  }

  it('lets the sender open their own file, and keeps plaintext out of every chunk', async () => {
    const text = 'Potassium 4.1 mmol/L, sodium 139 mmol/L. '.repeat(60);
    const { manifest, chunks } = await sealAll(new File([text], 'labs.txt'), { cipher: ana.cipher, recipientKeys: [lee.armoredPublicKey], chunkSize: CHUNK });
    expect(manifest.type).to.equal('text/plain');
    const decoder = new TextDecoder('latin1');
    for (const chunk of chunks) expect(decoder.decode(chunk)).to.not.contain('Potassium');
    const opened = await openFile(manifest, storeOf(chunks), { cipher: ana.cipher, candidates: [{ armoredKey: ana.armoredPublicKey }] });
    expect(opened.type).to.equal('text/plain');
    expect(await opened.text()).to.equal(text);
  });

  it('uses 1 MiB chunks by default', async () => {
    const content = randomBytes(1024 * 1024 + 10);
    const { manifest, chunks } = await sealAll(new Blob([content]), { cipher: ana.cipher, recipientKeys: [lee.armoredPublicKey], name: 'x-ray.dcm', limits: ANY_BYTES });
    expect(manifest.chunkSize).to.equal(1024 * 1024);
    expect(chunks.map((chunk) => chunk.byteLength > 0)).to.deep.equal([true, true]);
    const opened = await openFile(manifest, storeOf(chunks), { cipher: lee.cipher, candidates: [{ armoredKey: ana.armoredPublicKey }], limits: ANY_BYTES });
    expect(await sha256Hex(await bytesOf(opened))).to.equal(await sha256Hex(content));
  });
});
