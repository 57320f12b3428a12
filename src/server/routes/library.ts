/** Reviews, search, documents, codings and the codebook. */
import { z } from 'zod';
import { parseCodebook, serialiseCodebook } from '../../classify/codebook/codebook.ts';
import { AGE_BANDS } from '../../analytics/dataset.ts';
import { REFERENCE_CODES } from '../../classify/reference-codes.ts';
import { recordAudit } from '../../modules/audit/audit.repository.ts';
import { primaryCodebook, saveCodebook } from '../../modules/codebooks/codebook.repository.ts';
import { findMachineCoding } from '../../modules/codings/coding.repository.ts';
import { addHumanCoding, decideMachineCoding } from '../../modules/codings/coding.service.ts';
import { assertCanEdit, mayReadDocumentSql } from '../../modules/access/access.ts';
import {
  getDocumentForUser,
  getReviewForUser,
  listReviewPage,
  readableDocument,
} from '../../modules/library/library.service.ts';
import { searchLibrary } from '../../modules/library/search.service.ts';
import { LanternError } from '../../shared/errors.ts';
import { requireUser, type RouteContext, type TypedApp } from '../app.ts';

/** A query parameter that may be given once or repeated. */
export const many = <T extends z.ZodType>(item: T) =>
  z
    .union([item, z.array(item)])
    .optional()
    .transform((v) => (v === undefined ? undefined : Array.isArray(v) ? v : [v]));

export const SelectionQuery = z.object({
  partnership: many(z.string().max(200)),
  from: z.coerce.number().int().min(1900).max(2100).optional(),
  to: z.coerce.number().int().min(1900).max(2100).optional(),
  type: many(z.string().max(80)),
  ageBand: many(z.enum(AGE_BANDS)),
  sex: many(z.enum(['male', 'female'])),
  outcome: many(z.enum(['death', 'serious-harm'])),
  theme: many(z.enum(REFERENCE_CODES as unknown as [string, ...string[]])),
  year: many(z.coerce.number().int().min(1900).max(2100)),
});

export type SelectionQueryT = z.infer<typeof SelectionQuery>;

/** The analyses' Selection from query parameters. "year" narrows to single years. */
export function selectionOf(q: SelectionQueryT) {
  const years = q.year ?? [];
  return {
    ...(q.partnership ? { partnerships: q.partnership } : {}),
    ...(q.from !== undefined || years.length ? { from: q.from ?? Math.min(...years) } : {}),
    ...(q.to !== undefined || years.length ? { to: q.to ?? Math.max(...years) } : {}),
    ...(q.type ? { reviewTypes: q.type } : {}),
    ...(q.ageBand ? { ageBands: q.ageBand } : {}),
    ...(q.sex ? { sexes: q.sex } : {}),
    ...(q.outcome ? { outcomes: q.outcome } : {}),
    ...(q.theme ? { themes: q.theme } : {}),
  };
}

const Id = z.object({ id: z.string().max(64) });

