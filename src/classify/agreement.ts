/**
 * Agreement between coders (people, or people and the machine): per code and overall, percentage
 * agreement, Cohen's kappa (two coders) and Krippendorff's alpha (any number, nominal, missing
 * judgements allowed).
 *
 * Each code is a binary judgement on each unit (an item, or a document): applied or not. A coder
 * judges only the units they coded; a unit a coder did not judge is missing, never "not applied".
 */

export interface CoderJudgements {
  coder: string;
  /** Unit id -> the codes the coder applied to it (an empty set: judged, nothing applies). */
  units: Map<string, Set<string>>;
}

export interface CodeAgreement {
  code: string;
  /** Units judged by every coder compared (for kappa and percentage). */
  units: number;
  /** How many of those units each coder applied the code to, in coder order. */
  applied: number[];
  percent: number | null;
  /** Cohen's kappa for two coders; null with more coders or when it is undefined (no variation). */
  kappa: number | null;
  /** Krippendorff's alpha over units judged by two or more coders; null when undefined. */
  alpha: number | null;
}

export interface AgreementReport {
  coders: string[];
  /** Units judged by every coder. */
  units: number;
  codes: CodeAgreement[];
  overall: { percent: number | null; kappa: number | null; meanKappa: number | null; alpha: number | null };
}

/** Cohen's kappa from a 2x2 table: a both applied, b only first, c only second, d neither. */
export function cohensKappa(a: number, b: number, c: number, d: number): number | null {
  const n = a + b + c + d;
  if (n === 0) return null;
  const po = (a + d) / n;
  const pe = ((a + b) / n) * ((a + c) / n) + ((c + d) / n) * ((b + d) / n);
  if (pe >= 1) return null;
  return (po - pe) / (1 - pe);
}

/**
 * Krippendorff's alpha for nominal data. `units` holds, per unit, the values the coders gave
 * (missing judgements left out); units with fewer than two values are not pairable and ignored.
 */
export function krippendorffAlpha(units: (string | number | boolean)[][]): number | null {
  const coincidence = new Map<string, number>();
  const key = (a: unknown, b: unknown) => `${String(a)}\u0000${String(b)}`;
  const values = new Set<string>();
  for (const unit of units) {
    const m = unit.length;
    if (m < 2) continue;
    for (let i = 0; i < m; i++)
      for (let j = 0; j < m; j++) {
        if (i === j) continue;
        const k = key(unit[i], unit[j]);
        coincidence.set(k, (coincidence.get(k) ?? 0) + 1 / (m - 1));
        values.add(String(unit[i]));
      }
  }
  const list = [...values];
  const nc = new Map(list.map((c) => [c, list.reduce((s, k) => s + (coincidence.get(key(c, k)) ?? 0), 0)]));
  const n = [...nc.values()].reduce((s, x) => s + x, 0);
  if (n <= 1) return null;
  let observed = 0;
  let expected = 0;
  for (const c of list)
    for (const k of list) {
      if (c === k) continue;
      observed += coincidence.get(key(c, k)) ?? 0;
      expected += (nc.get(c) ?? 0) * (nc.get(k) ?? 0);
    }
  if (expected === 0) return null;
  return 1 - ((n - 1) * observed) / expected;
}

const round = (x: number | null) => (x === null ? null : Math.round(x * 1000) / 1000);

/** Agreement per code and overall between two or more coders. */
export function agreementReport(coders: CoderJudgements[], codes: string[]): AgreementReport {
  const [first, ...rest] = coders;
  const shared = first ? [...first.units.keys()].filter((u) => rest.every((c) => c.units.has(u))) : [];
  const allUnits = [...new Set(coders.flatMap((c) => [...c.units.keys()]))];
  const pooled = { a: 0, b: 0, c: 0, d: 0, agree: 0, total: 0 };
  const pooledAlphaUnits: boolean[][] = [];

  const perCode = codes.map((code): CodeAgreement => {
    const applied = coders.map((c) => shared.filter((u) => c.units.get(u)?.has(code)).length);
    let agree = 0;
    let a = 0;
    let b = 0;
    let c2 = 0;
    let d = 0;
    for (const u of shared) {
      const v = coders.map((c) => c.units.get(u)?.has(code) ?? false);
      if (v.every((x) => x === v[0])) agree++;
      if (coders.length === 2) {
        if (v[0] && v[1]) a++;
        else if (v[0]) b++;
        else if (v[1]) c2++;
        else d++;
      }
    }
    const alphaUnits = allUnits.map((u) =>
      coders.filter((c) => c.units.has(u)).map((c) => c.units.get(u)?.has(code) ?? false),
    );
    pooledAlphaUnits.push(...alphaUnits);
    pooled.agree += agree;
    pooled.total += shared.length;
    Object.assign(pooled, { a: pooled.a + a, b: pooled.b + b, c: pooled.c + c2, d: pooled.d + d });
    return {
      code,
      units: shared.length,
      applied,
      percent: round(shared.length ? agree / shared.length : null),
      kappa: round(coders.length === 2 ? cohensKappa(a, b, c2, d) : null),
      alpha: round(krippendorffAlpha(alphaUnits)),
    };
  });
  const kappas = perCode.map((c) => c.kappa).filter((k): k is number => k !== null);
  return {
    coders: coders.map((c) => c.coder),
    units: shared.length,
    codes: perCode,
    overall: {
      percent: round(pooled.total ? pooled.agree / pooled.total : null),
      kappa: round(coders.length === 2 ? cohensKappa(pooled.a, pooled.b, pooled.c, pooled.d) : null),
      meanKappa: round(kappas.length ? kappas.reduce((s, k) => s + k, 0) / kappas.length : null),
      alpha: round(krippendorffAlpha(pooledAlphaUnits)),
    },
  };
}
