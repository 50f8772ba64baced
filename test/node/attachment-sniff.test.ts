import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { SNIFF_BYTES, sniffType } from '../../src/core/attachments/sniff.js';

const bytes = (...parts: (string | number[])[]) =>
  new Uint8Array(parts.flatMap((part) => (typeof part === 'string' ? Array.from(new TextEncoder().encode(part)) : part)));
const padded = (head: Uint8Array, length = 64) => {
  const out = new Uint8Array(length).fill(0x00);
  out.set(head);
  return out;
};

describe('attachment type sniffing', () => {
  it('recognises PDF, PNG, JPEG, GIF and WebP by their magic bytes, as safe to show', () => {
    const cases: [Uint8Array, string][] = [
      [padded(bytes('%PDF-1.7\n')), 'application/pdf'],
      [padded(bytes([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])), 'image/png'],
      [padded(bytes([0xff, 0xd8, 0xff, 0xe0])), 'image/jpeg'],
      [padded(bytes('GIF87a')), 'image/gif'],
      [padded(bytes('GIF89a')), 'image/gif'],
      [padded(bytes('RIFF', [0x24, 0x00, 0x00, 0x00], 'WEBPVP8 ')), 'image/webp'],
    ];
    for (const [head, type] of cases) assert.deepEqual(sniffType(head), { type, inline: true }, type);
  });

  it('recognises HEIC photos, directly or as a generic HEIF with a HEIC brand', () => {
    const ftyp = (major: string, ...compatible: string[]) => {
      const size = 16 + 4 * compatible.length;
      return padded(bytes([0, 0, 0, size], 'ftyp', major, [0, 0, 0, 0], compatible.join('')));
    };
    assert.equal(sniffType(ftyp('heic', 'mif1', 'heic')).type, 'image/heic');
    assert.equal(sniffType(ftyp('mif1', 'mif1', 'heic')).type, 'image/heic');
    assert.equal(sniffType(ftyp('mif1', 'avif')).type, 'application/octet-stream');
    assert.equal(sniffType(ftyp('isom', 'mp41')).type, 'application/octet-stream');
  });

  it('calls UTF-8 without binary control bytes plain text, and an empty file empty text', () => {
    assert.deepEqual(sniffType(bytes('Blood pressure 120/80\r\nPulse 62\tregular\n')), { type: 'text/plain', inline: true });
    assert.equal(sniffType(bytes([0xef, 0xbb, 0xbf], 'Überweisung – Kardiologie')).type, 'text/plain');
    assert.equal(sniffType(new Uint8Array(0)).type, 'text/plain');
    // A multi-byte character cut by the end of the sniffed head is still text.
    const long = bytes('é'.repeat(SNIFF_BYTES));
    assert.equal(sniffType(long.subarray(0, SNIFF_BYTES + 1)).type, 'text/plain');
    assert.equal(sniffType(bytes('ok', [0x00], 'ok')).type, 'application/octet-stream');
    assert.equal(sniffType(bytes('caf', [0xe9])).type, 'application/octet-stream');
  });

  it('detects SVG, HTML and XML, and never calls them safe to show inline', () => {
    const cases: [string, string][] = [
      ['<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>', 'image/svg+xml'],
      ['<?xml version="1.0"?>\n<svg xmlns="http://www.w3.org/2000/svg"/>', 'image/svg+xml'],
      ['<!-- Generator: Illustrator -->\n<svg width="10"/>', 'image/svg+xml'],
      ['<!DOCTYPE svg PUBLIC "-//W3C//DTD SVG 1.1//EN">', 'image/svg+xml'],
      ['  \n<!doctype html><title>x</title>', 'text/html'],
      ['<HTML><BODY onload=alert(1)>', 'text/html'],
      ['<script>alert(1)</script>', 'text/html'],
      ['<iframe src="https://evil.example">', 'text/html'],
      ['<p>Hello</p>', 'text/html'],
      ['<!-- a comment -->hello', 'text/html'],
      ['<?xml version="1.0"?><html xmlns="http://www.w3.org/1999/xhtml"><script/></html>', 'application/xhtml+xml'],
      ['<?xml version="1.0"?><?xml-stylesheet href="x.xsl"?><doc/>', 'application/xml'],
    ];
    for (const [text, type] of cases) assert.deepEqual(sniffType(bytes(text)), { type, inline: false }, text);
    // A BOM does not hide markup.
    assert.equal(sniffType(bytes([0xef, 0xbb, 0xbf], '<svg/>')).type, 'image/svg+xml');
    // Text that merely mentions a tag is text.
    assert.equal(sniffType(bytes('Note: <p> is a paragraph tag')).type, 'text/plain');
    assert.equal(sniffType(bytes('<pre>x</pre>')).type, 'text/plain');
  });

  it('calls anything else unknown binary, not safe to show', () => {
    assert.deepEqual(sniffType(bytes('PK', [3, 4, 20, 0, 0, 0])), { type: 'application/octet-stream', inline: false });
    assert.deepEqual(sniffType(bytes('MZ', [0x90, 0, 3, 0])), { type: 'application/octet-stream', inline: false });
  });
});
