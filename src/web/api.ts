/** The JSON API, with the session's CSRF token on every change. Errors carry the server's message. */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}

let csrfToken: string | null = null;
export function setCsrf(token: string | null): void {
  csrfToken = token;
}
export function csrf(): string | null {
  return csrfToken;
}

export async function api<T>(method: string, url: string, body?: unknown): Promise<T> {
  const headers: Record<string, string> = {};
  if (body !== undefined) headers['content-type'] = 'application/json';
  if (method !== 'GET' && csrfToken) headers['x-csrf-token'] = csrfToken;
  const response = await fetch(url, {
    method,
    headers,
    credentials: 'same-origin',
    ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
  });
  const text = await response.text();
  const data: unknown = text ? JSON.parse(text) : null;
  if (!response.ok) {
    const error = (data as { error?: { code?: string; message?: string } } | null)?.error;
    throw new ApiError(response.status, error?.code ?? 'ERROR', error?.message ?? response.statusText);
  }
  return data as T;
}

/** Query string from an object; arrays repeat their key; empty values are left out. */
export function query(
  params: Record<string, string | number | boolean | (string | number)[] | undefined | null>,
): string {
  const q = new URLSearchParams();
  for (const [k, v] of Object.entries(params)) {
    if (v === undefined || v === null || v === '' || v === false) continue;
    if (Array.isArray(v)) for (const x of v) q.append(k, String(x));
    else q.set(k, String(v));
  }
  const s = q.toString();
  return s ? `?${s}` : '';
}

export type Role = 'admin' | 'editor' | 'viewer';

export interface User {
  id: string;
  email: string;
  name: string;
  siteAdmin: boolean;
  partnerships: { id: string; slug: string; name: string; role: Role }[];
}

export interface Action {
  id: string;
  number: number;
  partnership: string;
  partnershipId: string;
  review: string | null;
  reviewId: string | null;
  text: string;
  owner: string | null;
  ownerKind: string;
  deadline: string | null;
  dueOn: string | null;
  status: string;
  ragShown: 'red' | 'amber' | 'green' | null;
  ragSource: 'set' | 'derived';
  overdue: boolean;
  daysLate: number | null;
  daysLeft: number | null;
  version: number;
  measures: { id: string; text: string }[];
  evidence: { id: string; kind: string; summary: string; occurredOn: string; recordedBy: string }[];
  themes: string[];
  source: { itemId: string; documentId: string; fileName: string; span: [number, number] } | null;
  recommendation: {
    itemId: string;
    ref: string | null;
    text: string;
    documentId: string;
    span: [number, number];
  } | null;
}

export interface Coding {
  id: string;
  source: 'machine' | 'human';
  codeKey: string;
  codeLabel: string;
  documentId: string;
  itemId: string | null;
  confidence: number | null;
  coder: string;
  decision: string | null;
  machineCodingId: string | null;
  evidence: { start: number; end: number; reason?: string }[];
}

export const STATUSES = ['planned', 'in-progress', 'completed', 'evidenced', 'superseded'] as const;
export const label = (s: string) => s.replace(/-/g, ' ');
