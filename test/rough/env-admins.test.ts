/** Issue 13 point 11: YIZHAN_ADMINS names admins (a Docker run's first admin), validated like the config's and merged with them. */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openTestDatabase } from '../pg/app-store.js';
import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../../src/config.js';
import { say, simulate, to } from '../harness.js';

const problems = (env: NodeJS.ProcessEnv) => {
  try {
    loadConfig('config/default.yaml', env);
    return [];
  } catch (e) {
    if (e instanceof ConfigError) return e.problems;
    throw e;
  }
};

describe('YIZHAN_ADMINS', () => {
  it('adds admins to those of the config, once each', () => {
    const c = loadConfig('config/default.yaml', { YIZHAN_ADMINS: 'telegram:123, discord:456,local:admin,' });
    expect(c.admins).toEqual(['local:admin', 'telegram:123', 'discord:456']);
  });

  it('names the variable and the entry that is wrong, as the config admins are checked', () => {
    expect(problems({ YIZHAN_ADMINS: 'telegram:@wang,123' })).toEqual([
      'YIZHAN_ADMINS: "telegram:@wang": write platform:user-id, e.g. telegram:123456789 or discord:80351110224678912 (numeric ids) or local:admin; separate several with commas',
      'YIZHAN_ADMINS: "123": write platform:user-id, e.g. telegram:123456789 or discord:80351110224678912 (numeric ids) or local:admin; separate several with commas',
    ]);
  });

  it('makes the person named there an admin from their first message, without a role row', async () => {
    const dbPath = join(mkdtempSync(join(tmpdir(), 'yizhan-envadmin-')), 'y.db');
    const config = loadConfig('config/default.yaml', { YIZHAN_ADMINS: 'local:boss' });
    const r = await simulate([say('boss', '/whoami'), say('boss', '/survey list')], { config, dbPath });
    expect(to(r, 'private:boss')[0]!.text).toContain('身份：学生、管理员');
    expect(to(r, 'private:boss')[1]!.text).toMatch(/^问卷：\n• semester-satisfaction/);
    expect(openTestDatabase(dbPath, { readonly: true }).prepare('select count(*) as n from role_grants').get()).toEqual({ n: 0 });
  });
});
