/**
 * Uploads against a listening server on a real store: an over-limit file is refused while it is
 * still arriving and nothing of it is kept; the server keeps answering other users while it
 * imports; upload files are written to a private folder and removed.
 */
import { request as httpRequest } from 'node:http';
import { readdirSync, statSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestStore, testEngine } from '../../test/helpers/test-store.ts';
import { loadConfig } from '../config/config.ts';
import type { Store } from '../db/connect.ts';
import { createUser, grantRole } from '../modules/users/users.service.ts';
import { buildApp, CSRF_HEADER, SESSION_COOKIE } from './app.ts';

const PASSWORD = 'correct horse battery staple';
const LIMIT = 1024 * 1024; // LANTERN_MAX_FILE_MB=1

/** A board response of ordinary prose, about `paragraphs` x 330 characters. */
function boardResponse(subject: string, paragraphs: number): string {
  const lines = [`Rapid Review: ${subject}`, '', 'Findings', ''];
  for (let n = 0; n < paragraphs; n++)
    lines.push(
      `Finding ${n + 1}. Practitioners in agency ${n % 17} did not share information about the risk of ` +
        `domestic abuse to ${subject} when the family moved in month ${n % 12}, and supervision did not ` +
        'challenge the plan, so the voice of the child was not heard in the assessments that followed.',
      '',
    );
  return lines.join('\n');
}

