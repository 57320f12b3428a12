/**
 * The fuzz corpus: malformed files of every type Lantern accepts (.txt .md .html .htm .pdf
 * .docx), made from small fictional good documents by seeded, deterministic mutations:
 * truncations, bit flips, NUL bytes, wrong encodings, wrong extensions, empty files, deep
 * nesting, pathological repetition, zip bombs (true and lying sizes) and XXE in a DOCX's XML.
 * The same seed gives the same files, byte for byte. Used by test/fuzz.test.ts (a bounded run)
 * and scripts/fuzz/run.ts (`npm run fuzz`, a larger one).
 */
import { deflateRawSync } from 'node:zlib';
import JSZip from 'jszip';
import { writeDocx, writePdf, type DocSpec } from '../document-writers.ts';
import { random } from '../../src/classify/model.ts';

export type FuzzType = 'txt' | 'md' | 'html' | 'htm' | 'pdf' | 'docx';
export const FUZZ_TYPES: FuzzType[] = ['txt', 'md', 'html', 'htm', 'pdf', 'docx'];

export interface FuzzFile {
  name: string;
  type: FuzzType;
  /** What was done to the good document. `good` files must import. */
  mutation: string;
  good: boolean;
  bytes: Uint8Array;
}

export interface FuzzOptions {
  seed: number;
  /** Malformed files per type. */
  perType: number;
  /** Size of the pathological (repetition, nesting) files, in bytes. */
  bigBytes: number;
}

/** The seeded generator training uses too (mulberry32): the same corpus for a seed everywhere. */
export const prng = random;

// A fictional review: no sentence comes from a real document.
const TITLE = 'Learning Briefing: Child Q (Fernhollow Safeguarding Partnership)';
const PARAGRAPHS = [
  'Child Q was aged 7 years when the school raised concerns about missed meals and bruising.',
  'Agencies did not share what they knew, and the health visitor was not invited to the strategy meeting.',
  'The partnership should ensure that schools are invited to every strategy discussion about a pupil.',
  'Practitioners should record the voice of the child at each visit and say how it shaped the plan.',
  'Since the review, the partnership has published a one-page guide on escalation for all agencies.',
];
const FINDINGS = [
  'Information about domestic abuse in the household was held by police but not shared with the school.',
  'Professional curiosity about the adults living in the home was limited.',
];

function spec(variant: number): DocSpec {
  return {
    title: `${TITLE} ${variant}`,
    blocks: [
      { kind: 'heading', level: 1, text: `${TITLE} ${variant}` },
      { kind: 'heading', level: 2, text: 'Background' },
      { kind: 'paragraph', text: PARAGRAPHS[0] ?? '' },
      { kind: 'heading', level: 2, text: 'Findings' },
      ...FINDINGS.map((text) => ({ kind: 'bullet' as const, text })),
      { kind: 'heading', level: 2, text: 'Recommendations' },
      { kind: 'numbered', text: PARAGRAPHS[2] ?? '' },
      { kind: 'numbered', text: PARAGRAPHS[3] ?? '' },
      { kind: 'heading', level: 2, text: 'What we have done' },
      { kind: 'paragraph', text: `${PARAGRAPHS[4] ?? ''} (Edition ${variant}.)` },
      {
        kind: 'table',
        header: true,
        rows: [
          ['Action', 'Owner', 'Deadline'],
          ['Update the escalation guide', 'Partnership business unit', 'March 2025'],
        ],
      },
    ],
  };
}

function markdown(variant: number): string {
  return [
    `# ${TITLE} ${variant}`,
    '',
    '## Background',
    '',
    PARAGRAPHS[0],
    '',
    '## Findings',
    '',
    ...FINDINGS.map((f) => `- ${f}`),
    '',
    '## Recommendations',
    '',
    `1. ${PARAGRAPHS[2]}`,
    `2. ${PARAGRAPHS[3]}`,
    '',
    '## What we have done',
    '',
    `${PARAGRAPHS[4]} (Edition ${variant}.)`,
    '',
  ].join('\n');
}

