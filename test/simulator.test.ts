import { execFile } from 'node:child_process';
import { writeFileSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { at, person, press, say, simulate, to } from './harness.js';

const run = promisify(execFile);
const T0 = '2026-03-02T08:00:00+08:00';

const PLAIN_WORDS = '也可以直接用自己的话告诉我，比如「3号楼502热水器坏了」或「T-1 怎么样了」。';
const STUDENT_HELP_ZH = [
  '你可以使用这些命令：',
  '/start — 开始使用，查看欢迎信息',
  '/help — 查看你可以使用的命令',
  '/lang — 切换语言：/lang zh 或 /lang en',
  '/whoami — 查看你的身份和账号信息',
  '/repair — 报修（宿舍、教室、公共设施）',
  '/feedback — 提交意见反馈',
  '/complaint — 提交投诉',
  '/ask — 向相关部门咨询问题',
  '/status — 查看工单进度：/status T-1',
  '/mytickets — 查看我的全部工单',
  '/cancel — 撤回工单：/cancel T-1（或退出正在填写的内容）',
  '/faq — 查常见问题：办事时间、地点和流程（/faq 图书馆几点关门）',
  '/talk — 匿名和心理老师聊聊（情感倾诉）；/talk end 结束',
  '/join — 使用邀请码获得身份：/join 邀请码（私聊）',
  '/link — 关联你在另一个平台的账号：/link',
  '/survey — 继续填写发给你的问卷：/survey continue',
  '/mydata — 导出我保存的关于你的全部数据（JSON 文件）',
  '/forgetme — 删除我保存的关于你的数据',
].join('\n');

const STUDENT_FAQ_ZH = '/faq — 查常见问题：办事时间、地点和流程（/faq 图书馆几点关门）';
const ADMIN_FAQ_ZH = '/faq — 查常见问题；/faq list 列出全部，/faq add、/faq edit <编号>、/faq remove <编号> 修改本部门的条目';
const ADMIN_SURVEY_ZH = '/survey — 问卷：list 查看全部 · send <问卷> 发起一轮 · results <问卷|#轮次> 结果 · export <问卷|#轮次> 导出 CSV 文件 · create <定义> 新建 · continue 继续填写发给你的问卷';

describe('simulator transcript', () => {
  it('answers /start, /help as a student and as an admin, and /lang en, line by line', async () => {
    const r = await simulate([
      person('alice', '李华', { locale: 'zh-CN', roles: ['student'] }),
      person('boss', '管理员', { roles: ['admin'] }),
      say('alice', '/start'),
      say('alice', '/help'),
      say('boss', '/help'),
      say('alice', '/lang en'),
      say('alice', '/help'),
    ]);
    expect(r.err).toEqual([]);
    expect(r.out.map((l) => [l.at, l.to])).toEqual(['alice', 'alice', 'boss', 'alice', 'alice'].map((u) => [T0, `private:${u}`]));
    expect(r.out[0]!.text).toBe(
      '你好，李华！我是「一站」，示范大学一站式学生社区的助手。\n' +
      '遇到问题不用再到处找部门：报修、反馈、投诉、咨询都可以在这里提出，我会交给负责的部门，并随时告诉你进度。\n' +
      '发送 /help 查看你可以使用的命令。\nSend /lang en for English.',
    );
    expect(r.out[1]!.text).toBe(`${STUDENT_HELP_ZH}\n\n${PLAIN_WORDS}`);
    expect(r.out[2]!.text).toBe([
      STUDENT_HELP_ZH.replace('/survey — 继续填写发给你的问卷：/survey continue', ADMIN_SURVEY_ZH).replace(STUDENT_FAQ_ZH, ADMIN_FAQ_ZH), '', '工作相关：',
      '/queue — 查看本部门待处理的工单（逾期的在前）',
      '/claim — 认领工单：/claim T-1',
      '/reply — 回复学生：/reply T-1 内容',
      '/note — 内部备注（学生看不到）：/note T-1 内容',
      '/transfer — 转交其他部门：/transfer T-1 部门 原因',
      '/resolve — 标记已解决：/resolve T-1 处理结果',
      '/reject — 不予受理：/reject T-1 原因',
      '/priority — 设置优先级：/priority T-1 urgent|normal',
      '/assign — 分派给部门成员：/assign T-1 @用户',
      '/cases — 进行中的心理个案（/reply C-1 回复，/close C-1 备注 结束，/note C-1 备注，/reveal C-1 原因 申请查看身份）',
      '/close — 结束心理个案，附一句只有心理中心能看到的备注',
      '/reveal — 申请查看匿名个案的身份（需另一位负责人或管理员批准，同学会被告知）',
      '/digest — 最新统计：/digest 看本部门，/digest 部门 看指定部门（管理员可看任一部门；不带部门时看全部门周报）',
      '/grant — 授予身份：/grant 身份 范围 @用户',
      '/revoke — 撤销身份：/revoke 身份 范围 @用户',
      '/invite — 生成一次性邀请码：/invite staff logistics',
      '/bind — 绑定本群：/bind staff 部门、/bind class 班级、/bind management',
      '/unbind — 解除本群的绑定',
      '/poll — 班级投票：/poll 问题 | 选项1 | 选项2（班委）；/poll list、results、close、extend、export',
      '/announce — 发通知：/announce 对象 | 内容（可加 | private 私信、| at 明天 08:00 定时）；/announce list 查看、取消',
      '', PLAIN_WORDS,
    ].join('\n'));
    expect(r.out[3]!.text).toBe("OK, I'll talk to you in English from now on.");
    expect(r.out[4]!.text.split('\n')[0]).toBe('Commands you can use:');
    expect(r.out[4]!.text).not.toContain('/grant');
  });

  it('takes the locale from the platform when the member never chose one', async () => {
    const r = await simulate([person('amy', 'Amy', { locale: 'en-US' }), say('amy', '/start'), say('zoe', '/start')]);
    expect(r.out[0]!.text).toMatch(/^Hi Amy! I'm Yizhan/);
    expect(r.out[1]!.text).toMatch(/^你好，zoe！/); // undeclared: registers on first contact, campus default
  });

  it('stays silent on ambient group messages and answers commands, mentions and replies there', async () => {
    const r = await simulate([
      person('alice', '李华', { groups: ['class-2301'] }),
      say('alice', '今天食堂的红烧肉绝了', 'group:class-2301'),
      say('alice', 'anyone want to repair our friendship lol', 'group:class-2301'),
      say('alice', '/whoami', 'group:class-2301'),
      say('alice', '/start@some_other_bot', 'group:class-2301'),
      say('alice', '在吗', 'group:class-2301', { mention: true }),
      say('alice', '好的', 'group:class-2301', { reply_to_bot: true }),
    ]);
    const group = to(r, 'group:class-2301');
    expect(group).toHaveLength(3);
    expect(group[0]!.text).toBe('这部分内容不适合在本群显示，我已私信回复你。'); // /whoami: the member number stays private
    expect(to(r, 'private:alice').map((l) => l.text)).toEqual([expect.stringMatching(/^李华（成员编号 #1）\n身份：学生/)]);
    expect(r.out).toHaveLength(4);
  });

  it('presses buttons by label on the latest message that offers them, and reports unknown labels with the line number', async () => {
    const r = await simulate([say('alice', '/lang'), press('alice', 'English'), press('alice', 'Nope')]);
    expect(r.out[0]).toEqual({ at: T0, to: 'private:alice', text: '当前语言：简体中文。请选择：', buttons: [['中文', 'English']] });
    expect(r.out[1]!.text).toBe("OK, I'll talk to you in English from now on.");
    expect(r.err).toEqual(['line 3: no message in private:alice has a button "Nope"']);
  });

  it('lets a person write on another platform ("platform": "telegram" or "discord"): another account, chats prefixed with the platform', async () => {
    const r = await simulate([
      say('alice', '/whoami'),
      { ...say('alice', '/lang'), platform: 'telegram' },
      { ...press('alice', 'English'), platform: 'telegram' },
      { ...say('alice', '/whoami'), platform: 'discord' },
      { ...say('alice', '/start'), platform: 'myspace' },
    ]);
    expect(r.out.map((l) => l.to)).toEqual(['private:alice', 'telegram:private:alice', 'telegram:private:alice', 'discord:private:alice']);
    expect(r.out.map((l) => /成员编号 #(\d+)/.exec(l.text)?.[1])).toEqual(['1', undefined, undefined, '3']);
    expect(r.out[2]!.text).toMatch(/English/);
    expect(r.err).toEqual(['line 5: "platform" must be one of local, telegram, discord']);
  });

  it('moves the virtual clock forward only, and reports bad lines without stopping', async () => {
    const r = await simulate([
      at('2026-03-05T10:30:00+08:00'),
      say('alice', '/start'),
      at('2026-03-01T00:00:00+08:00'),
      '{not json',
      { hello: 1 },
      { from: 'alice', chat: 'room:1', text: 'x' },
      say('alice', '/lang xx'),
    ]);
    const alice = to(r, 'private:alice');
    expect(alice.map((l) => l.at)).toEqual(['2026-03-05T10:30:00+08:00', '2026-03-05T10:30:00+08:00']);
    expect(alice[1]!.text).toBe('用法：/lang zh 或 /lang en');
    expect(r.err).toEqual([
      'line 3: the clock only moves forward (it is 2026-03-05T10:30:00+08:00)',
      'line 4: not valid JSON',
      'line 5: expected a person ("user"), a clock move ("at") or a message ("from")',
      'line 6: "chat" must be "private" or "group:<key>"',
    ]);
  });

  it('gives the same output for the same file (virtual clock, seeded codes)', async () => {
    const lines = [person('boss', 'B', { roles: ['admin'] }), say('boss', '/invite rep class-2301'), say('boss', '/link')];
    const a = await simulate(lines);
    const b = await simulate(lines);
    expect(a.out).toEqual(b.out);
    expect(a.out[0]!.text).toMatch(/^邀请码：[A-Z2-9]{6}\n/);
  });
});

describe('simulate CLI', () => {
  it('prints exactly the documented JSON lines on stdout and diagnostics on stderr', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'yizhan-cli-'));
    const file = join(dir, 'chat.jsonl');
    writeFileSync(file, [
      JSON.stringify(person('alice', '李华')),
      JSON.stringify(say('alice', '/lang')),
      JSON.stringify(press('alice', 'Missing')),
      '',
    ].join('\n'));
    const { stdout, stderr } = await run('npx', ['tsx', 'src/adapters/sim/cli.ts', file, '--config', 'config/default.yaml']);
    const lines = stdout.trim().split('\n').map((l) => JSON.parse(l) as Record<string, unknown>);
    expect(lines).toEqual([{ at: T0, to: 'private:alice', text: '当前语言：简体中文。请选择：', buttons: [['中文', 'English']] }]);
    expect(stderr).toContain('line 3: no message in private:alice has a button "Missing"');
  });
});
