/**
 * Lantern's HTTP server: a JSON API validated with zod (and described as OpenAPI from the same
 * schemas), sign-in with server-side sessions in http-only cookies, CSRF tokens on every change,
 * security headers, limits on failed sign-ins (in the store), upload limits, and the React app built by Vite.
 * Rights are checked by the services each route calls, with the signed-in user as principal.
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import fastifyCookie from '@fastify/cookie';
import fastifyHelmet from '@fastify/helmet';
import fastifyMultipart from '@fastify/multipart';
import fastifyStatic from '@fastify/static';
import fastifySwagger from '@fastify/swagger';
import Fastify, {
  type FastifyBaseLogger,
  type FastifyError,
  type FastifyInstance,
  type FastifyReply,
  type FastifyRequest,
  type RawReplyDefaultExpression,
  type RawRequestDefaultExpression,
  type RawServerDefault,
} from 'fastify';
import {
  jsonSchemaTransform,
  serializerCompiler,
  validatorCompiler,
  type ZodTypeProvider,
} from 'fastify-type-provider-zod';
import type { Config } from '../config/config.ts';
import type { Store } from '../db/connect.ts';
import { principalForUser, type Principal } from '../modules/access/access.ts';
import { defaultLinkBase } from '../modules/reports/report.service.ts';
import { findSession } from '../modules/users/users.service.ts';
import { DEFAULT_SIGN_IN_LIMITS, type SignInLimits } from '../modules/users/sign-in-limits.ts';
import { isLanternError, type ErrorCode } from '../shared/errors.ts';
import { actionRoutes } from './routes/actions.ts';
import { adminRoutes } from './routes/admin.ts';
import { authRoutes } from './routes/auth.ts';
import { insightRoutes } from './routes/insight.ts';
import { libraryRoutes } from './routes/library.ts';
import { uploadRoutes } from './routes/uploads.ts';
import { openUploadDir } from './upload-dir.ts';

export const SESSION_COOKIE = 'lantern_session';
export const CSRF_HEADER = 'x-csrf-token';

declare module 'fastify' {
  interface FastifyRequest {
    principal: Principal | null;
    csrfToken: string | null;
    sessionToken: string | null;
  }
}

export interface AppOptions {
  store: Store;
  config: Config;
  /** The built web app (index.html and assets); null serves the API only. */
  webRoot?: string | null;
  /** Secure cookies (HTTPS, or localhost, which browsers treat as secure). Default true. */
  secureCookies?: boolean;
  /** Limits on failed sign-ins (modules/users/sign-in-limits.ts); the defaults otherwise. */
  signInLimits?: Partial<SignInLimits>;
  logger?: boolean;
  /**
   * The embedded store's data dir: uploads are kept in its tmp/ while imported. Without one
   * (PostgreSQL, tests), a private folder in the system's temporary folder, named per process.
   */
  uploadsIn?: string | null;
}

const STATUS: Partial<Record<ErrorCode, number>> = {
  USAGE: 400,
  INVALID_INPUT: 400,
  AMBIGUOUS: 400,
  UNSUPPORTED_FORMAT: 400,
  UNREADABLE_DOCUMENT: 400,
  NOT_FOUND: 404,
  FORBIDDEN: 403,
  CONFLICT: 409,
  FILE_TOO_LARGE: 413,
};

export function sendError(reply: FastifyReply, status: number, code: string, message: string) {
  return reply.status(status).send({ error: { code, message } });
}

/** The signed-in principal, or a 401 the route returns at once. */
export function requireUser(request: FastifyRequest): Principal {
  if (!request.principal)
    throw Object.assign(new Error('sign in first'), { statusCode: 401, code: 'UNAUTHENTICATED' });
  return request.principal;
}

const DEFAULT_WEB_ROOT = join(import.meta.dirname, '../../dist/web');

