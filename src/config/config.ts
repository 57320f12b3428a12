import { resolve } from 'node:path';
import { z } from 'zod';
import { LanternError } from '../shared/errors.ts';

/** Lantern's configuration, parsed once from the environment and command-line overrides. */
export interface Config {
  /** Folder holding the embedded store (PGlite) and its lock. Ignored when `databaseUrl` is set. */
  readonly dataDir: string;
  /** PostgreSQL connection string; null selects the embedded store. */
  readonly databaseUrl: string | null;
  /** Largest input file accepted by import and extract, in bytes. */
  readonly maxFileBytes: number;
  /** How long to wait for a PostgreSQL server before giving up, in milliseconds. */
  readonly connectTimeoutMs: number;
  /** Where the web app listens. */
  readonly host: string;
  readonly port: number;
}

const positiveNumber = (name: string) =>
  z
    .string()
    .trim()
    .regex(/^\d+(\.\d+)?$/, `${name} must be a positive number`)
    .transform(Number)
    .refine((n) => n > 0, `${name} must be greater than 0`);

const EnvSchema = z.object({
  LANTERN_DATA_DIR: z.string().trim().min(1).optional(),
  DATABASE_URL: z
    .string()
    .trim()
    .optional()
    .transform((v) => (v ? v : undefined))
    .refine((v) => v === undefined || /^postgres(ql)?:\/\//.test(v), {
      message: 'DATABASE_URL must start with postgres:// or postgresql://',
    }),
  LANTERN_MAX_FILE_MB: positiveNumber('LANTERN_MAX_FILE_MB').optional(),
  LANTERN_CONNECT_TIMEOUT_MS: positiveNumber('LANTERN_CONNECT_TIMEOUT_MS').optional(),
  LANTERN_HOST: z.string().trim().min(1).optional(),
  LANTERN_PORT: z
    .string()
    .trim()
    .regex(/^\d+$/, 'LANTERN_PORT must be a port number')
    .transform(Number)
    .refine((n) => n > 0 && n < 65536, 'LANTERN_PORT must be between 1 and 65535')
    .optional(),
});

export interface ConfigOverrides {
  dataDir?: string | undefined;
}

/** Every environment variable Lantern reads, for the README and `--help`. */
export const ENVIRONMENT_VARIABLES = {
  LANTERN_DATA_DIR: 'folder of the embedded store (default ./.lantern)',
  DATABASE_URL: 'use this PostgreSQL server instead of the embedded store',
  LANTERN_MAX_FILE_MB: 'largest document accepted, in MB (default 100)',
  LANTERN_CONNECT_TIMEOUT_MS: 'how long to wait for the PostgreSQL server (default 5000)',
  LANTERN_PUBLIC_URL:
    "where Lantern's web app shows source text, for links in reports (default http://localhost:4321)",
  LANTERN_CHROMIUM: 'the Chromium that prints PDF reports (default: /usr/bin/chromium if present)',
  LANTERN_HOST: 'address the web app listens on (default 127.0.0.1; 0.0.0.0 for every interface)',
  LANTERN_PORT: 'port the web app listens on (default 4321)',
} as const;

/**
 * Parses the environment into a frozen Config. Reports every problem at once, so a user fixes
 * their settings in one go.
 */
export function loadConfig(env: NodeJS.ProcessEnv = process.env, overrides: ConfigOverrides = {}): Config {
  const parsed = EnvSchema.safeParse(env);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((i) => `  ${i.path.join('.')}: ${i.message}`).join('\n');
    throw new LanternError('CONFIG', `Invalid configuration:\n${problems}`);
  }
  const e = parsed.data;
  return Object.freeze({
    dataDir: resolve(overrides.dataDir ?? e.LANTERN_DATA_DIR ?? '.lantern'),
    databaseUrl: e.DATABASE_URL ?? null,
    maxFileBytes: Math.round((e.LANTERN_MAX_FILE_MB ?? 100) * 1024 * 1024),
    connectTimeoutMs: e.LANTERN_CONNECT_TIMEOUT_MS ?? 5000,
    host: e.LANTERN_HOST ?? '127.0.0.1',
    port: e.LANTERN_PORT ?? 4321,
  });
}
