/**
 * `lantern actions list|show|add|update|evidence|digest|progress|themes`: the action tracker from
 * the command line. The person running the CLI acts as the operator (every right); every change
 * is recorded with its reason in the audit log.
 */
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { operator } from '../../modules/access/access.ts';
import {
  localToday,
  parseDay,
  parseWithin,
  DUE_SOON_DAYS,
  type ActionStatus,
} from '../../modules/actions/action.rules.ts';
import {
  actionHistory,
  addEvidence,
  createAction,
  getAction,
  listActions,
  ownerDigest,
  progressByReview,
  themeCoverage,
  updateAction,
  type ActionView,
  type OwnerDigest,
} from '../../modules/actions/action.service.ts';
import { mdText } from '../../reports/render-markdown.ts';
import { LanternError } from '../../shared/errors.ts';
import { cliActor, formatTable, truncate, withStore, type GlobalOptions, type Io } from '../context.ts';

export interface ActionsOptions {
  json?: boolean;
  asOf?: string;
  partnership?: string;
  review?: string;
  recommendation?: string;
  owner?: string;
  /** list: repeated; add and update: one. */
  status?: string | string[];
  overdue?: boolean;
  dueWithin?: string;
  theme?: string[];
  by?: string;
  text?: string;
  deadline?: string;
  /** add: repeated (the measures); evidence: one (which measure). */
  measure?: string | string[];
  reason?: string;
  rag?: string;
  completedOn?: string;
  supersededBy?: string;
  version?: string;
  kind?: string;
  summary?: string;
  date?: string;
  reference?: string;
  out?: string;
  minReviews?: string;
}

const dash = (v: string | number | null | undefined) =>
  v === null || v === undefined || v === '' ? '-' : String(v);

function today(options: ActionsOptions): string {
  return options.asOf ? parseDay(options.asOf, localToday(), '--as-of') : localToday();
}

function dueText(a: ActionView): string {
  if (!a.deadline) return 'no deadline';
  if (a.overdue) return `${a.deadline} (${a.daysLate} day${a.daysLate === 1 ? '' : 's'} late)`;
  if (a.daysLeft !== null) return `${a.deadline} (in ${a.daysLeft} day${a.daysLeft === 1 ? '' : 's'})`;
  return a.deadline;
}

function actionTable(actions: ActionView[]): string {
  return formatTable(
    ['NO', 'STATUS', 'RAG', 'DUE', 'OWNER', 'REVIEW', 'ACTION'],
    actions.map((a) => [
      String(a.number),
      a.status + (a.overdue ? ' OVERDUE' : ''),
      a.ragShown ? a.ragShown + (a.ragSource === 'derived' ? '*' : '') : '-',
      dueText(a),
      truncate(a.owner ?? 'not stated', 36),
      truncate(a.review ?? '-', 20),
      truncate(a.text, 70),
    ]),
  );
}

const many = (v: string | string[] | undefined): string[] =>
  v === undefined ? [] : Array.isArray(v) ? v : [v];

function json(io: Io, value: unknown): number {
  io.out.write(JSON.stringify(value, null, 2) + '\n');
  return 0;
}

