/** The action tracker over HTTP: the same service functions the CLI calls, as the signed-in user. */
import { z } from 'zod';
import { ACTION_STATUSES, DUE_SOON_DAYS, EVIDENCE_KINDS } from '../../modules/actions/action.rules.ts';
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
} from '../../modules/actions/action.service.ts';
import { requireUser, type RouteContext, type TypedApp } from '../app.ts';
import { many } from './library.ts';

const Ref = z.object({ ref: z.string().min(1).max(64) });
const statuses = many(z.enum(ACTION_STATUSES));

export function actionRoutes(app: TypedApp, ctx: RouteContext): void {
  const { db } = ctx;

  app.get(
    '/api/actions',
    {
      schema: {
        summary: 'Actions with derived state (overdue, RAG), filtered',
        querystring: z.object({
          partnership: z.string().max(200).optional(),
          review: z.string().max(64).optional(),
          owner: z.string().max(200).optional(),
          status: statuses,
          overdue: z
            .enum(['0', '1', 'true', 'false'])
            .optional()
            .transform((v) => v === '1' || v === 'true'),
          dueWithin: z.coerce.number().int().min(0).max(3650).optional(),
          theme: many(z.string().max(80)),
        }),
      },
    },
    async (request) => {
      const q = request.query;
      return listActions(db, requireUser(request), {
        ...(q.partnership ? { partnership: q.partnership } : {}),
        ...(q.review ? { review: q.review } : {}),
        ...(q.owner ? { owner: q.owner } : {}),
        ...(q.status ? { statuses: q.status } : {}),
        ...(q.overdue ? { overdue: true } : {}),
        ...(q.dueWithin !== undefined ? { dueWithin: q.dueWithin } : {}),
        ...(q.theme ? { themes: q.theme } : {}),
      });
    },
  );

  app.get(
    '/api/actions/digest',
    {
      schema: {
        summary: 'Open actions by owner: overdue, due soon, no deadline',
        querystring: z.object({ dueWithin: z.coerce.number().int().min(0).max(3650).default(DUE_SOON_DAYS) }),
      },
    },
    async (request) => ownerDigest(db, requireUser(request), { dueWithin: request.query.dueWithin }),
  );

  app.get(
    '/api/actions/progress',
    { schema: { summary: "Progress on each review's actions" } },
    async (request) => progressByReview(db, requireUser(request)),
  );

  app.get(
    '/api/actions/themes',
    {
      schema: {
        summary: 'Recurring themes: their actions and whether any has evidence of impact',
        querystring: z.object({ minReviews: z.coerce.number().int().min(1).max(1000).default(2) }),
      },
    },
    async (request) => themeCoverage(db, requireUser(request), { minReviews: request.query.minReviews }),
  );

  app.get(
    '/api/actions/:ref',
    { schema: { summary: 'One action with its history', params: Ref } },
    async (request) => {
      const principal = requireUser(request);
      const action = await getAction(db, principal, request.params.ref);
      return { ...action, history: await actionHistory(db, principal, action.id) };
    },
  );

  app.post(
    '/api/actions',
    {
      schema: {
        summary: 'Add an action by hand',
        body: z.object({
          review: z.string().max(64).optional(),
          partnership: z.string().max(200).optional(),
          recommendation: z.string().max(64).optional(),
          text: z.string().min(1).max(4000),
          owner: z.string().max(300).nullable().optional(),
          deadline: z.string().max(60).nullable().optional(),
          measures: z.array(z.string().min(1).max(2000)).max(20).optional(),
          themes: z.array(z.string().max(80)).max(20).optional(),
          reason: z.string().max(2000).optional(),
        }),
      },
    },
    async (request) => createAction(db, requireUser(request), request.body),
  );

  app.patch(
    '/api/actions/:ref',
    {
      schema: {
        summary: 'Change an action; needs the version you read and a reason (409 if it changed since)',
        params: Ref,
        body: z.object({
          version: z.number().int().min(1),
          reason: z.string().max(2000),
          status: z.enum(ACTION_STATUSES).optional(),
          owner: z.string().max(300).nullable().optional(),
          deadline: z.string().max(60).nullable().optional(),
          rag: z.enum(['red', 'amber', 'green']).nullable().optional(),
          text: z.string().max(4000).optional(),
          completedOn: z.string().max(20).optional(),
          supersededBy: z.string().max(64).optional(),
        }),
      },
    },
    async (request) => {
      const { version, ...rest } = request.body;
      return updateAction(db, requireUser(request), request.params.ref, {
        expectedVersion: version,
        ...rest,
      });
    },
  );

  app.post(
    '/api/actions/:ref/evidence',
    {
      schema: {
        summary: 'Record evidence of impact',
        params: Ref,
        body: z.object({
          kind: z.enum(EVIDENCE_KINDS),
          summary: z.string().min(1).max(4000),
          occurredOn: z.string().max(20).optional(),
          measure: z.string().max(64).optional(),
          reference: z.string().max(1000).optional(),
        }),
      },
    },
    async (request) => addEvidence(db, requireUser(request), request.params.ref, request.body),
  );
}
