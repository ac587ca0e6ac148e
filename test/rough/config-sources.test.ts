/** Issue 13 point 10: start-up says which survey files were loaded and from where; a config copied away from its surveys/ is not silent. */
import { copyFileSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { createApp } from '../../src/app.js';
import { createConsoleSession } from '../../src/adapters/console/console-session.js';
import { createLocalPort } from '../../src/adapters/local/local-port.js';
import { loadConfig, type Config } from '../../src/config.js';
import { ShiftedClock } from '../../src/core/clock.js';
import { seededRng } from '../../src/core/rng.js';
import { openDb } from '../../src/db/client.js';
import { memoryLogger, person, say, simulate, to } from '../harness.js';

/** config/default.yaml copied alone into a fresh folder, as an admin preparing their campus does. */
function copiedConfig(): { config: Config; dir: string } {
  const dir = mkdtempSync(join(tmpdir(), 'yizhan-campus-'));
  copyFileSync('config/default.yaml', join(dir, 'campus.yaml'));
  return { config: loadConfig(join(dir, 'campus.yaml'), {}), dir };
}

function banner(config: Config): string[] {
  const printed: string[] = [];
  const port = createLocalPort(() => undefined);
  const app = createApp({ config, db: openDb(':memory:'), clock: new ShiftedClock(), rng: seededRng(1), log: memoryLogger([]), ports: new Map([['local', port]]) });
  createConsoleSession({ app, port, config, clock: new ShiftedClock(), print: (t) => printed.push(t) }).intro({ db: 'y.db', log: 'console.log' });
  return printed.join('\n').split('\n');
}

describe('where the surveys came from', () => {
  it('the demo config: a log line and the console banner name each survey file', async () => {
    const config = loadConfig('config/default.yaml', {});
    const r = await simulate([person('boss', '管理员', { roles: ['admin'] })], { config });
    expect(r.logs).toContainEqual(expect.objectContaining({
      level: 30, msg: 'survey definitions loaded', surveyDirFound: true,
      files: [`semester-satisfaction: ${resolve('config/surveys/semester-satisfaction.yaml')}`],
    }));
    expect(banner(config)).toEqual(expect.arrayContaining(['配置：config/default.yaml', '问卷：semester-satisfaction（config/surveys/semester-satisfaction.yaml）']));
  });

  it('a config copied without its surveys/ folder: a warning, the banner and /survey list say there are none and how to add one', async () => {
    const { config, dir } = copiedConfig();
    const r = await simulate([person('boss', '管理员', { roles: ['admin'] }), say('boss', '/survey list')], { config });
    expect(r.logs).toContainEqual(expect.objectContaining({
      level: 40, surveyDir: join(dir, 'surveys'), surveyDirFound: false, files: [],
      msg: `no survey definitions: no folder ${join(dir, 'surveys')} (next to the config file) and none in the config`,
    }));
    expect(banner(config)).toContain(`问卷：没有（${join(dir, 'surveys')} 不存在）。把问卷 YAML 文件放进配置文件旁的 surveys/ 文件夹，或用 /survey create 新建。`);
    expect(to(r, 'private:boss').map((l) => l.text)).toEqual(['还没有问卷。用 /survey create 新建一份，或在配置文件旁的 surveys/ 文件夹里放一个 YAML 文件（格式见 README 的“问卷”一节），然后重启。']);
  });
});
