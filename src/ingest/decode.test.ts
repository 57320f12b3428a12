import { describe, expect, it } from 'vitest';
import { cleanText, decodeText } from './decode.ts';
import { detectFormat } from './formats.ts';

const SAMPLE = 'Child’s voice – “not heard” at £0 cost';

describe('decodeText', () => {
  it('reads UTF-8, with or without a byte-order mark', () => {
    expect(decodeText(new TextEncoder().encode(SAMPLE))).toEqual({ text: SAMPLE, encoding: 'utf-8' });
    expect(decodeText(Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(SAMPLE)])).text).toBe(
      SAMPLE,
    );
  });

  it('reads UTF-16 in both byte orders with a byte-order mark', () => {
    const le = Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(SAMPLE, 'utf16le')]);
    expect(decodeText(le)).toEqual({ text: SAMPLE, encoding: 'utf-16le' });
    const be = Buffer.from(le.subarray(2)).swap16();
    expect(decodeText(Buffer.concat([Buffer.from([0xfe, 0xff]), be]))).toEqual({
      text: SAMPLE,
      encoding: 'utf-16be',
    });
  });

  it('falls back to Windows-1252 when the bytes are not UTF-8', () => {
    // "Child’s voice – “not heard” at £0 cost" as Word saves it in Windows-1252.
    const bytes = Buffer.from([
      0x43, 0x68, 0x69, 0x6c, 0x64, 0x92, 0x73, 0x20, 0x76, 0x6f, 0x69, 0x63, 0x65, 0x20, 0x96, 0x20, 0x93,
      0x6e, 0x6f, 0x74, 0x20, 0x68, 0x65, 0x61, 0x72, 0x64, 0x94, 0x20, 0x61, 0x74, 0x20, 0xa3, 0x30, 0x20,
      0x63, 0x6f, 0x73, 0x74,
    ]);
    expect(decodeText(bytes)).toEqual({ text: SAMPLE, encoding: 'windows-1252' });
  });
});

describe('cleanText', () => {
  it('normalises line breaks and removes soft hyphens, zero-width and control characters', () => {
    expect(cleanText('a\r\nb\rc\u00ad\u200bd\u0007e\u00a0f')).toBe('a\nb\ncde f');
  });
});

describe('detectFormat', () => {
  it('chooses by extension and checks the bytes agree', () => {
    expect(detectFormat('r.PDF', Buffer.from('%PDF-1.7'))).toBe('pdf');
    expect(detectFormat('r.md', Buffer.from('# x'))).toBe('md');
    expect(() => detectFormat('r.pdf', Buffer.from('hello'))).toThrow(/not a PDF/);
    expect(() => detectFormat('r.docx', Buffer.from('%PDF-1.7'))).toThrow(/not a DOCX/);
    expect(() => detectFormat('r.txt', Buffer.from([0, 1, 2, 3, 0, 0, 9]))).toThrow(/binary data/);
    expect(() => detectFormat('r.txt', Buffer.alloc(0))).toThrow(/empty file/);
    expect(() => detectFormat('r.xlsx', Buffer.from('PK'))).toThrow(/unsupported file type ".xlsx"/);
  });
});
