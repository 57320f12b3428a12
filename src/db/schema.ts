/**
 * The database as Kysely sees it. Only repositories use these row types; they map rows to
 * domain types so that column names never leak past them.
 */
import type { ColumnType, Generated, JSONColumnType } from 'kysely';

type CreatedAt = ColumnType<Date, Date | string | undefined, never>;
type UpdatedAt = ColumnType<Date, Date | string | undefined, Date | string>;
/** `date` columns are read and written as 'YYYY-MM-DD' strings (see db/connect.ts). */
type DateColumn = ColumnType<string | null, string | null | undefined, string | null>;
type GeneratedAlways<T> = ColumnType<T, never, never>;

export interface PartnershipsTable {
  id: Generated<string>;
  slug: string;
  name: string;
  nation: string | null;
  aliases: ColumnType<string[], string[] | undefined, string[]>;
  created_at: CreatedAt;
}

export interface UsersTable {
  id: Generated<string>;
  email: string;
  display_name: string;
  password_hash: string | null;
  site_admin: Generated<boolean>;
  created_at: CreatedAt;
  disabled_at: ColumnType<Date | null, Date | string | null | undefined, Date | string | null>;
}

export interface SessionsTable {
  id: string;
  user_id: string;
  csrf_token: string;
  created_at: CreatedAt;
  last_seen_at: UpdatedAt;
  expires_at: ColumnType<Date, Date | string, Date | string>;
}

export interface SignInFailuresTable {
  key: string;
  failures: number;
  window_started_at: ColumnType<Date, Date | string, Date | string>;
  last_failed_at: ColumnType<Date, Date | string, Date | string>;
}

export interface SignInAddressesTable {
  user_id: string;
  address: string;
  last_success_at: ColumnType<Date, Date | string, Date | string>;
}

export interface MembershipsTable {
  user_id: string;
  partnership_id: string;
  role: string;
  created_at: CreatedAt;
}

export interface AuditLogTable {
  id: Generated<string>;
  at: CreatedAt;
  actor: string;
  user_id: string | null;
  partnership_id: string | null;
  action: string;
  entity_type: string;
  entity_id: string | null;
  detail: JSONColumnType<Record<string, unknown>, string | undefined, string>;
}

export interface DocumentsTable {
  id: Generated<string>;
  partnership_id: string;
  sha256: string;
  file_name: string;
  source_path: string | null;
  format: string;
  byte_size: number;
  text: string;
  blocks: JSONColumnType<unknown[], string, string>;
  title: string | null;
  publisher: string | null;
  published: string | null;
  kind: string;
  confidential: Generated<boolean>;
  retain_until: DateColumn;
  extractor_version: string;
  imported_at: CreatedAt;
  imported_by: string;
  search: GeneratedAlways<string>;
  coded_with: string | null;
}

/** A document's text in passages for search (see ingest/passages.ts); derived, rebuilt from the text. */
export interface DocumentPassagesTable {
  id: GeneratedAlways<string>;
  document_id: string;
  position: number;
  span_start: number;
  span_end: number;
  text: string;
  search: GeneratedAlways<string>;
}

export interface DocumentFilesTable {
  document_id: string;
  bytes: Buffer;
}

export interface ReviewsTable {
  id: Generated<string>;
  partnership_id: string;
  subject: string;
  subject_key: string;
  review_type: string | null;
  started: string | null;
  published: string | null;
  child_age_text: string | null;
  child_age_years: number | null;
  child_sex: string | null;
  outcome: string | null;
  cp_plan_status: string | null;
  known_to_csc: boolean | null;
  confidential: Generated<boolean>;
  created_at: CreatedAt;
  updated_at: UpdatedAt;
  themes: Generated<string>;
}

export interface ReviewDocumentsTable {
  review_id: string;
  document_id: string;
  span_start: number | null;
  span_end: number | null;
}

export interface ReviewAgenciesTable {
  review_id: string;
  name: string;
}

export interface ReviewLinksTable {
  id: Generated<string>;
  review_id: string;
  target: string;
  target_review_id: string | null;
  document_id: string;
  span_start: number;
  span_end: number;
}

export interface ChronologyEventsTable {
  id: Generated<string>;
  review_id: string;
  document_id: string;
  position: number;
  happened_text: string;
  happened: string | null;
  text: string;
  span_start: number;
  span_end: number;
}

export interface ItemsTable {
  id: Generated<string>;
  document_id: string;
  review_id: string | null;
  position: number;
  kind: string;
  ref: string | null;
  text: string;
  span_start: number;
  span_end: number;
  owner: string | null;
  deadline: string | null;
  created_at: CreatedAt;
  updated_at: UpdatedAt;
  search: GeneratedAlways<string>;
}

export interface ItemLinksTable {
  from_item_id: string;
  to_item_id: string;
  origin: string;
  created_at: CreatedAt;
}

export interface ActionsTable {
  id: Generated<string>;
  /** Counts within the partnership (given by insertActions). */
  number: number;
  partnership_id: string;
  review_id: string | null;
  item_id: string | null;
  recommendation_id: string | null;
  text: string;
  owner: string | null;
  deadline: string | null;
  due_on: DateColumn;
  status: Generated<string>;
  rag: string | null;
  completed_on: DateColumn;
  superseded_by: string | null;
  version: Generated<number>;
  created_by: string;
  created_at: CreatedAt;
  updated_by: string;
  updated_at: UpdatedAt;
}

