import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadConfig } from './config.ts';

describe('loadConfig', () => {
  it('defaults to the embedded store in ./.lantern with a 100 MB file limit', () => {
    expect(loadConfig({})).toEqual({
      dataDir: resolve('.lantern'),
      databaseUrl: null,
      maxFileBytes: 100 * 1024 * 1024,
      connectTimeoutMs: 5000,
      host: '127.0.0.1',
      port: 4321,
    });
  });

  it('takes settings from the environment, and --data-dir over LANTERN_DATA_DIR', () => {
    const env = {
      LANTERN_DATA_DIR: '/srv/lantern',
      DATABASE_URL: 'postgres://u@db/lantern',
      LANTERN_MAX_FILE_MB: '2.5',
      LANTERN_CONNECT_TIMEOUT_MS: '800',
      LANTERN_HOST: '0.0.0.0',
      LANTERN_PORT: '8080',
    };
    expect(loadConfig(env)).toMatchObject({
      dataDir: '/srv/lantern',
      databaseUrl: 'postgres://u@db/lantern',
      maxFileBytes: 2621440,
      connectTimeoutMs: 800,
      host: '0.0.0.0',
      port: 8080,
    });
    expect(loadConfig(env, { dataDir: '/tmp/other' }).dataDir).toBe('/tmp/other');
  });

  it('treats an empty DATABASE_URL as unset', () => {
    expect(loadConfig({ DATABASE_URL: '' }).databaseUrl).toBeNull();
  });

  it('reports every invalid setting at once', () => {
    expect(() =>
      loadConfig({ DATABASE_URL: 'mysql://x', LANTERN_MAX_FILE_MB: 'lots', LANTERN_PORT: '99999' }),
    ).toThrow(
      /DATABASE_URL: DATABASE_URL must start with postgres:\/\/[\s\S]*LANTERN_MAX_FILE_MB: LANTERN_MAX_FILE_MB must be a positive number[\s\S]*LANTERN_PORT must be between 1 and 65535/,
    );
  });
});
