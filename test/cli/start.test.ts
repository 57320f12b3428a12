/**
 * What `npm start` runs: on a fresh store, the sample reviews are imported, an admin account is
 * made and its password printed once, and the web app answers at the printed URL; it stops
 * cleanly on SIGTERM.
 */
import { describe, expect, it } from 'vitest';
import { ensureWebBuilt, startServer } from '../helpers/browser.ts';
import { freshDataDir, makeTemplate } from '../helpers/cli.ts';

describe('lantern start', () => {
  it('imports the samples, makes the first admin, serves the app and the API, and stops on SIGTERM', async () => {
    ensureWebBuilt();
    const dataDir = freshDataDir(await makeTemplate());
    const server = await startServer(dataDir, 'start');
    try {
      expect(server.output()).toMatch(/First run: importing the sample reviews/);
      expect(server.output()).toMatch(/e-mail: +admin@lantern\.local/);
      const page = await fetch(server.url);
      expect(page.status).toBe(200);
      expect(await page.text()).toMatch(/<div id="root"><\/div>/);
      expect(page.headers.get('content-security-policy')).toMatch(/script-src 'self'/);
      const login = await fetch(`${server.url}/api/auth/login`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ email: 'admin@lantern.local', password: server.password }),
      });
      expect(login.status).toBe(200);
      const cookie = (login.headers.get('set-cookie') ?? '').split(';')[0] as string;
      const reviews = (await (await fetch(`${server.url}/api/reviews`, { headers: { cookie } })).json()) as {
        total: number;
      };
      expect(reviews.total).toBeGreaterThanOrEqual(8);
    } finally {
      expect(await server.stop()).toBe(0);
    }
    expect(server.output()).toMatch(/Stopping Lantern\./);
    // The second start finds the store and the account: no import, no new password.
    const again = await startServer(dataDir, 'start');
    expect(again.output()).not.toMatch(/First run/);
    expect(again.password).toBeNull();
    expect(await again.stop()).toBe(0);
  });
});
