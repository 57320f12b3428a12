import { describe, expect, it } from 'vitest';
import { agreementReport, cohensKappa, krippendorffAlpha, type CoderJudgements } from './agreement.ts';

describe('agreement statistics', () => {
  it("computes Cohen's kappa from a 2x2 table", () => {
    // 50 units: both 20, first only 5, second only 10, neither 15.
    // po = 35/50 = 0.7; pe = 0.5*0.6 + 0.5*0.4 = 0.5; kappa = (0.7 - 0.5) / 0.5 = 0.4.
    expect(cohensKappa(20, 5, 10, 15)).toBeCloseTo(0.4, 10);
    expect(cohensKappa(10, 0, 0, 10)).toBe(1);
    expect(cohensKappa(0, 0, 0, 10)).toBeNull(); // no variation: undefined
  });

  it("computes Krippendorff's alpha on Krippendorff's own example (nominal, four coders, missing data)", () => {
    // Krippendorff (2011), "Computing Krippendorff's alpha-reliability", section C: alpha = 0.743.
    const A = [1, 2, 3, 3, 2, 1, 4, 1, 2, null, null, null];
    const B = [1, 2, 3, 3, 2, 2, 4, 1, 2, 5, null, 3];
    const C = [null, 3, 3, 3, 2, 3, 4, 2, 2, 5, 1, null];
    const D = [1, 2, 3, 3, 2, 4, 4, 1, 2, 5, 1, null];
    const units = A.map((_, u) => [A[u], B[u], C[u], D[u]].filter((v): v is number => v !== null));
    expect(krippendorffAlpha(units)).toBeCloseTo(0.743, 3);
  });

  it('reports per code and overall between two coders on the units both judged', () => {
    const coder = (name: string, units: Record<string, string[]>): CoderJudgements => ({
      coder: name,
      units: new Map(Object.entries(units).map(([u, codes]) => [u, new Set(codes)])),
    });
    const a = coder('alice', {
      u1: ['neglect'],
      u2: ['neglect', 'domestic-abuse'],
      u3: [],
      u4: ['domestic-abuse'],
      u9: ['neglect'],
    });
    const b = coder('bob', { u1: ['neglect'], u2: ['neglect'], u3: ['neglect'], u4: ['domestic-abuse'] });
    const r = agreementReport([a, b], ['domestic-abuse', 'neglect']);
    expect(r.units).toBe(4); // u9 was judged by alice only
    const da = r.codes.find((c) => c.code === 'domestic-abuse');
    // domestic-abuse: both u4; alice only u2; neither u1, u3 -> po 0.75, pe 0.5*0.25+0.5*0.75 = 0.5, kappa 0.5
    expect(da).toMatchObject({ units: 4, applied: [2, 1], percent: 0.75, kappa: 0.5 });
    const neglect = r.codes.find((c) => c.code === 'neglect');
    // neglect: both u1, u2; bob only u3; neither u4 -> po 0.75, pe 0.5*0.75+0.5*0.25 = 0.5, kappa 0.5
    expect(neglect).toMatchObject({ applied: [2, 3], percent: 0.75, kappa: 0.5 });
    expect(r.overall.percent).toBe(0.75);
    expect(r.overall.meanKappa).toBe(0.5);
  });

  it('gives alpha, not kappa, for three coders', () => {
    const c = (name: string, x: string[][]): CoderJudgements => ({
      coder: name,
      units: new Map(x.map((codes, i) => [`u${i}`, new Set(codes)])),
    });
    const r = agreementReport(
      [c('a', [['x'], [], ['x'], []]), c('b', [['x'], [], ['x'], []]), c('m', [['x'], [], ['x'], []])],
      ['x'],
    );
    expect(r.codes[0]).toMatchObject({ kappa: null, alpha: 1, percent: 1 });
  });
});
