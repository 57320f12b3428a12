/**
 * The extraction report: what the ingest pipeline makes of one document before anything is
 * stored (see ../shared/contracts/extraction-report.md). `lantern extract --json` prints it; the
 * import service stores it. Keys are snake_case because the contract is JSON read by other tools.
 */
import { z } from 'zod';

export const DOCUMENT_FORMATS = ['txt', 'md', 'html', 'pdf', 'docx'] as const;
export type DocumentFormat = (typeof DOCUMENT_FORMATS)[number];

export const DOCUMENT_KINDS = [
  'learning-briefing',
  'seven-minute-briefing',
  'board-response',
  'board-report',
  'presentation',
  'research-briefing',
  'overview-report',
  'executive-summary',
  'case-summary',
  'other',
] as const;
export type DocumentKind = (typeof DOCUMENT_KINDS)[number];

export const REVIEW_TYPES = [
  'serious-case-review',
  'child-safeguarding-practice-review',
  'partnership-learning-review',
  'rapid-review',
  'significant-case-review',
  'child-practice-review',
  'safeguarding-adults-review',
  'domestic-homicide-review',
  'other',
] as const;
export type ReviewType = (typeof REVIEW_TYPES)[number];

export const ITEM_KINDS = [
  'finding',
  'lesson',
  'learning',
  'recommendation',
  'action',
  'measure',
  'theme',
] as const;
export type ItemKind = (typeof ITEM_KINDS)[number];

/** YYYY, YYYY-MM or YYYY-MM-DD: documents state dates at every precision. */
export const PartialDate = z.string().regex(/^\d{4}(-(0[1-9]|1[0-2])(-(0[1-9]|[12]\d|3[01]))?)?$/);
export const Span = z.tuple([z.number().int().nonnegative(), z.number().int().nonnegative()]);
export type Span = z.infer<typeof Span>;

export const ChildSchema = z.object({
  age_text: z.string().nullable(),
  age_years: z.number().nonnegative().nullable(),
  sex: z.enum(['male', 'female']).nullable(),
  outcome: z.enum(['death', 'serious-harm']).nullable(),
});

export const ReviewSchema = z.object({
  subject: z.string().min(1),
  review_type: z.enum(REVIEW_TYPES).nullable(),
  child: ChildSchema,
  agencies: z.array(z.string()),
  /** Where the document describes the case (its heading or first mention). Lantern's own field. */
  span: Span.nullable().optional(),
  /** Other reviews the document points to for this case ("see Norfolk Case O SCR"). */
  cross_references: z.array(z.object({ target: z.string(), span: Span })).optional(),
  /** Dated events from the case history. */
  chronology: z
    .array(z.object({ when: z.string(), date: PartialDate.nullable(), text: z.string(), span: Span }))
    .optional(),
});
export type ExtractedReview = z.infer<typeof ReviewSchema>;

export const ItemSchema = z.object({
  kind: z.enum(ITEM_KINDS),
  ref: z.string().nullable(),
  review: z.string().nullable(),
  text: z.string().min(1),
  owner: z.string().nullable(),
  deadline: PartialDate.nullable(),
  span: Span,
  codes: z.array(z.string()),
  /** An action's RAG rating as the document states it. Lantern's own field. */
  rag: z.enum(['red', 'amber', 'green']).optional(),
  /** Indexes (into `items`) of the items this one leads to: finding -> recommendation -> action -> measure. */
  links: z.array(z.number().int().nonnegative()).optional(),
});
export type ExtractedItem = z.infer<typeof ItemSchema>;

export const DocumentCodeSchema = z.object({
  code: z.string(),
  count: z.number().int().nonnegative(),
  /** Lantern's own: how sure the coder is (0-1). */
  confidence: z.number().min(0).max(1).optional(),
  evidence: z.array(Span),
});

export const ExtractionReportSchema = z.object({
  source: z.object({
    file: z.string(),
    sha256: z.string().regex(/^[0-9a-f]{64}$/),
    format: z.enum(DOCUMENT_FORMATS),
    chars: z.number().int().nonnegative(),
  }),
  document: z.object({
    title: z.string().nullable(),
    publisher: z.string().nullable(),
    date: PartialDate.nullable(),
    kind: z.enum(DOCUMENT_KINDS),
  }),
  reviews: z.array(ReviewSchema),
  items: z.array(ItemSchema),
  codes: z.array(DocumentCodeSchema),
  /** Lantern's own: what a person should know about this reading ("no review found"). */
  warnings: z.array(z.string()).optional(),
});
export type ExtractionReport = z.infer<typeof ExtractionReportSchema>;
