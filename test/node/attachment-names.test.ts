import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { displayName, downloadName, fitName } from '../../src/core/attachments/names.js';

describe('attachment names for display', () => {
  it('leaves ordinary names alone, in any script', () => {
    for (const name of ['lab results.pdf', 'Résumé – Dr. Müller.pdf', 'تقرير.pdf', '検査結果.jpg', 'archive.tar.gz', 'v1.2 letter.txt']) {
      const shown = displayName(name);
      assert.equal(shown.text, name);
      assert.equal(shown.hiddenCharacters, false);
      assert.equal(shown.doubleExtension, false, name);
    }
  });

  it('makes a right-to-left override visible, so "invoice‮fdp.exe" cannot pass for a PDF', () => {
    const shown = displayName('invoice\u202Efdp.exe');
    assert.equal(shown.text, 'invoice[U+202E]fdp.exe');
    assert.equal(shown.hiddenCharacters, true);
    assert.equal(shown.extension, 'exe');
  });

  it('makes every bidi control, control character and invisible character visible', () => {
    const hidden = ['\u202A', '\u202B', '\u202C', '\u202D', '\u2066', '\u2067', '\u2068', '\u2069', '\u200E', '\u200F', '\u061C',
      '\u200B', '\u200D', '\u2060', '\uFEFF', '\u00AD', '\u0000', '\u0007', '\n', '\r', '\t', '\u001B', '\u007F', '\u0085', '\u009B',
      '\u2028', '\u2029', '\u00A0', '\u3000', '\uD800'];
    for (const char of hidden) {
      const shown = displayName(`a${char}b.pdf`);
      const label = `[U+${char.codePointAt(0)!.toString(16).toUpperCase().padStart(4, '0')}]`;
      assert.equal(shown.text, `a${label}b.pdf`, label);
      assert.equal(shown.hiddenCharacters, true, label);
    }
  });

  it('flags a familiar extension followed by another one', () => {
    for (const name of ['scan.pdf.exe', 'photo.JPG.html', 'results.pdf      .exe', 'notes.txt.js', 'x.docx.\u200Bscr']) {
      assert.equal(displayName(name).doubleExtension, true, name);
    }
    for (const name of ['scan.pdf', 'report.2024.pdf', 'photo.jpg.jpg', '.profile', 'a.b.c', 'Dr. Smith letter.pdf']) {
      assert.equal(displayName(name).doubleExtension, false, name);
    }
  });
});

describe('attachment names for saving', () => {
  it('never yields a path, a hidden file or a device name', () => {
    assert.equal(downloadName('../../etc/passwd', 'text/plain'), '_.._etc_passwd.txt');
    assert.equal(downloadName('C:\\Windows\\system32\\evil.pdf', 'application/pdf'), 'C__Windows_system32_evil.pdf');
    assert.equal(downloadName('.bashrc', 'text/plain'), 'bashrc.txt');
    assert.equal(downloadName('CON.txt', 'text/plain'), '_CON.txt');
    assert.equal(downloadName('a<b>c:"d|e?*.png', 'image/png'), 'a_b_c__d_e__.png');
    assert.equal(downloadName('...', 'application/pdf'), 'attachment.pdf');
  });

  it('drops hidden characters, and gives the file the extension of its real type', () => {
    assert.equal(downloadName('invoice\u202Efdp.exe', 'application/pdf'), 'invoicefdp.exe.pdf');
    assert.equal(downloadName('notes.html', 'text/plain'), 'notes.html.txt');
    assert.equal(downloadName('photo.JPEG', 'image/jpeg'), 'photo.JPEG');
    assert.equal(downloadName('scan', 'image/heic'), 'scan.heic');
    assert.equal(downloadName('data.bin', 'application/octet-stream'), 'data.bin');
  });

  it('shortens long names, keeping the extension and whole characters', () => {
    const saved = downloadName(`${'😀'.repeat(150)}.pdf`, 'application/pdf');
    assert.ok(saved.length <= 200);
    assert.ok(saved.endsWith('😀.pdf'));
    assert.equal(fitName('abcdef.pdf', 8), 'abcd.pdf');
    assert.equal(fitName('short.pdf', 255), 'short.pdf');
  });
});