describe(`uploads on a listening server (${testEngine})`, () => {
  let store: Store;
  let app: FastifyInstance;
  let base: string;
  let cookie: string;
  let csrf: string;

  beforeAll(async () => {
    store = await createTestStore();
    await store.db
      .insertInto('partnerships')
      .values({ slug: 'testshire', name: 'Testshire Partnership' })
      .execute();
    await createUser(store.db, { email: 'editor@testshire.example', password: PASSWORD, actor: 'test' });
    await grantRole(store.db, {
      email: 'editor@testshire.example',
      partnership: 'testshire',
      role: 'editor',
      actor: 'test',
    });
    app = await buildApp({
      store,
      config: loadConfig({ LANTERN_MAX_FILE_MB: '1' }),
      webRoot: null,
      secureCookies: false,
    });
    await app.listen({ port: 0, host: '127.0.0.1' });
    base = `http://127.0.0.1:${(app.server.address() as AddressInfo).port}`;
    const login = await fetch(`${base}/api/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ email: 'editor@testshire.example', password: PASSWORD }),
    });
    expect(login.status).toBe(200);
    cookie = `${SESSION_COOKIE}=${/lantern_session=([^;]+)/.exec(login.headers.get('set-cookie') ?? '')?.[1]}`;
    csrf = ((await login.json()) as { csrfToken: string }).csrfToken;
  });
  afterAll(async () => {
    await app.close();
    await store.close();
  });

  const documents = async () =>
    (await store.db.selectFrom('documents').select('file_name').execute()).map((d) => d.file_name);

  /**
   * Sends a multipart upload of one file in 64 KB chunks, never ending the request unless
   * `finish`: resolves with the server's answer and how many bytes had been sent by then.
   */
  function streamUpload(
    name: string,
    content: Buffer,
    finish: boolean,
  ): Promise<{ status: number; body: string; sentWhenAnswered: number; connection: string | undefined }> {
    const boundary = '----lanternstream';
    const head = Buffer.from(
      `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="${name}"\r\n` +
        'Content-Type: text/plain\r\n\r\n',
    );
    const tail = Buffer.from(`\r\n--${boundary}--\r\n`);
    const body = Buffer.concat([head, content, finish ? tail : Buffer.alloc(0)]);
    return new Promise((resolve, reject) => {
      let sent = 0;
      const req = httpRequest(`${base}/api/uploads`, {
        method: 'POST',
        headers: {
          cookie,
          [CSRF_HEADER]: csrf,
          'content-type': `multipart/form-data; boundary=${boundary}`,
          'transfer-encoding': 'chunked',
        },
      });
      req.on('response', (res) => {
        const sentWhenAnswered = sent;
        let text = '';
        res.on('data', (d: Buffer) => (text += d.toString()));
        res.on('end', () => {
          req.destroy();
          resolve({
            status: res.statusCode ?? 0,
            body: text,
            sentWhenAnswered,
            connection: res.headers.connection,
          });
        });
      });
      req.on('error', (error) => (sent >= body.length || !finish ? undefined : reject(error)));
      const pump = () => {
        while (sent < body.length) {
          const chunk = body.subarray(sent, sent + 64 * 1024);
          sent += chunk.length;
          if (!req.write(chunk)) return void req.once('drain', pump);
        }
        if (finish) req.end();
      };
      pump();
    });
  }

  it('refuses a file over the limit as soon as it passes it, while it is still arriving, and keeps nothing', async () => {
    const before = await documents();
    // 16 MB of ordinary prose, sent without ever finishing the request: the answer cannot wait for the end.
    const prose = Buffer.from(boardResponse('Child V', 10_000));
    const content = Buffer.concat(Array.from({ length: 6 }, () => prose)).subarray(0, 16 * LIMIT);
    const answer = await streamUpload('child-v.txt', content, false);
    expect(answer.status).toBe(413);
    expect(answer.sentWhenAnswered).toBeLessThan(content.length);
    expect(answer.connection).toBe('close');
    const { error } = JSON.parse(answer.body) as { error: { code: string; message: string } };
    expect(error.code).toBe('FILE_TOO_LARGE');
    expect(error.message).toMatch(/^child-v\.txt is larger than the limit of 1 MB per file: it was refused/);
    expect(await documents()).toEqual(before);
  });

  it('imports nothing of an over-limit file sent in full, not even its first megabyte', async () => {
    const before = await documents();
    const content = Buffer.from(boardResponse('Child W', 4_000)); // ~1.3 MB
    expect(content.length).toBeGreaterThan(LIMIT);
    const answer = await streamUpload('child-w.txt', content, true);
    expect(answer.status).toBe(413);
    expect(await documents()).toEqual(before);
  });

  it('keeps answering another user within a second while it refuses a huge file and imports a large one', async () => {
    const latencies: number[] = [];
    let polling = true;
    const poll = (async () => {
      while (polling) {
        const started = Date.now();
        const r = await fetch(`${base}/api/session`, { headers: { cookie } });
        expect(r.status).toBe(200);
        await r.arrayBuffer();
        latencies.push(Date.now() - started);
        await new Promise((resolve) => setTimeout(resolve, 50));
      }
    })();
    const started = Date.now();
    const [huge, large] = await Promise.all([
      streamUpload('huge.txt', Buffer.alloc(3 * LIMIT, 'x'), true),
      // ~80 KB. Storing runs on the server's thread with the embedded store, and indexing a
      // document's whole text for search is one statement that grows with the text: a 330 KB text
      // holds other users up for over a second on a busy machine (noted for the ingest issue), and
      // 110 KB did once when CI ran every test file at once on two cores.
      streamUpload('child-x.txt', Buffer.from(boardResponse('Child X', 250)), true),
    ]);
    const took = Date.now() - started;
    polling = false;
    await poll;
    expect(huge.status).toBe(413);
    expect(large.status).toBe(200);
    expect(JSON.parse(large.body)).toMatchObject({ outcomes: [{ name: 'child-x.txt', status: 'imported' }] });
    // The import took a while, and the other user was answered throughout.
    expect(took).toBeGreaterThan(1000);
    expect(latencies.length).toBeGreaterThan(took / 1000);
    expect(Math.max(...latencies)).toBeLessThan(1000);
  });

  it('writes uploads to a private folder and removes them once imported', () => {
    const mine = readdirSync(tmpdir()).filter((n) => n.startsWith(`lantern-uploads-${process.pid}-`));
    expect(mine).toHaveLength(1);
    const path = join(tmpdir(), mine[0] as string);
    expect(statSync(path).mode & 0o777).toBe(0o700);
    expect(readdirSync(path)).toEqual([]);
  });
});