export async function buildApp(options: AppOptions): Promise<FastifyInstance> {
  const { store, config } = options;
  const db = store.db;
  const app = Fastify({
    logger: options.logger ?? false,
    // Uploads are limited by the multipart plugin; JSON bodies are small.
    bodyLimit: 2 * 1024 * 1024,
    trustProxy: false,
  });
  app.setValidatorCompiler(validatorCompiler);
  app.setSerializerCompiler(serializerCompiler);

  await app.register(fastifyHelmet, {
    contentSecurityPolicy: {
      directives: {
        defaultSrc: ["'self'"],
        scriptSrc: ["'self'"],
        styleSrc: ["'self'", "'unsafe-inline'"],
        imgSrc: ["'self'", 'data:'],
        connectSrc: ["'self'"],
        objectSrc: ["'none'"],
        frameAncestors: ["'none'"],
        baseUri: ["'self'"],
        formAction: ["'self'"],
      },
    },
    crossOriginEmbedderPolicy: false,
  });
  await app.register(fastifyCookie);
  await app.register(fastifyMultipart, {
    limits: { fileSize: config.maxFileBytes, files: 20, fields: 10, fieldSize: 1000 },
  });
  await app.register(fastifySwagger, {
    openapi: {
      info: {
        title: 'Lantern API',
        description:
          'Learning from child safeguarding case reviews. Sign in with POST /api/auth/login; send the session cookie and, on every change, the x-csrf-token header from GET /api/session.',
        version: '1.0.0',
      },
    },
    transform: jsonSchemaTransform,
  });

  app.decorateRequest('principal', null);
  app.decorateRequest('csrfToken', null);
  app.decorateRequest('sessionToken', null);

  app.addHook('onRequest', async (request, reply) => {
    if (!request.url.startsWith('/api/')) return;
    const token = request.cookies[SESSION_COOKIE];
    if (token) {
      const session = await findSession(db, token);
      if (session) {
        try {
          request.principal = await principalForUser(db, session.userId);
          request.csrfToken = session.csrf;
          request.sessionToken = token;
        } catch {
          request.principal = null;
        }
      }
    }
    // Every change carries the session's CSRF token (sign-in has no session yet).
    const changes = !['GET', 'HEAD', 'OPTIONS'].includes(request.method);
    if (changes && request.url !== '/api/auth/login' && request.principal) {
      const sent = request.headers[CSRF_HEADER];
      if (typeof sent !== 'string' || sent !== request.csrfToken)
        return sendError(
          reply,
          403,
          'CSRF',
          'missing or wrong x-csrf-token header: reload the page and try again',
        );
    }
  });

  // Answers carry confidential records: no browser or proxy keeps a copy (a shared computer's
  // cache, the back button after sign-out).
  app.addHook('onSend', async (request, reply) => {
    if (request.url.startsWith('/api/')) reply.header('cache-control', 'no-store');
  });

  app.setErrorHandler((error: FastifyError & { statusCode?: number }, request, reply) => {
    if (isLanternError(error)) return sendError(reply, STATUS[error.code] ?? 500, error.code, error.message);
    if (error.validation) {
      const detail = error.validation
        .map((v) => {
          const path = (v.instancePath || '').replace(/^\//, '').replace(/\//g, '.');
          return `${error.validationContext ?? 'request'}${path ? `.${path}` : ''}: ${v.message ?? 'invalid'}`;
        })
        .join('; ');
      return sendError(reply, 400, 'INVALID_INPUT', detail);
    }
    if (
      error.code === 'FST_REQ_FILE_TOO_LARGE' ||
      error.code === 'FST_ERR_CTP_BODY_TOO_LARGE' ||
      error.statusCode === 413
    )
      return sendError(
        reply,
        413,
        'FILE_TOO_LARGE',
        `too large: the limit is ${Math.round(config.maxFileBytes / 1024 / 1024)} MB per file`,
      );
    if (error.statusCode === 401) return sendError(reply, 401, 'UNAUTHENTICATED', 'sign in first');
    if (error.statusCode === 429) return sendError(reply, 429, 'RATE_LIMITED', error.message);
    if (error.statusCode && error.statusCode < 500)
      return sendError(reply, error.statusCode, error.code ?? 'BAD_REQUEST', error.message);
    request.log.error(error);
    return sendError(reply, 500, 'INTERNAL', 'something went wrong on the server; the log has the details');
  });

  const uploads = await openUploadDir({ dataDir: options.uploadsIn ?? null });
  app.addHook('onClose', () => uploads.close());
  const context = {
    db,
    config,
    uploadDir: uploads.path,
    secureCookies: options.secureCookies ?? true,
    signInLimits: { ...DEFAULT_SIGN_IN_LIMITS, ...options.signInLimits },
    linkBase: () => linkBaseOf(app),
  };
  await app.register((scope, _opts, done) => {
    const typed = scope.withTypeProvider<ZodTypeProvider>();
    authRoutes(typed, context);
    libraryRoutes(typed, context);
    insightRoutes(typed, context);
    actionRoutes(typed, context);
    uploadRoutes(typed, context);
    adminRoutes(typed, context);
    typed.get('/api/openapi.json', { schema: { hide: true } }, (_request, reply) =>
      reply.send(app.swagger()),
    );
    done();
  });

  const webRoot = options.webRoot === undefined ? DEFAULT_WEB_ROOT : options.webRoot;
  if (webRoot && existsSync(join(webRoot, 'index.html'))) {
    await app.register(fastifyStatic, { root: webRoot, wildcard: false, index: false });
    // The app's own routes (/reviews/..., /documents/.../source) all get index.html.
    app.setNotFoundHandler((request, reply) => {
      if (request.method !== 'GET' || request.url.startsWith('/api/'))
        return sendError(
          reply,
          404,
          'NOT_FOUND',
          `no such endpoint: ${request.method} ${request.url.split('?')[0]}`,
        );
      return reply.type('text/html').sendFile('index.html');
    });
  } else {
    app.setNotFoundHandler((request, reply) => {
      if (request.url.startsWith('/api/'))
        return sendError(
          reply,
          404,
          'NOT_FOUND',
          `no such endpoint: ${request.method} ${request.url.split('?')[0]}`,
        );
      return reply
        .status(503)
        .type('text/plain')
        .send('The web app is not built. Run "npm run build:web" (npm start does it), then reload.');
    });
  }
  return app;
}

/**
 * The base of links in reports: LANTERN_PUBLIC_URL, else the address this server listens on (a
 * loopback name when it listens on every interface). Never the request's Host header, which a
 * client chooses.
 */
export function linkBaseOf(app: FastifyInstance, env: NodeJS.ProcessEnv = process.env): string {
  if (env.LANTERN_PUBLIC_URL) return env.LANTERN_PUBLIC_URL;
  const address = app.server.address();
  if (!address || typeof address !== 'object') return defaultLinkBase(env);
  const host = ['0.0.0.0', '::', ''].includes(address.address)
    ? 'localhost'
    : address.family === 'IPv6'
      ? `[${address.address}]`
      : address.address;
  return `http://${host}:${address.port}`;
}

export interface RouteContext {
  db: Store['db'];
  config: Config;
  /** Where uploads are written while they are imported (owner-only). */
  uploadDir: string;
  secureCookies: boolean;
  signInLimits: SignInLimits;
  /** Base URL of links in reports (see linkBaseOf). */
  linkBase: () => string;
}

export type TypedApp = FastifyInstance<
  RawServerDefault,
  RawRequestDefaultExpression,
  RawReplyDefaultExpression,
  FastifyBaseLogger,
  ZodTypeProvider
>;
