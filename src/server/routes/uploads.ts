/** Upload documents: each file is imported as `lantern import` would, into the user's partnership. */
import { createWriteStream } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { pipeline } from 'node:stream/promises';
import { refreshStatistics } from '../../db/statistics.ts';
import { canEdit, readablePartnerships } from '../../modules/access/access.ts';
import { prepareStoreCoder } from '../../modules/codings/coding.service.ts';
import { importFile, type ImportOutcome } from '../../modules/documents/import.service.ts';
import { findPartnership } from '../../modules/partnerships/partnership.repository.ts';
import { LanternError } from '../../shared/errors.ts';
import { requireUser, type RouteContext, type TypedApp } from '../app.ts';

export function uploadRoutes(app: TypedApp, ctx: RouteContext): void {
  app.post(
    '/api/uploads',
    {
      schema: {
        summary:
          'Import documents (multipart: one or more "file" parts; optional "partnership" and "confidential" fields before them)',
      },
    },
    async (request) => {
      const principal = requireUser(request);
      if (!request.isMultipart())
        throw new LanternError('INVALID_INPUT', 'send the files as multipart/form-data');
      const editable = principal.everywhere
        ? null
        : [...principal.roles].filter(([id]) => canEdit(principal, id)).map(([id]) => id);
      if (editable && editable.length === 0)
        throw new LanternError(
          'FORBIDDEN',
          `${principal.name} may read but not add documents: this needs the editor or admin role`,
        );
      const dir = await mkdtemp(join(tmpdir(), 'lantern-upload-'));
      const outcomes: ImportOutcome[] = [];
      let partnershipName: string | undefined;
      let confidential = false;
      try {
        const coder = await prepareStoreCoder(ctx.db);
        for await (const part of request.parts()) {
          if (part.type === 'field') {
            const value = String(part.value).trim();
            if (part.fieldname === 'confidential')
              confidential = value === 'true' || value === '1' || value === 'on';
            if (part.fieldname === 'partnership' && value) {
              const found = await findPartnership(ctx.db, value, readablePartnerships(principal));
              if (!found) throw new LanternError('NOT_FOUND', `no partnership "${value}"`);
              if (!canEdit(principal, found.id))
                throw new LanternError(
                  'FORBIDDEN',
                  `${principal.name} may not add documents to ${found.name}`,
                );
              partnershipName = found.name;
            }
            continue;
          }
          const name =
            basename(part.filename || 'upload')
              .replace(/[^\w .()&,'-]+/g, '_')
              .slice(0, 200) || 'upload';
          if (!partnershipName && editable) {
            // A user with one partnership files documents there; with several, they must choose.
            if (editable.length > 1)
              throw new LanternError('INVALID_INPUT', 'choose the partnership to file these documents under');
            const only = await ctx.db
              .selectFrom('partnerships')
              .select('name')
              .where('id', '=', editable[0] as string)
              .executeTakeFirstOrThrow();
            partnershipName = only.name;
          }
          const path = join(dir, `${outcomes.length}-${name}`);
          await pipeline(part.file, createWriteStream(path));
          outcomes.push(
            await importFile(
              ctx.db,
              { path, name },
              {
                actor: principal.name,
                partnership: partnershipName,
                confidential,
                maxFileBytes: ctx.config.maxFileBytes,
                coder,
              },
            ),
          );
        }
      } finally {
        await rm(dir, { recursive: true, force: true });
      }
      if (outcomes.length === 0) throw new LanternError('INVALID_INPUT', 'no file in the upload');
      if (outcomes.some((o) => o.status === 'imported')) await refreshStatistics(ctx.db);
      return { outcomes };
    },
  );
}
