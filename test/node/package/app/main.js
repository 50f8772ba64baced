// A portal page as an application would write it against the installed package: the public entry
// points only. Two people on an in-page relay; Dr. Lee sends Ana a PDF, Ana's thread shows it.
import { createSealClient, MemoryRelay } from 'sealbox';
import 'sealbox/define';

const status = document.getElementById('status');
const say = (text) => {
  status.textContent = text;
  status.dataset.state = text;
};

/** A one-page PDF with a line of text. */
function letter(text) {
  const stream = `BT /F1 24 Tf 72 720 Td (${text}) Tj ET`;
  const objects = [
    '<< /Type /Catalog /Pages 2 0 R >>',
    '<< /Type /Pages /Kids [4 0 R] /Count 1 >>',
    '<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>',
    '<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 5 0 R /Resources << /Font << /F1 3 0 R >> >> >>',
    `<< /Length ${stream.length} >>\nstream\n${stream}\nendstream`,
  ];
  let body = '%PDF-1.4\n';
  const offsets = objects.map((object, i) => {
    const offset = body.length;
    body += `${i + 1} 0 obj\n${object}\nendobj\n`;
    return offset;
  });
  const xref = body.length;
  body += `xref\n0 ${objects.length + 1}\n0000000000 65535 f \n${offsets.map((o) => `${String(o).padStart(10, '0')} 00000 n \n`).join('')}`;
  body += `trailer\n<< /Size ${objects.length + 1} /Root 1 0 R >>\nstartxref\n${xref}\n%%EOF\n`;
  return new File([body], 'referral-letter.pdf', { type: 'application/pdf' });
}

async function person(relay, userId, displayName) {
  const client = await createSealClient({
    transport: relay.connect(userId, { displayName, role: userId === 'ana' ? 'Patient' : 'Clinician' }),
    userId,
    displayName,
    databaseName: `fixture-app:${userId}:${crypto.randomUUID()}`,
    pollIntervalMs: 0,
  });
  // Argon2 (the default key protection) in the worker: openpgp.js's lazily loaded parts must load too.
  await client.createIdentity(`${userId} fixture passphrase 1357`);
  return client;
}

async function main() {
  const relay = new MemoryRelay();
  const [ana, lee] = await Promise.all([person(relay, 'ana', 'Ana Ruiz'), person(relay, 'dr-lee', 'Dr. Lee')]);
  say('identities created');
  const { threadId } = await lee.send({ to: ['ana'], subject: 'Your referral', body: 'The letter is attached.', attachments: [letter('Referral letter')] });
  for (let i = 0; i < 200 && (await lee.listOutbox()).length > 0; i += 1) await new Promise((resolve) => setTimeout(resolve, 25));
  await ana.sync();
  document.getElementById('ana').client = ana;
  document.getElementById('thread').threadId = threadId;
  say('message received');
}

main().catch((error) => say(`failed: ${error?.code ?? ''} ${error?.message ?? error}`));
