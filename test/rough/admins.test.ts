/** Issue 13 point 8: /revoke admin says the truth about config admins and never removes the last admin. */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openTestDatabase } from '../pg/app-store.js';
import { describe, expect, it } from 'vitest';
import { person, say, simulate, testConfig, to } from '../harness.js';

const tmpDb = () => join(mkdtempSync(join(tmpdir(), 'yizhan-admins-')), 'y.db');
const adminRows = (dbPath: string) => openTestDatabase(dbPath, { readonly: true })
  .prepare(`select i.platform_user_id as who from role_grants g join identities i using (member_id) where g.role = 'admin' order by who`).all();
const revokes = (dbPath: string) => openTestDatabase(dbPath, { readonly: true }).prepare(`select count(*) as n from audit_log where action = 'role.revoke'`).get();

describe('/revoke admin', () => {
  it('an admin listed in the config is told so, in their language, and nothing changes', async () => {
    const dbPath = tmpDb();
    // "admin" is local:admin, listed in config/default.yaml; declared with the admin role it also has a row.
    const r = await simulate([
      person('admin', '管理员', { roles: ['admin'] }), person('boss', 'Boss', { roles: ['admin'], locale: 'en' }),
      say('admin', '/revoke admin @admin'),
      say('boss', '/revoke admin @admin'),
    ], { dbPath });
    expect(to(r, 'private:admin').at(-1)!.text).toBe('管理员 是配置指定的管理员（local:admin，见配置文件的 admins 或环境变量 YIZHAN_ADMINS），不能用命令撤销；要撤销，请修改配置后重启。');
    expect(to(r, 'private:boss').at(-1)!.text).toBe('管理员 is an admin by configuration (local:admin, in the config file\'s admins or YIZHAN_ADMINS) and cannot be revoked with a command; edit the configuration and restart to remove them.');
    expect(adminRows(dbPath)).toEqual([{ who: 'admin' }, { who: 'boss' }]);
    expect(revokes(dbPath)).toEqual({ n: 0 });
  });

  it('the last admin cannot revoke themselves; once there is another, they can', async () => {
    const dbPath = tmpDb();
    const config = { ...testConfig(), admins: [] };
    const r = await simulate([
      person('boss', '老板', { roles: ['admin'] }), person('amy', 'Amy', { locale: 'en' }),
      say('boss', '/revoke admin @boss'),
      say('boss', '/grant admin @amy'),
      say('amy', '/revoke admin @boss'),
      say('amy', '/revoke admin @amy'),
    ], { config, dbPath });
    expect(to(r, 'private:boss').map((l) => l.text)).toEqual([
      '老板 是最后一位管理员，不能撤销：否则没有人能再管理身份。请先用 /grant admin @用户 指定另一位管理员。',
      '已授予 Amy「管理员」身份。',
    ]);
    expect(to(r, 'private:amy').map((l) => l.text).slice(1)).toEqual([
      '老板 no longer has the role: admin.',
      'Amy is the last admin and cannot be revoked: nobody could manage roles any more. First make someone else an admin with /grant admin @user.',
    ]);
    expect(adminRows(dbPath)).toEqual([{ who: 'amy' }]);
    expect(revokes(dbPath)).toEqual({ n: 1 });
  });
});
