import { expect } from '@open-wc/testing';
import { openFile } from '../../src/core/attachments/open-file.js';
import { openpgp } from '../helpers/attacker.js';
import { ANY_BYTES, createIdentity, randomBytes, rejection, sealAll, sha256Hex, stopIdentities, storeOf, type TestIdentity } from '../helpers/attachments.js';

describe('attack: attachment chunks re-encrypted and signed by another key', () => {
  let ana: TestIdentity;
  let lee: TestIdentity;
  let mallory: TestIdentity;
  before(async () => {
    [ana, lee, mallory] = await Promise.all([createIdentity('ana'), createIdentity('lee'), createIdentity('mallory')]);
  });
  after(stopIdentities);

  const content = randomBytes(2.5 * 512);
  const seal = (sender: TestIdentity) =>
    sealAll(new Blob([content]), { cipher: sender.cipher, recipientKeys: [lee.armoredPublicKey], chunkSize: 512, name: 'prescription.bin', limits: ANY_BYTES });
  const fromAna = () => ({ cipher: lee.cipher, candidates: [{ armoredKey: ana.armoredPublicKey }], limits: ANY_BYTES });

  it('rejects chunks Mallory signed in place of the ones named in Ana’s signed manifest', async () => {
    const genuine = await seal(ana);
    const forged = await seal(mallory);
    const error = await rejection(openFile(genuine.manifest, storeOf(forged.chunks), fromAna()));
    // Refused against the manifest before decryption: as a different chunk, or as a short one when
    // Mallory's signature happens to encode a byte shorter.
    expect(['ATTACHMENT_CHUNK_MISMATCH', 'ATTACHMENT_TRUNCATED']).to.include(error.code);
    expect(error.details).to.include({ chunk: 0 });
  });

  it('rejects Mallory’s chunks even with a manifest that matches them, when Ana is the claimed sender', async () => {
    const forged = await seal(mallory);
    const error = await rejection(openFile(forged.manifest, storeOf(forged.chunks), fromAna()));
    expect(error.code).to.equal('ATTACHMENT_SIGNATURE');
    expect(error.details).to.include({ chunk: 0, reason: 'WRONG_SENDER' });
    // The same chunks open when Mallory is the claimed sender: the check is about the signer.
    const opened = await openFile(forged.manifest, storeOf(forged.chunks), { ...fromAna(), candidates: [{ armoredKey: mallory.armoredPublicKey }] });
    expect(opened.size).to.equal(content.length);
  });

  it('rejects unsigned chunks encrypted to the recipient', async () => {
    const leeKey = await openpgp.readKey({ armoredKey: lee.armoredPublicKey });
    const chunks: Uint8Array[] = [];
    for (let start = 0; start < content.length; start += 512) {
      const message = await openpgp.createMessage({ binary: content.slice(start, start + 512) });
      chunks.push(await openpgp.encrypt({ message, encryptionKeys: leeKey, format: 'binary' }));
    }
    const genuine = await seal(ana);
    const manifest = {
      ...genuine.manifest,
      chunks: await Promise.all(chunks.map(async (chunk) => ({ size: chunk.length, sha256: await sha256Hex(chunk) }))),
    };
    const error = await rejection(openFile(manifest, storeOf(chunks), fromAna()));
    expect(error.code).to.equal('ATTACHMENT_SIGNATURE');
    expect(error.details).to.include({ chunk: 0, reason: 'NOT_SIGNED' });
  });
});
