import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { defaultCodebook, parseCodebook, serialiseCodebook } from './codebook.ts';

const THEMES = join(import.meta.dirname, '../../../../shared/reference/themes.json');

const minimal = (codes: string) => `codebook:
  slug: panel
  name: Panel themes
codes:
${codes}`;

describe('the default codebook', () => {
  const book = defaultCodebook();

  it('covers every reference theme code, each with a definition and vocabulary', () => {
    const reference = (
      JSON.parse(readFileSync(THEMES, 'utf8')) as { themes: { code: string; group: string }[] }
    ).themes;
    for (const theme of reference) {
      const code = book.codes.find((c) => c.key === theme.code);
      expect(code, theme.code).toBeDefined();
      expect(code?.reference).toBe(theme.code);
      expect(code?.group).toBe(theme.group);
      expect(code?.definition?.length ?? 0).toBeGreaterThan(20);
      const v = code?.vocabulary;
      expect((v?.terms.length ?? 0) + (v?.abbreviations.length ?? 0), theme.code).toBeGreaterThan(0);
    }
  });

  it('has sub-codes under domestic abuse and exploitation that map onto their parents', () => {
    const sub = (key: string) => book.codes.find((c) => c.key === key);
    expect(sub('coercive-control')).toMatchObject({ parent: 'domestic-abuse', reference: 'domestic-abuse' });
    expect(sub('post-separation-abuse')).toMatchObject({
      parent: 'domestic-abuse',
      reference: 'domestic-abuse',
    });
    expect(sub('county-lines')).toMatchObject({ parent: 'exploitation', reference: 'exploitation' });
    expect(sub('online-grooming')).toMatchObject({ parent: 'exploitation', reference: 'exploitation' });
  });

  it('round-trips through YAML and JSON unchanged', () => {
    for (const format of ['yaml', 'json'] as const) {
      expect(parseCodebook(serialiseCodebook(book, format), `x.${format}`)).toEqual(book);
    }
  });
});

describe('parseCodebook', () => {
  it('reads a user codebook mapped onto the reference codes', () => {
    const book = parseCodebook(
      minimal(`  - key: risk-outside-home
    label: Risk outside the home
    reference: exploitation
    polarity: presence
    vocabulary:
      terms: [county lines, criminal exploitation]
  - key: county-lines-local
    parent: risk-outside-home
    label: Local county lines
`),
    );
    expect(book.codes.map((c) => [c.key, c.reference, c.group])).toEqual([
      ['risk-outside-home', 'exploitation', null],
      ['county-lines-local', 'exploitation', null],
    ]);
  });

  it('names the line and field of a missing or wrong field', () => {
    const text = minimal(`  - key: a
    label: A
  - key: b
    polarity: sometimes
    label: B
`);
    expect(() => parseCodebook(text, 'panel.yaml')).toThrow(/^panel\.yaml line 8: codes\[1\]\.polarity: /);
    expect(() => parseCodebook(minimal(`  - key: a\n`), 'p.yaml')).toThrow(
      /^p\.yaml line 5: codes\[0\]\.label: /,
    );
    expect(() => parseCodebook(minimal(`  - key: a\n    label: A\n    colour: red\n`), 'p.yaml')).toThrow(
      /line 5: codes\[0\]: .*colour/,
    );
  });

  it('names the line of a syntax error in YAML or JSON', () => {
    expect(() => parseCodebook('codebook:\n  slug: x\n  name: [unclosed\n', 'bad.yaml')).toThrow(
      /^bad\.yaml line \d+: /,
    );
    expect(() =>
      parseCodebook('{"codebook": {"slug": "x",\n "name": "X"},\n "codes": [,]}', 'bad.json'),
    ).toThrow(/^bad\.json line 3: /);
  });

  it('refuses duplicate codes, unknown parents, cycles, unknown reference codes and bad patterns', () => {
    expect(() =>
      parseCodebook(minimal(`  - key: a\n    label: A\n  - key: a\n    label: Again\n`), 'p'),
    ).toThrow(/line 7: codes\[1\]\.key: duplicate code "a"/);
    expect(() => parseCodebook(minimal(`  - key: a\n    label: A\n    parent: zz\n`), 'p')).toThrow(
      /no code "zz"/,
    );
    expect(() =>
      parseCodebook(
        minimal(
          `  - key: a\n    label: A\n    parent: b\n  - key: b\n    label: B\n    parent: c\n  - key: c\n    label: C\n    parent: a\n`,
        ),
        'p',
      ),
    ).toThrow(/sub-codes form a cycle \(a > b > c > a\)/);
    expect(() => parseCodebook(minimal(`  - key: a\n    label: A\n    reference: dragons\n`), 'p')).toThrow(
      /line 7: codes\[0\]\.reference: "dragons" is not a reference theme code/,
    );
    expect(() =>
      parseCodebook(
        minimal(`  - key: a\n    label: A\n    vocabulary:\n      patterns: ["(unclosed"]\n`),
        'p',
      ),
    ).toThrow(/line 8: codes\[0\]\.vocabulary\.patterns\[0\]: must be a valid regular expression/);
  });
});
