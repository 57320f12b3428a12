/**
 * Codebooks: the file format (YAML or JSON, one schema), its validation with errors that name the
 * line and field, and serialisation back to either format.
 *
 * A codebook is a list of codes. A code may have a parent (a sub-code: domestic abuse > coercive
 * control) and maps onto a reference code (../shared/reference/themes.json) directly or through
 * its parent, so a partnership's own codebook (the national panel's themes, SCIE's practice
 * issues) can be analysed alongside everyone else's.
 */
import { readFileSync } from 'node:fs';
import { LineCounter, parseDocument, stringify, isNode, type Document } from 'yaml';
import { z } from 'zod';
import { LanternError } from '../../shared/errors.ts';
import { isReferenceCode, REFERENCE_GROUPS } from '../reference-codes.ts';

const KEY = /^[a-z0-9][a-z0-9-]*$/;
const phraseList = z.array(z.string().trim().min(1, 'must not be empty')).default([]);

const vocabularySchema = z
  .object({
    terms: phraseList,
    weak: phraseList,
    near: z
      .array(z.string().regex(/^[^~]+~[^~]+$/, 'must be "words ~ words" (alternatives separated by |)'))
      .default([]),
    abbreviations: phraseList,
    patterns: z
      .array(
        z.string().refine((p) => {
          try {
            new RegExp(p, 'iu');
            return true;
          } catch {
            return false;
          }
        }, 'must be a valid regular expression'),
      )
      .default([]),
    not: phraseList,
  })
  .strict();

const codeSchema = z
  .object({
    key: z.string().regex(KEY, 'must be lower-case letters, digits and hyphens'),
    parent: z.string().regex(KEY, 'must be lower-case letters, digits and hyphens').nullish(),
    label: z.string().trim().min(1, 'must not be empty'),
    group: z.enum(REFERENCE_GROUPS).nullish(),
    polarity: z.enum(['presence', 'topic']).default('topic'),
    definition: z.string().nullish(),
    include: z.string().nullish(),
    exclude: z.string().nullish(),
    reference: z.string().nullish(),
    vocabulary: vocabularySchema.default({
      terms: [],
      weak: [],
      near: [],
      abbreviations: [],
      patterns: [],
      not: [],
    }),
  })
  .strict();

const fileSchema = z
  .object({
    codebook: z
      .object({
        slug: z.string().regex(KEY, 'must be lower-case letters, digits and hyphens'),
        name: z.string().trim().min(1, 'must not be empty'),
        description: z.string().nullish(),
      })
      .strict(),
    codes: z.array(codeSchema).min(1, 'a codebook needs at least one code'),
  })
  .strict();

export type Vocabulary = z.infer<typeof vocabularySchema>;
export type Polarity = 'presence' | 'topic';

export interface CodeDef {
  key: string;
  parent: string | null;
  label: string;
  group: (typeof REFERENCE_GROUPS)[number] | null;
  polarity: Polarity;
  definition: string | null;
  include: string | null;
  exclude: string | null;
  /** The reference code this code maps onto, inherited from the parent when not stated. */
  reference: string | null;
  vocabulary: Vocabulary;
}

export interface Codebook {
  slug: string;
  name: string;
  description: string | null;
  codes: CodeDef[];
}

function fail(source: string, line: number | null, message: string): never {
  throw new LanternError('INVALID_INPUT', `${source}${line ? ` line ${line}` : ''}: ${message}`);
}

function fieldName(path: readonly PropertyKey[]): string {
  return path.reduce<string>(
    (acc, p) => (typeof p === 'number' ? `${acc}[${p}]` : acc ? `${acc}.${String(p)}` : String(p)),
    '',
  );
}

/** The line of the deepest node that exists along `path`. */
function lineOf(doc: Document, lines: LineCounter, path: readonly PropertyKey[]): number | null {
  for (let n = path.length; n >= 0; n--) {
    const node: unknown = doc.getIn(path.slice(0, n) as (string | number)[], true);
    if (isNode(node) && node.range) return lines.linePos(node.range[0]).line;
  }
  return null;
}

/**
 * Parses and checks a codebook written as YAML or JSON. Throws INVALID_INPUT naming the source,
 * the line and the field: a syntax error, a missing or wrong field, a duplicate key, an unknown
 * parent, a cycle of sub-codes, an unknown reference code.
 */