/** Runs one `lantern actions` subcommand. */
export async function runActions(
  sub: string,
  ref: string | undefined,
  options: ActionsOptions,
  globals: GlobalOptions,
  io: Io,
): Promise<number> {
  const day = today(options);
  const dueWithin = options.dueWithin !== undefined ? parseWithin(options.dueWithin) : undefined;
  const needRef = () => {
    if (!ref) throw new LanternError('USAGE', `say which action: lantern actions ${sub} NUMBER`);
    return ref;
  };
  const principal = operator(cliActor());
  return withStore(globals, async (store) => {
    const db = store.db;
    switch (sub) {
      case 'list': {
        const actions = await listActions(db, principal, {
          ...(options.partnership ? { partnership: options.partnership } : {}),
          ...(options.review ? { review: options.review } : {}),
          ...(options.owner ? { owner: options.owner } : {}),
          ...(options.status ? { statuses: many(options.status) as ActionStatus[] } : {}),
          ...(options.overdue ? { overdue: true } : {}),
          ...(dueWithin !== undefined ? { dueWithin } : {}),
          ...(options.theme?.length ? { themes: options.theme } : {}),
          today: day,
        });
        if (options.json) return json(io, actions);
        if (actions.length === 0) {
          io.out.write('No actions match.\n');
          return 0;
        }
        if (options.by === 'owner' || options.by === 'review') {
          const key = (a: ActionView) =>
            options.by === 'owner'
              ? (a.owner ?? 'Owner not stated')
              : `${a.review ?? 'No review'} (${a.partnership})`;
          const groups = new Map<string, ActionView[]>();
          for (const a of actions) groups.set(key(a), [...(groups.get(key(a)) ?? []), a]);
          for (const [name, list] of [...groups].sort((a, b) => a[0].localeCompare(b[0]))) {
            const late = list.filter((a) => a.overdue).length;
            io.out.write(`\n${name}: ${list.length} action(s)${late ? `, ${late} overdue` : ''}\n`);
            io.out.write(actionTable(list));
          }
        } else io.out.write(actionTable(actions));
        io.out.write(
          `\n${actions.length} action(s) as at ${day}; RAG* is derived from status and deadline (not set by a person).\n`,
        );
        return 0;
      }
      case 'show': {
        const a = await getAction(db, principal, needRef(), day);
        const history = await actionHistory(db, principal, a.id);
        if (options.json) return json(io, { ...a, history });
        const lines = [
          `Action ${a.number} (version ${a.version}): ${a.text}`,
          `  partnership  ${a.partnership}`,
          `  review       ${dash(a.review)}`,
          `  owner        ${a.owner ?? 'not stated'}${a.owner ? ` (${a.ownerKind})` : ''}`,
          `  deadline     ${dueText(a)}`,
          `  status       ${a.status}${a.overdue ? ' (overdue)' : ''}${a.completedOn ? `, completed ${a.completedOn}` : ''}${a.supersededBy ? `, superseded by action ${a.supersededBy}` : ''}`,
          `  RAG          ${dash(a.ragShown)}${a.ragShown ? (a.ragSource === 'set' ? ' (set by a person)' : ' (derived)') : ''}`,
          `  themes       ${a.themes.length ? a.themes.join(', ') : '-'}`,
          a.source
            ? `  source       ${a.source.fileName} [${a.source.span[0]}-${a.source.span[1]}]`
            : `  source       added by hand by ${a.createdBy}`,
        ];
        if (a.recommendation)
          lines.push(
            `  answers      recommendation ${a.recommendation.ref ?? ''}: ${truncate(a.recommendation.text, 90)} (${a.recommendation.fileName} [${a.recommendation.span[0]}-${a.recommendation.span[1]}])`,
          );
        lines.push('', 'How will we know:');
        if (a.measures.length === 0)
          lines.push('  (no measure yet: add one, or the board cannot know whether it worked)');
        a.measures.forEach((m, i) =>
          lines.push(
            `  ${i + 1}. ${m.text}${m.source ? ` (${m.source.fileName} [${m.source.span[0]}-${m.source.span[1]}])` : ''}`,
          ),
        );
        lines.push('', 'Evidence of impact:');
        if (a.evidence.length === 0) lines.push('  (none recorded)');
        for (const e of a.evidence) {
          const measure = e.measureId ? a.measures.findIndex((m) => m.id === e.measureId) + 1 : 0;
          lines.push(
            `  ${e.occurredOn}  ${e.kind}${measure ? ` (measure ${measure})` : ''}: ${e.summary}${e.reference ? ` [${e.reference}]` : ''}; recorded by ${e.recordedBy}`,
          );
        }
        lines.push('', 'History:');
        for (const h of history) {
          const changes = Object.entries(h.changes)
            .map(
              ([field, c]) =>
                `${field} ${dash(c.from as string)} -> ${dash(Array.isArray(c.to) ? c.to.join(', ') : (c.to as string))}`,
            )
            .join('; ');
          lines.push(
            `  ${h.at.toISOString().slice(0, 16).replace('T', ' ')}  ${h.actor}  ${h.action.replace('action.', '')}${changes ? `: ${changes}` : ''}${h.reason ? ` (reason: ${h.reason})` : ''}`,
          );
        }
        io.out.write(lines.join('\n') + '\n');
        return 0;
      }
      case 'add': {
        if (!options.text) throw new LanternError('USAGE', 'say what the action is: --text "..."');
        const a = await createAction(db, principal, {
          text: options.text,
          ...(options.partnership ? { partnership: options.partnership } : {}),
          ...(options.review ? { review: options.review } : {}),
          ...(options.recommendation ? { recommendation: options.recommendation } : {}),
          owner: options.owner ?? null,
          deadline: options.deadline ?? null,
          measures: many(options.measure),
          themes: options.theme ?? [],
          ...(typeof options.status === 'string' ? { status: options.status } : {}),
          ...(options.reason ? { reason: options.reason } : {}),
          today: day,
        });
        if (options.json) return json(io, a);
        io.out.write(
          `added action ${a.number}: ${a.text} (owner ${a.owner ?? 'not stated'}, ${dueText(a)})\n`,
        );
        return 0;
      }
      case 'update': {
        const current = await getAction(db, principal, needRef(), day);
        const version = options.version !== undefined ? Number(options.version) : current.version;
        if (!Number.isInteger(version) || version < 1)
          throw new LanternError(
            'USAGE',
            `--version must be a whole number (the version you read), not "${options.version}"`,
          );
        const a = await updateAction(db, principal, current.id, {
          expectedVersion: version,
          reason: options.reason ?? '',
          ...(typeof options.status === 'string' ? { status: options.status } : {}),
          ...(options.owner !== undefined ? { owner: options.owner } : {}),
          ...(options.deadline !== undefined ? { deadline: options.deadline } : {}),
          ...(options.rag !== undefined ? { rag: options.rag === 'auto' ? null : options.rag } : {}),
          ...(options.text !== undefined ? { text: options.text } : {}),
          ...(options.completedOn !== undefined ? { completedOn: options.completedOn } : {}),
          ...(options.supersededBy !== undefined ? { supersededBy: options.supersededBy } : {}),
          ...(options.theme?.length ? { themes: options.theme } : {}),
          today: day,
        });
        if (options.json) return json(io, a);
        io.out.write(
          `action ${a.number} is now ${a.status}${a.overdue ? ' (overdue)' : ''}, ${dueText(a)}, owner ${a.owner ?? 'not stated'} (version ${a.version})\n`,
        );
        return 0;
      }
      case 'evidence': {
        if (!options.kind || !options.summary)
          throw new LanternError(
            'USAGE',
            'say what the evidence is: --kind audit|survey|training|data|document|note --summary "..."',
          );
        const e = await addEvidence(db, principal, needRef(), {
          kind: options.kind,
          summary: options.summary,
          ...(options.date ? { occurredOn: options.date } : {}),
          ...(typeof options.measure === 'string' ? { measure: options.measure } : {}),
          ...(options.reference ? { reference: options.reference } : {}),
          today: day,
        });
        if (options.json) return json(io, e);
        io.out.write(
          `recorded ${e.kind} evidence of ${e.occurredOn} on action ${needRef()}; set its status to evidenced when it shows the impact: lantern actions update ${needRef()} --status evidenced --reason "..."\n`,
        );
        return 0;
      }
      case 'digest': {
        const digest = await ownerDigest(db, principal, {
          dueWithin: dueWithin ?? DUE_SOON_DAYS,
          ...(options.partnership ? { partnership: options.partnership } : {}),
          ...(options.owner ? { owner: options.owner } : {}),
          today: day,
        });
        if (options.json) return json(io, digest);
        const within = dueWithin ?? DUE_SOON_DAYS;
        if (options.out) {
          await mkdir(options.out, { recursive: true });
          const used = new Set<string>();
          for (const d of digest) {
            let name = slug(d.owner);
            for (let n = 2; used.has(name); n += 1) name = `${slug(d.owner)}-${n}`;
            used.add(name);
            await writeFile(join(options.out, `${name}.md`), digestMarkdown([d], day, within));
            io.out.write(
              `${join(options.out, `${name}.md`)}: ${d.owner}, ${d.overdue.length} overdue, ${d.dueSoon.length} due soon\n`,
            );
          }
          if (digest.length === 0) io.out.write('No open actions: no digest written.\n');
        } else io.out.write(digestMarkdown(digest, day, within));
        return 0;
      }
      case 'progress': {
        const progress = await progressByReview(db, principal, {
          ...(options.partnership ? { partnership: options.partnership } : {}),
          today: day,
        });
        if (options.json) return json(io, progress);
        io.out.write(
          formatTable(
            [
              'REVIEW',
              'ACTIONS',
              'PLANNED',
              'IN PROGRESS',
              'COMPLETED',
              'EVIDENCED',
              'SUPERSEDED',
              'OVERDUE',
              'WITH MEASURE',
              'WITH EVIDENCE',
              'DONE',
              'PARTNERSHIP',
            ],
            progress.map((p) => [
              p.review,
              String(p.total),
              String(p.byStatus.planned),
              String(p.byStatus['in-progress']),
              String(p.byStatus.completed),
              String(p.byStatus.evidenced),
              String(p.byStatus.superseded),
              String(p.overdue),
              String(p.withMeasures),
              String(p.withEvidence),
              p.percentDone === null ? '-' : `${p.percentDone}%`,
              truncate(p.partnership, 40),
            ]),
          ),
        );
        return 0;
      }
      case 'themes': {
        const minReviews = options.minReviews !== undefined ? Number(options.minReviews) : 2;
        if (!Number.isInteger(minReviews) || minReviews < 1)
          throw new LanternError(
            'USAGE',
            `--min-reviews must be a whole number of at least 1, not "${options.minReviews}"`,
          );
        const coverage = await themeCoverage(db, principal, {
          ...(options.partnership ? { partnership: options.partnership } : {}),
          minReviews,
          today: day,
        });
        if (options.json) return json(io, coverage);
        if (coverage.length === 0) {
          io.out.write(`No theme recurs in ${minReviews} or more reviews.\n`);
          return 0;
        }
        io.out.write(
          formatTable(
            [
              'THEME',
              'REVIEWS',
              'ACTIONS',
              'OPEN',
              'COMPLETED',
              'WITH EVIDENCE',
              'FINDING',
              'ACTION NUMBERS',
            ],
            coverage.map((c) => [
              c.theme,
              String(c.reviews),
              String(c.actions),
              String(c.open),
              String(c.completed),
              String(c.evidenced),
              c.finding,
              truncate(c.actionNumbers.join(', ') || '-', 40),
            ]),
          ),
        );
        return 0;
      }
      default:
        throw new LanternError('USAGE', `unknown actions command "${sub}"`);
    }
  });
}