function plainText(variant: number): string {
  return markdown(variant).replace(/^#+ /gm, '');
}

function html(variant: number): string {
  return [
    '<!doctype html><html><head><meta charset="utf-8">',
    `<title>${TITLE} ${variant}</title></head><body><main>`,
    `<h1>${TITLE} ${variant}</h1>`,
    `<h2>Background</h2><p>${PARAGRAPHS[0]}</p>`,
    `<h2>Findings</h2><ul>${FINDINGS.map((f) => `<li>${f}</li>`).join('')}</ul>`,
    `<h2>Recommendations</h2><ol><li>${PARAGRAPHS[2]}</li><li>${PARAGRAPHS[3]}</li></ol>`,
    `<h2>What we have done</h2><p>${PARAGRAPHS[4]} (Edition ${variant}.)</p>`,
    '</main></body></html>',
  ].join('\n');
}

const utf8 = (s: string) => new Uint8Array(Buffer.from(s, 'utf8'));

/** Builds a zip from entries (name -> content) with jszip, deflated, in a fixed order. */
async function zip(entries: [string, string | Uint8Array][]): Promise<Uint8Array> {
  const z = new JSZip();
  const date = new Date('2024-01-01T00:00:00Z');
  for (const [name, content] of entries) z.file(name, content, { date, createFolders: false });
  return new Uint8Array(await z.generateAsync({ type: 'uint8array', compression: 'DEFLATE' }));
}

const CONTENT_TYPES =
  '<?xml version="1.0" encoding="UTF-8" standalone="yes"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/></Types>';
const RELS =
  '<?xml version="1.0" encoding="UTF-8" standalone="yes"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="word/document.xml"/></Relationships>';
const W = 'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"';

export const para = (text: string) => `<w:p><w:r><w:t xml:space="preserve">${text}</w:t></w:r></w:p>`;

/** A minimal DOCX whose document.xml body is `body` (and whose prologue is `prologue`). */
export function rawDocx(body: string, prologue = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>') {
  return zip([
    ['[Content_Types].xml', CONTENT_TYPES],
    ['_rels/.rels', RELS],
    ['word/document.xml', `${prologue}<w:document ${W}><w:body>${body}</w:body></w:document>`],
  ]);
}

/**
 * A zip with one stored deflate entry that inflates to `inflated` bytes while its headers claim
 * `claimed` bytes: a lying zip bomb when claimed < inflated.
 */
export function bombZip(inflated: number, claimed: number): Uint8Array {
  const data = deflateRawSync(Buffer.alloc(inflated, 0x20), { level: 9 });
  const name = Buffer.from('word/document.xml');
  const local = Buffer.alloc(30);
  local.writeUInt32LE(0x04034b50, 0);
  local.writeUInt16LE(20, 4);
  local.writeUInt16LE(8, 8);
  local.writeUInt32LE(data.length, 18);
  local.writeUInt32LE(claimed, 22);
  local.writeUInt16LE(name.length, 26);
  const central = Buffer.alloc(46);
  central.writeUInt32LE(0x02014b50, 0);
  central.writeUInt16LE(20, 4);
  central.writeUInt16LE(20, 6);
  central.writeUInt16LE(8, 10);
  central.writeUInt32LE(data.length, 20);
  central.writeUInt32LE(claimed, 24);
  central.writeUInt16LE(name.length, 28);
  central.writeUInt32LE(0, 42);
  const centralStart = local.length + name.length + data.length;
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(1, 8);
  end.writeUInt16LE(1, 10);
  end.writeUInt32LE(central.length + name.length, 12);
  end.writeUInt32LE(centralStart, 16);
  return new Uint8Array(Buffer.concat([local, name, data, central, name, end]));
}

/** A line of words before a pathological body, so that it is text and reaches every stage. */
const WORDS = 'Findings about neglect and the voice of the child\n\n';

function repeat(unit: string, bytes: number): string {
  return unit.repeat(Math.max(1, Math.ceil(bytes / unit.length))).slice(0, bytes);
}

/** Whole copies of `unit` up to about `bytes` (markup must not be cut mid-tag). */
function times(unit: string, bytes: number): string {
  return unit.repeat(Math.max(1, Math.round(bytes / unit.length)));
}

/** Byte-level mutations that apply to any file. */
function truncate(bytes: Uint8Array, r: () => number): Uint8Array {
  return bytes.slice(0, Math.floor(r() * bytes.length));
}

function flipBits(bytes: Uint8Array, r: () => number, flips: number): Uint8Array {
  const out = bytes.slice();
  for (let k = 0; k < flips; k++) {
    const i = Math.floor(r() * out.length);
    out[i] = (out[i] ?? 0) ^ (1 << Math.floor(r() * 8));
  }
  return out;
}

function insertNuls(bytes: Uint8Array, r: () => number, count: number): Uint8Array {
  const out = Array.from(bytes);
  for (let k = 0; k < count; k++) out.splice(Math.floor(r() * out.length), 0, 0);
  return new Uint8Array(out);
}

function randomBytes(r: () => number, n: number, from = 0, to = 256): Uint8Array {
  const out = new Uint8Array(n);
  for (let i = 0; i < n; i++) out[i] = from + Math.floor(r() * (to - from));
  return out;
}

type Maker = (r: () => number, n: number) => Uint8Array | Promise<Uint8Array>;

/** Mutations by name for text-like formats; `good` is the document to mutate. */
function textMutations(good: (n: number) => string, type: FuzzType, big: number): Record<string, Maker> {
  const html = type === 'html' || type === 'htm';
  const md = type === 'md';
  return {
    truncated: (r, n) => truncate(utf8(good(n)), r),
    'bit-flips': (r, n) => flipBits(utf8(good(n)), r, 1 + Math.floor(r() * 40)),
    'nul-bytes': (r, n) => insertNuls(utf8(good(n)), r, 1 + Math.floor(r() * 5)),
    'utf16-no-bom': (_r, n) => new Uint8Array(Buffer.from(good(n), 'utf16le')),
    'utf16be-bom': (_r, n) => {
      const le = Buffer.from(good(n), 'utf16le');
      for (let i = 0; i + 1 < le.length; i += 2) [le[i], le[i + 1]] = [le[i + 1] ?? 0, le[i] ?? 0];
      return new Uint8Array(Buffer.concat([Buffer.from([0xfe, 0xff]), le]));
    },
    latin1: (_r, n) => new Uint8Array(Buffer.from(`${good(n)} Café, naïve, £5`, 'latin1')),
    'random-bytes': (r) => randomBytes(r, 200 + Math.floor(r() * 4000)),
    'random-high-bytes': (r) => randomBytes(r, 200 + Math.floor(r() * 4000), 0x80, 0x100),
    'control-chars': (r) => randomBytes(r, 500 + Math.floor(r() * 2000), 1, 32),
    'no-words': (r) => utf8(repeat('12 34. -- ** ## ', 100 + Math.floor(r() * 2000))),
    empty: () => new Uint8Array(0),
    'only-whitespace': (r) => utf8(repeat(' \n\t', 10 + Math.floor(r() * 100))),
    'pdf-bytes': (_r, n) => utf8(`%PDF-1.4\n${good(n)}`),
    'zip-bytes': (r) => new Uint8Array([0x50, 0x4b, 3, 4, ...randomBytes(r, 300)]),
    'repeat-numbers': (r) => utf8(WORDS + repeat('1.\n', big * (0.5 + r()))),
    'repeat-numbers-blank': (r) => utf8(WORDS + repeat('1.\n\n', big * (0.5 + r()))),
    'repeat-headings': (r) =>
      utf8(repeat(md ? '# Heading\n' : html ? '<h2>Heading</h2>' : 'Some Heading Here\n', big * (0.5 + r()))),
    'repeat-wrapped': (r) => utf8(WORDS + repeat('and the words continue here and\n', big * (0.5 + r()))),
    'repeat-links': (r) => utf8(WORDS + repeat('[x](', big * (0.5 + r()))),
    'repeat-stars': (r) => utf8(repeat('**a *b _c ', big * (0.5 + r()))),
    'one-long-word': (r) => utf8(WORDS + repeat('x', big * (0.5 + r()))),
    'one-long-line': (r) => utf8(repeat('neglect and domestic abuse and mental health ', big * (0.5 + r()))),
    'spaces-run': (r) => utf8(`a${' '.repeat(Math.floor(big * (0.5 + r())))}b  `),
    'many-cases': (r) => {
      let s = '';
      for (let i = 0; s.length < big * (0.3 + r()); i++)
        s += `${md ? '## ' : ''}Child ${String.fromCharCode(65 + (i % 26))}${i % 100}\nChild ${String.fromCharCode(65 + (i % 26))}${i % 100} was aged 3 years.\n\n`;
      return utf8(html ? `<p>${s.replace(/\n/g, '<br>')}</p>` : s);
    },
    'deep-nesting': (r) =>
      utf8(
        html
          ? repeat('<div>', big * (0.5 + r()))
          : md
            ? repeat('>', big * (0.5 + r()))
            : repeat('- ', 100) + repeat('  - x\n', big * (0.5 + r())),
      ),
    'deep-lists': (r) => {
      let s = '';
      for (let d = 0; s.length < big * (0.2 + r() * 0.3); d++)
        s += html ? '<ul><li>x' : `${'  '.repeat(d)}- x\n`;
      return utf8(s);
    },
    'unclosed-tags': (r) => utf8(repeat('<a <b <!-- <![CDATA[ <script>', big * (0.3 + r()))),
    'table-rows': (r) =>
      utf8(
        html
          ? `<table>${repeat('<tr><td>a</td><td>b</td></tr>', big * (0.5 + r()))}`
          : repeat('a\tb\tc\n', big * (0.5 + r())),
      ),
  };
}

function binaryMutations(
  type: 'pdf' | 'docx',
  good: () => Promise<Uint8Array>,
  big: number,
): Record<string, Maker> {
  const m: Record<string, Maker> = {
    truncated: async (r) => truncate(await good(), r),
    'truncated-head': async (r) => (await good()).slice(0, 8 + Math.floor(r() * 200)),
    'bit-flips': async (r) => flipBits(await good(), r, 1 + Math.floor(r() * 30)),
    'many-bit-flips': async (r) => flipBits(await good(), r, 200 + Math.floor(r() * 2000)),
    'nul-bytes': async (r) => insertNuls(await good(), r, 1 + Math.floor(r() * 5)),
    'random-bytes': (r) => randomBytes(r, 100 + Math.floor(r() * 5000)),
    empty: () => new Uint8Array(0),
    'text-bytes': (r) => utf8(`${plainText(Math.floor(r() * 1000))}`),
    'tail-garbage': async (r) => new Uint8Array([...(await good()), ...randomBytes(r, 500)]),
  };
  if (type === 'pdf') {
    m['header-only'] = (r) =>
      utf8(`%PDF-1.7\n${repeat('1 0 obj << >> endobj\n', 100 + Math.floor(r() * 500))}`);
    m['docx-bytes'] = async (r) => writeDocxBytes(Math.floor(r() * 1000));
    m['deep-arrays'] = (r) =>
      utf8(`%PDF-1.4\n1 0 obj\n${repeat('[', big * (0.2 + r() * 0.3))}\nendobj\n%%EOF`);
    m['deep-dicts'] = (r) =>
      utf8(`%PDF-1.4\n1 0 obj\n${repeat('<<', big * (0.2 + r() * 0.3))}\nendobj\n%%EOF`);
  } else {
    m['pdf-bytes'] = async (r) => writePdfBytes(Math.floor(r() * 1000));
    // Its headers say it unpacks past the 200 MB cap (what it really holds does not matter: the
    // guard reads the headers before anything inflates).
    m['zip-bomb'] = (r) => bombZip(1024 * 1024, (210 + Math.floor(r() * 2000)) * 1024 * 1024);
    m['zip-bomb-lying'] = (r) =>
      bombZip((20 + Math.floor(r() * 20)) * 1024 * 1024, 1000 + Math.floor(r() * 1000));
    m.xxe = (r) =>
      rawDocx(
        para(`Recommendations &xxe; ${Math.floor(r() * 1e6)}`),
        '<?xml version="1.0"?><!DOCTYPE d [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>',
      );
    m['billion-laughs'] = (r) =>
      rawDocx(
        para(`&l5; ${Math.floor(r() * 1e6)}`),
        '<?xml version="1.0"?><!DOCTYPE d [<!ENTITY l0 "lol"><!ENTITY l1 "&l0;&l0;&l0;&l0;&l0;&l0;&l0;&l0;&l0;&l0;"><!ENTITY l2 "&l1;&l1;&l1;&l1;&l1;&l1;&l1;&l1;&l1;&l1;"><!ENTITY l3 "&l2;&l2;&l2;&l2;&l2;&l2;&l2;&l2;&l2;&l2;"><!ENTITY l4 "&l3;&l3;&l3;&l3;&l3;&l3;&l3;&l3;&l3;&l3;"><!ENTITY l5 "&l4;&l4;&l4;&l4;&l4;&l4;&l4;&l4;&l4;&l4;">]>',
      );
    m['deep-tables'] = (r) => {
      const depth = Math.floor((big / 60) * (0.5 + r()));
      return rawDocx(
        `${'<w:tbl><w:tr><w:tc>'.repeat(depth)}${para('x')}${'</w:tc></w:tr></w:tbl>'.repeat(depth)}`,
      );
    };
    m['deep-unclosed'] = (r) => rawDocx(times('<w:p>', big * (0.5 + r())));
    m['bad-xml'] = (r) =>
      rawDocx(`${para('Findings')}<w:p><w:r><w:t>${Math.floor(r() * 1e6)} & < broken</w:p>`);
    m['no-document-xml'] = (r) =>
      zip([
        ['[Content_Types].xml', CONTENT_TYPES],
        ['other.xml', `<x>${r()}</x>`],
      ]);
    m['many-paragraphs'] = (r) =>
      rawDocx(times(para('The board should ensure that staff are trained.'), big * (0.5 + r())));
    m['long-run'] = (r) => rawDocx(para(times('neglect ', big * (0.5 + r()))));
  }
  return m;
}

const docxCache = new Map<number, Promise<Uint8Array>>();
const pdfCache = new Map<number, Promise<Uint8Array>>();
function writeDocxBytes(variant: number): Promise<Uint8Array> {
  const key = variant % 4;
  if (!docxCache.has(key))
    docxCache.set(
      key,
      writeDocx(spec(key)).then((b) => new Uint8Array(b)),
    );
  return docxCache.get(key) as Promise<Uint8Array>;
}
function writePdfBytes(variant: number): Promise<Uint8Array> {
  const key = variant % 4;
  if (!pdfCache.has(key))
    pdfCache.set(
      key,
      writePdf(spec(key)).then((b) => new Uint8Array(b)),
    );
  return pdfCache.get(key) as Promise<Uint8Array>;
}

/** The good documents: one per type, distinct bytes per seed. */
export async function goodFiles(seed: number): Promise<FuzzFile[]> {
  const v = 1000 + (seed % 100000);
  const make = (type: FuzzType, bytes: Uint8Array): FuzzFile => ({
    name: `good-${type}.${type}`,
    type,
    mutation: 'none',
    good: true,
    bytes,
  });
  return [
    make('txt', utf8(plainText(v))),
    make('md', utf8(markdown(v))),
    make('html', utf8(html(v))),
    make('htm', utf8(html(v + 1))),
    make('pdf', new Uint8Array(await writePdf(spec(v)))),
    make('docx', new Uint8Array(await writeDocx(spec(v)))),
  ];
}

/**
 * `perType` malformed files of each type, mutations taken in turn (so every mutation appears
 * once before any repeats), each with its own seeded randomness.
 */
export async function malformedFiles(options: FuzzOptions): Promise<FuzzFile[]> {
  const out: FuzzFile[] = [];
  for (const type of FUZZ_TYPES) {
    const mutations =
      type === 'pdf' || type === 'docx'
        ? binaryMutations(
            type,
            () => (type === 'pdf' ? writePdfBytes : writeDocxBytes)(options.seed),
            options.bigBytes,
          )
        : textMutations(type === 'md' ? markdown : type === 'txt' ? plainText : html, type, options.bigBytes);
    const names = Object.keys(mutations).sort();
    for (let k = 0; k < options.perType; k++) {
      const mutation = names[k % names.length] as string;
      const r = prng((options.seed * 1_000_003 + FUZZ_TYPES.indexOf(type) * 10_007 + k) >>> 0);
      const bytes = await (mutations[mutation] as Maker)(r, k);
      out.push({
        name: `${type}/${String(k).padStart(4, '0')}-${mutation}.${type}`,
        type,
        mutation,
        good: false,
        bytes,
      });
    }
  }
  return out;
}