export function parseCodebook(text: string, source = 'codebook'): Codebook {
  const lines = new LineCounter();
  const doc = parseDocument(text, { lineCounter: lines, uniqueKeys: true, prettyErrors: false });
  const syntax = doc.errors[0];
  if (syntax) {
    const line = syntax.linePos?.[0]?.line ?? lines.linePos(syntax.pos[0]).line;
    fail(source, line, syntax.message.split('\n')[0] ?? 'not valid YAML or JSON');
  }
  const parsed = fileSchema.safeParse(doc.toJS());
  if (!parsed.success) {
    const issue = parsed.error.issues[0] as z.core.$ZodIssue;
    const field = fieldName(issue.path);
    fail(source, lineOf(doc, lines, issue.path), `${field || 'codebook'}: ${issue.message}`);
  }
  const data = parsed.data;
  const keyLine = (i: number) => lineOf(doc, lines, ['codes', i, 'key']);

  const byKey = new Map<string, number>();
  data.codes.forEach((c, i) => {
    if (byKey.has(c.key)) fail(source, keyLine(i), `codes[${i}].key: duplicate code "${c.key}"`);
    byKey.set(c.key, i);
  });
  data.codes.forEach((c, i) => {
    if (c.parent && !byKey.has(c.parent))
      fail(source, lineOf(doc, lines, ['codes', i, 'parent']), `codes[${i}].parent: no code "${c.parent}"`);
    if (c.reference && !isReferenceCode(c.reference))
      fail(
        source,
        lineOf(doc, lines, ['codes', i, 'reference']),
        `codes[${i}].reference: "${c.reference}" is not a reference theme code`,
      );
  });
  // Cycles: follow parents from each code; meeting the start again is a cycle.
  data.codes.forEach((c, i) => {
    const seen = new Set<string>([c.key]);
    let parent = c.parent;
    while (parent) {
      if (seen.has(parent))
        fail(
          source,
          lineOf(doc, lines, ['codes', i, 'parent']),
          `codes[${i}].parent: sub-codes form a cycle (${[...seen, parent].join(' > ')})`,
        );
      seen.add(parent);
      parent = data.codes[byKey.get(parent) as number]?.parent ?? null;
    }
  });

  const codes = data.codes.map((c): CodeDef => ({
    key: c.key,
    parent: c.parent ?? null,
    label: c.label,
    group: c.group ?? null,
    polarity: c.polarity,
    definition: c.definition ?? null,
    include: c.include ?? null,
    exclude: c.exclude ?? null,
    reference: c.reference ?? null,
    vocabulary: c.vocabulary,
  }));
  // A code that is itself a reference code maps onto it; sub-codes inherit their parent's.
  const resolve = (code: CodeDef): string | null => {
    if (code.reference) return code.reference;
    if (isReferenceCode(code.key)) return code.key;
    const parent = code.parent ? codes[byKey.get(code.parent) as number] : undefined;
    return parent ? resolve(parent) : null;
  };
  const resolved = codes.map((c) => ({ ...c, reference: resolve(c) }));
  return {
    slug: data.codebook.slug,
    name: data.codebook.name,
    description: data.codebook.description ?? null,
    codes: resolved.map((c) => {
      const parent = c.parent ? resolved[byKey.get(c.parent) as number] : undefined;
      return { ...c, group: c.group ?? parent?.group ?? null };
    }),
  };
}

/** The codebook as a plain object in the file format. */
function toFileObject(book: Codebook): unknown {
  const compact = (v: Vocabulary) =>
    Object.fromEntries(Object.entries(v).filter(([, list]) => list.length > 0));
  return {
    codebook: {
      slug: book.slug,
      name: book.name,
      ...(book.description ? { description: book.description } : {}),
    },
    codes: book.codes.map((c) => ({
      key: c.key,
      ...(c.parent ? { parent: c.parent } : {}),
      label: c.label,
      ...(c.group ? { group: c.group } : {}),
      polarity: c.polarity,
      ...(c.definition ? { definition: c.definition } : {}),
      ...(c.include ? { include: c.include } : {}),
      ...(c.exclude ? { exclude: c.exclude } : {}),
      ...(c.reference ? { reference: c.reference } : {}),
      vocabulary: compact(c.vocabulary),
    })),
  };
}

export function serialiseCodebook(book: Codebook, format: 'yaml' | 'json'): string {
  const data = toFileObject(book);
  return format === 'json' ? `${JSON.stringify(data, null, 2)}\n` : stringify(data, { lineWidth: 100 });
}

let defaultBook: Codebook | null = null;

/** Lantern's own codebook, shipped with the code (lantern-themes.yaml). */
export function defaultCodebook(): Codebook {
  defaultBook ??= parseCodebook(
    readFileSync(new URL('./lantern-themes.yaml', import.meta.url), 'utf8'),
    'lantern-themes.yaml',
  );
  return defaultBook;
}