function slug(owner: string): string {
  return (
    owner
      .toLowerCase()
      .replace(/&/g, ' and ')
      .replace(/[^a-z0-9]+/g, '-')
      .replace(/^-+|-+$/g, '')
      .slice(0, 60) || 'owner'
  );
}

function digestLine(a: ActionView, late: boolean): string {
  const when = late
    ? `due ${a.dueOn}, ${a.daysLate} day(s) late`
    : a.dueOn
      ? `due ${a.dueOn}`
      : 'no deadline set';
  const measure = a.measures[0]
    ? `\n  How will we know: ${mdText(a.measures[0].text)}`
    : '\n  How will we know: no measure recorded';
  return `- **Action ${a.number}** (${mdText(a.review ?? a.partnership)}; ${a.status.replace('-', ' ')}; ${when}): ${mdText(a.text)}${measure}`;
}

/**
 * The per-owner digest as Markdown: what is late, what falls due soon, what has no deadline. Text
 * from documents and people is escaped (mdText), as in Markdown reports.
 */
export function digestMarkdown(digest: OwnerDigest[], day: string, within: number): string {
  const out = [
    `# Action digest, ${day}`,
    '',
    `Open actions by owner: overdue, due within ${within} days, and without a deadline.`,
    '',
  ];
  if (digest.length === 0) out.push('No open actions.', '');
  for (const d of digest) {
    out.push(
      `## ${mdText(d.owner)}${d.ownerKind !== 'not stated' ? ` (${d.ownerKind})` : ''}`,
      '',
      `${d.open} open: ${d.overdue.length} overdue, ${d.dueSoon.length} due within ${within} days, ${d.noDeadline.length} without a deadline.`,
      '',
    );
    if (d.overdue.length) out.push('### Overdue', '', ...d.overdue.map((a) => digestLine(a, true)), '');
    if (d.dueSoon.length)
      out.push(`### Due within ${within} days`, '', ...d.dueSoon.map((a) => digestLine(a, false)), '');
    if (d.noDeadline.length)
      out.push('### No deadline set', '', ...d.noDeadline.map((a) => digestLine(a, false)), '');
  }
  return out.join('\n');
}
