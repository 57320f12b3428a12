/** Passwords: long enough, not common however decorated, not a run of keys, not the e-mail. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestStore, testEngine } from '../../../test/helpers/test-store.ts';
import type { Store } from '../../db/connect.ts';
import { commonPasswords, passwordProblem } from './password-policy.ts';
import { createUser, ensureFirstAdmin, setPassword } from './users.service.ts';

const EMAIL = 'jane.smith@example.org';

describe('password policy', () => {
  it('ships a list of common passwords', () => {
    expect(commonPasswords().size).toBeGreaterThan(300);
    expect(commonPasswords().has('password')).toBe(true);
  });

  it.each([
    ['short one', /at least 12 characters/],
    ['passwordpassword', /most common/],
    ['Password123!', /most common/],
    ['P@ssw0rd2024!!', /most common/],
    ['Liverpool1234', /most common/],
    ['safeguarding2024', /most common/],
    ['qwertyuiop12', /most common|run of keys/],
    ['123456789012', /run of keys/],
    ['zxcvbnmzxcvbnm', /run of keys/],
    ['abcdefghijklm', /run of keys/],
    ['abcabcabcabc', /repeats/],
    ['aaaaaaaaaaaaaaa', /repeats/],
    ['jane.smith2024', /e-mail/],
    ['JaneSmith!!!!', /e-mail/],
    ['my jane.smith@example.org', /e-mail/],
  ])('refuses %j', (password, reason) => {
    expect(passwordProblem(password, EMAIL)).toMatch(reason);
  });

  it.each(['correct horse battery staple', 'x7#Kq9!mLp2@vR', 'Tr0ub4dor&3xyz', 'kettle moorland violin 9'])(
    'accepts %j',
    (password) => expect(passwordProblem(password, EMAIL)).toBeNull(),
  );
});

describe(`accounts refuse weak passwords (${testEngine})`, () => {
  let store: Store;
  beforeAll(async () => {
    store = await createTestStore();
  });
  afterAll(async () => {
    await store.close();
  });

  it('when an account is added or its password set, naming the reason', async () => {
    await expect(
      createUser(store.db, { email: EMAIL, password: 'Password123!', actor: 'test' }),
    ).rejects.toThrow(/most common passwords/);
    await expect(
      createUser(store.db, { email: EMAIL, password: 'jane.smith2024', actor: 'test' }),
    ).rejects.toThrow(/e-mail/);
    expect(await store.db.selectFrom('users').select('id').execute()).toEqual([]);
    await createUser(store.db, { email: EMAIL, password: 'kettle moorland violin 9', actor: 'test' });
    await expect(setPassword(store.db, EMAIL, 'qwerty123456', 'test')).rejects.toThrow(
      /most common|run of keys/,
    );
    await expect(setPassword(store.db, EMAIL, 'JaneSmith!!!!', 'test')).rejects.toThrow(/e-mail/);
  });

  it('the first administrator gets a password the policy accepts', async () => {
    await store.db.deleteFrom('users').execute();
    const admin = await ensureFirstAdmin(store.db, 'test');
    expect(passwordProblem(admin?.password ?? '', admin?.email)).toBeNull();
  });
});