export function libraryRoutes(app: TypedApp, ctx: RouteContext): void {
  const { db } = ctx;

  app.get(
    '/api/reviews',
    {
      schema: {
        summary: 'Reviews with facets; q searches their documents and items',
        querystring: SelectionQuery.extend({
          q: z.string().max(200).optional(),
          limit: z.coerce.number().int().min(1).max(500).default(50),
          offset: z.coerce.number().int().min(0).default(0),
        }),
      },
    },
    async (request) => {
      const principal = requireUser(request);
      const { q, limit, offset, ...filters } = request.query;
      return listReviewPage(db, principal, { ...selectionOf(filters), ...(q ? { q } : {}), limit, offset });
    },
  );

  app.get(
    '/api/reviews/:id',
    { schema: { summary: 'One review: learning, links, codings, actions', params: Id } },
    async (request) => getReviewForUser(db, requireUser(request), request.params.id),
  );

  app.get(
    '/api/documents/:id',
    { schema: { summary: "A document's text with its items and codings, for highlighting", params: Id } },
    async (request) => getDocumentForUser(db, requireUser(request), request.params.id),
  );

  app.get(
    '/api/search',
    {
      schema: {
        summary: 'Full-text search over items and documents, ranked, with marked snippets',
        querystring: z.object({
          q: z.string().max(200),
          limit: z.coerce.number().int().min(1).max(100).default(20),
        }),
      },
    },
    async (request) => searchLibrary(db, requireUser(request), request.query.q, request.query.limit),
  );

  app.post(
    '/api/codings/:id/decision',
    {
      schema: {
        summary: "Confirm or reject one of the machine's codings",
        params: Id,
        body: z.object({
          decision: z.enum(['confirmed', 'rejected']),
          note: z.string().max(2000).optional(),
        }),
      },
    },
    async (request) => {
      const principal = requireUser(request);
      const coding = await findMachineCoding(db, request.params.id, mayReadDocumentSql(principal));
      const doc = await readableDocument(db, principal, coding.document_id);
      assertCanEdit(principal, doc.partnershipId, 'its codings');
      const id = await decideMachineCoding(db, {
        coding: coding.id,
        decision: request.body.decision,
        coder: principal.name,
        note: request.body.note ?? null,
      });
      return { id, decision: request.body.decision, coder: principal.name };
    },
  );

  app.post(
    '/api/codings',
    {
      schema: {
        summary: 'Add a code to a document or one of its items, optionally with the words that show it',
        body: z.object({
          documentId: z.string().max(64),
          itemId: z.string().max(64).nullable().optional(),
          code: z.string().min(1).max(100),
          span: z
            .tuple([z.number().int().min(0), z.number().int().min(0)])
            .nullable()
            .optional(),
          note: z.string().max(2000).optional(),
        }),
      },
    },
    async (request) => {
      const principal = requireUser(request);
      const doc = await readableDocument(db, principal, request.body.documentId);
      assertCanEdit(principal, doc.partnershipId, 'its codings');
      if (request.body.itemId) {
        const item = await db
          .selectFrom('items')
          .select('document_id')
          .where('id', '=', request.body.itemId)
          .executeTakeFirst();
        if (!item || item.document_id !== doc.id)
          throw new LanternError('INVALID_INPUT', 'that item is not in this document');
      }
      const id = await addHumanCoding(db, {
        documentId: doc.id,
        itemId: request.body.itemId ?? null,
        code: request.body.code,
        coder: principal.name,
        span: request.body.span ?? null,
        note: request.body.note ?? null,
      });
      return { id };
    },
  );

  app.get(
    '/api/codebook',
    { schema: { summary: 'The primary codebook, parsed and as YAML' } },
    async (request) => {
      requireUser(request);
      const stored = await primaryCodebook(db);
      return { version: stored.version, codebook: stored.book, yaml: serialiseCodebook(stored.book, 'yaml') };
    },
  );

  app.put(
    '/api/codebook',
    {
      schema: {
        summary: 'Save an edited codebook (YAML or JSON) as a new version; site admins only',
        body: z.object({ text: z.string().min(1).max(2_000_000), note: z.string().max(500).optional() }),
      },
    },
    async (request) => {
      const principal = requireUser(request);
      if (principal.everywhere !== 'admin')
        throw new LanternError(
          'FORBIDDEN',
          'only a site admin may change the codebook: it codes every partnership',
        );
      const book = parseCodebook(request.body.text, 'the codebook');
      const current = await primaryCodebook(db);
      if (book.slug !== current.book.slug)
        throw new LanternError('INVALID_INPUT', `the codebook's slug must stay "${current.book.slug}"`);
      const saved = await saveCodebook(db, book, request.body.note ?? `edited by ${principal.name}`);
      await recordAudit(db, {
        actor: principal.name,
        userId: principal.userId,
        action: 'codebook.save',
        entityType: 'codebook',
        entityId: saved.codebookId,
        detail: { version: saved.version, created: saved.created },
      });
      return { version: saved.version, created: saved.created };
    },
  );
}
