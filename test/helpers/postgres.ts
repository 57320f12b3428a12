/** Naming and URLs for throwaway PostgreSQL test databases. */
import { randomBytes } from 'node:crypto';

/** The same URL pointing at another database. */
export function adminUrl(url: string, database: string): string {
  const u = new URL(url);
  u.pathname = `/${database}`;
  return u.toString();
}

/** One template per test run, so concurrent runs on one server never collide. */
export function templateName(): string {
  return `lantern_tpl_${process.pid}`;
}

export function scratchName(): string {
  return `lantern_t_${randomBytes(6).toString('hex')}`;
}