export interface ActionMeasuresTable {
  id: Generated<string>;
  action_id: string;
  item_id: string | null;
  text: string;
  created_by: string;
  created_at: CreatedAt;
}

export interface ActionThemesTable {
  action_id: string;
  theme: string;
  added_by: string;
  created_at: CreatedAt;
}

export interface ActionEvidenceTable {
  id: Generated<string>;
  action_id: string;
  measure_id: string | null;
  kind: string;
  summary: string;
  occurred_on: string;
  document_id: string | null;
  reference: string | null;
  recorded_by: string;
  recorded_at: CreatedAt;
}

export interface CodebooksTable {
  id: Generated<string>;
  slug: string;
  name: string;
  description: string | null;
  is_primary: Generated<boolean>;
  created_at: CreatedAt;
}

export interface CodebookVersionsTable {
  id: Generated<string>;
  codebook_id: string;
  version: number;
  note: string | null;
  content_hash: string | null;
  created_at: CreatedAt;
}

export interface CodesTable {
  id: Generated<string>;
  codebook_version_id: string;
  key: string;
  parent_key: string | null;
  label: string;
  definition: string | null;
  inclusion: string | null;
  exclusion: string | null;
  vocabulary: JSONColumnType<Record<string, unknown>, string | undefined, string>;
  reference_code: string | null;
  polarity: Generated<string>;
  group_name: string | null;
  position: Generated<number>;
}

export interface CoderModelsTable {
  id: Generated<string>;
  codebook_id: string;
  version: number;
  algorithm: string;
  parameters: JSONColumnType<Record<string, unknown>, string, string>;
  model: JSONColumnType<Record<string, unknown>, string, string>;
  examples: number;
  metrics: JSONColumnType<Record<string, unknown>, string | undefined, string>;
  trained_by: string;
  created_at: CreatedAt;
}

export interface MachineCodingsTable {
  id: Generated<string>;
  code_id: string;
  document_id: string;
  item_id: string | null;
  confidence: number;
  coder_version: string;
  component: string;
  evidence: JSONColumnType<unknown[], string | undefined, string>;
  model_id: string | null;
  score: number | null;
  review_id: string | null;
  created_at: CreatedAt;
}

export interface HumanCodingsTable {
  id: Generated<string>;
  code_id: string;
  document_id: string;
  item_id: string | null;
  span_start: number | null;
  span_end: number | null;
  decision: string;
  coder: string;
  user_id: string | null;
  machine_coding_id: string | null;
  note: string | null;
  created_at: CreatedAt;
}

export interface ReviewThemesTable {
  review_id: string;
  theme: string;
  source: string;
  confidence: number | null;
}

export interface BaselinesTable {
  id: Generated<string>;
  name: string;
  source: string | null;
  period: string | null;
  measure: string;
  label: string | null;
  percent: number | null;
  numerator: number | null;
  denominator: number | null;
  created_at: CreatedAt;
}

export interface ReviewVariablesTable {
  review_id: string;
  name: string;
  value: string;
  source: 'machine' | 'person';
  document_id: string | null;
  span_start: number | null;
  span_end: number | null;
  set_by: string;
  set_at: UpdatedAt;
  reason: string | null;
}

export interface CrossCaseStatementsTable {
  id: Generated<string>;
  document_id: string;
  position: number;
  text: string;
  span_start: number;
  span_end: number;
  numerator: number | null;
  denominator: number | null;
  quantifier: string | null;
  source: Generated<'machine' | 'person'>;
  set_by: string;
  set_at: CreatedAt;
  reason: string | null;
}

export interface StatementThemesTable {
  statement_id: string;
  theme: string;
}

export interface StatementReviewsTable {
  statement_id: string;
  review_id: string;
  named: boolean;
}

export interface Database {
  partnerships: PartnershipsTable;
  users: UsersTable;
  memberships: MembershipsTable;
  audit_log: AuditLogTable;
  documents: DocumentsTable;
  document_files: DocumentFilesTable;
  document_passages: DocumentPassagesTable;
  reviews: ReviewsTable;
  review_documents: ReviewDocumentsTable;
  review_agencies: ReviewAgenciesTable;
  review_links: ReviewLinksTable;
  chronology_events: ChronologyEventsTable;
  review_variables: ReviewVariablesTable;
  cross_case_statements: CrossCaseStatementsTable;
  statement_themes: StatementThemesTable;
  statement_reviews: StatementReviewsTable;
  items: ItemsTable;
  item_links: ItemLinksTable;
  codebooks: CodebooksTable;
  codebook_versions: CodebookVersionsTable;
  codes: CodesTable;
  machine_codings: MachineCodingsTable;
  human_codings: HumanCodingsTable;
  coder_models: CoderModelsTable;
  review_themes: ReviewThemesTable;
  baselines: BaselinesTable;
  actions: ActionsTable;
  action_measures: ActionMeasuresTable;
  action_themes: ActionThemesTable;
  action_evidence: ActionEvidenceTable;
  sessions: SessionsTable;
  sign_in_failures: SignInFailuresTable;
  sign_in_addresses: SignInAddressesTable;
}
