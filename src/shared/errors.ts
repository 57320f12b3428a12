/**
 * Typed errors with stable codes. Engines and services throw these; each edge (CLI, API) maps
 * them once: the CLI to a message and an exit code, the API to `{error: {code, message}}`.
 */
export type ErrorCode =
  | 'USAGE'
  | 'NOT_FOUND'
  | 'AMBIGUOUS'
  | 'FORBIDDEN'
  | 'CONFLICT'
  | 'INVALID_INPUT'
  | 'UNSUPPORTED_FORMAT'
  | 'UNREADABLE_DOCUMENT'
  | 'FILE_TOO_LARGE'
  | 'STORE_LOCKED'
  | 'STORE_LOCK_LOST'
  | 'DB_UNREACHABLE'
  | 'DB_MIGRATION_FAILED'
  | 'STORE_OPEN_FAILED'
  | 'CONFIG';

export class LanternError extends Error {
  override readonly name = 'LanternError';
  constructor(
    readonly code: ErrorCode,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}

/** True when `error` is a LanternError, optionally of one of the given codes. */
export function isLanternError(error: unknown, ...codes: ErrorCode[]): error is LanternError {
  return error instanceof LanternError && (codes.length === 0 || codes.includes(error.code));
}

/**
 * A one-line, user-facing description of any thrown value. With LANTERN_DEBUG set, the message
 * of the error's cause (what a parser really said) follows it.
 */
export function describeError(error: unknown): string {
  if (!(error instanceof Error)) return String(error);
  const cause = (error as { cause?: unknown }).cause;
  if (process.env.LANTERN_DEBUG && cause !== undefined)
    return `${error.message} [debug: ${cause instanceof Error ? `${cause.name}: ${cause.message}` : JSON.stringify(cause)}]`;
  return error.message;
}
