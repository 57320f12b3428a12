/** Upload documents: each file is imported as `lantern import` would, into the user's partnership. */
import { createWriteStream } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { basename, join } from 'node:path';
import { pipeline } from 'node:stream/promises';
import type { MultipartFile } from '@fastify/multipart';
import { refreshStatistics } from '../../db/statistics.ts';
import { canEdit, readablePartnerships } from '../../modules/access/access.ts';
import { prepareStoreCoder } from '../../modules/codings/coding.service.ts';
import { importFile, type ImportOutcome } from '../../modules/documents/import.service.ts';
import { findPartnership } from '../../modules/partnerships/partnership.repository.ts';
import { LanternError } from '../../shared/errors.ts';
import { requireUser, type RouteContext, type TypedApp } from '../app.ts';

function megabytes(bytes: number): string {
  return `${Math.round((bytes / 1024 / 1024) * 10) / 10} MB`;
}

/**
 * Writes one uploaded file to `path`, refusing it (413) the moment it passes `maxBytes`: the
 * stream is cut there and the part written is removed, so an over-limit file costs neither memory
 * nor disk, and is never imported truncated.
 */
async function saveWithinLimit(
  part: MultipartFile,
  path: string,
  maxBytes: number,
  name: string,
  importedBefore: string[],
): Promise<void> {
  const tooLarge = () =>
    new LanternError(
      'FILE_TOO_LARGE',
      `${name} is larger than the limit of ${megabytes(maxBytes)} per file: it was refused and nothing ` +
        'of it was kept. Split the document, or ask your administrator to raise LANTERN_MAX_FILE_MB.' +
        (importedBefore.length
          ? ` Files before it in this upload were imported: ${importedBefore.join(', ')}.`
          : ''),
    );
  part.file.once('limit', () => part.file.destroy(tooLarge()));
  try {
    await pipeline(part.file, createWriteStream(path, { mode: 0o600 }));
    if (part.file.truncated) throw tooLarge();
  } catch (error) {
    await rm(path, { force: true });
    throw error;
  }
}

export function uploadRoutes(app: TypedApp, ctx: RouteContext): void {
  app.post(
    '/api/uploads',
    {
      schema: {
        summary:
          'Import documents (multipart: one or more "file" parts; optional "partnership" and "confidential" fields before them)',
      },
    },
    async (request, reply) => {
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
      const dir = await mkdtemp(join(ctx.uploadDir, 'upload-'));
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
          await saveWithinLimit(
            part,
            path,
            ctx.config.maxFileBytes,
            name,
            outcomes.filter((o) => o.status === 'imported').map((o) => o.name),
          );
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
          await rm(path, { force: true });
        }
      } catch (error) {
        // Stop receiving the rest of a refused upload: no reason to read (and discard) it.
        if ((error as { code?: string }).code === 'FILE_TOO_LARGE') void reply.header('connection', 'close');
        throw error;
      } finally {
        await rm(dir, { recursive: true, force: true });
      }
      if (outcomes.length === 0) throw new LanternError('INVALID_INPUT', 'no file in the upload');
      if (outcomes.some((o) => o.status === 'imported')) await refreshStatistics(ctx.db);
      return { outcomes };
    },
  );
}
