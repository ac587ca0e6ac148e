import { spawnSync } from 'node:child_process';
import { tmpdir } from 'node:os';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const CLI = fileURLToPath(new URL('./cli.ts', import.meta.url));
const TSX = fileURLToPath(new URL('../../node_modules/.bin/tsx', import.meta.url));

/** Runs the CLI like `npx tsx src/nlu/cli.ts ...`, from another directory to prove it finds its data. */
function run(args: string[], input = '') {
  const result = spawnSync(TSX, [CLI, ...args], { input, cwd: tmpdir(), encoding: 'utf8', timeout: 25_000 });
  return { ...result, lines: result.stdout.split('\n').filter(Boolean).map((l) => JSON.parse(l) as Record<string, unknown>) };
}

describe('nlu CLI', () => {
  it('writes one JSON line per non-blank input line, in order, and survives malformed lines', () => {
    const input = [
      JSON.stringify({ text: '3号楼502空调坏了', chat: 'private' }),
      '',
      JSON.stringify({ text: '明天下午三点预约心理咨询', chat: 'group' }),
      '{"text": oops',
      JSON.stringify({ text: 'T-12怎么样了', chat: 'private' }),
      JSON.stringify({ chat: 'private' }),
      JSON.stringify({ text: '我不想活了', chat: 'group' }),
    ].join('\n');
    const { status, lines } = run(['--jsonl', '--now', '2026-03-02T10:00:00+08:00'], `${input}\n`);
    expect(status).toBe(0);
    expect(lines).toHaveLength(6);
    expect(lines[0]).toEqual({ intent: 'repair.request', confidence: expect.any(Number), slots: { building: '3号楼', room: '502', item: 'air_conditioner' } });
    expect(lines[1]).toMatchObject({ intent: 'booking.create', slots: { service: 'counseling', time: '2026-03-03T15:00:00+08:00' } });
    expect(lines[2]).toEqual({ intent: 'none', confidence: 0, slots: {}, error: 'invalid JSON' });
    expect(lines[3]).toMatchObject({ intent: 'ticket.status', slots: { ticket_id: 'T-12' } });
    expect(lines[4]).toMatchObject({ intent: 'none', confidence: 0, error: expect.any(String) });
    expect(lines[5]).toMatchObject({ intent: 'crisis' });
    for (const line of lines) {
      expect(Object.keys(line).sort()).toEqual(line.error ? ['confidence', 'error', 'intent', 'slots'] : ['confidence', 'intent', 'slots']);
      expect(line.confidence).toBeGreaterThanOrEqual(0);
      expect(line.confidence).toBeLessThanOrEqual(1);
    }
  });

  it('exports the training examples as JSON lines and nothing else', () => {
    const { status, lines, stdout } = run(['--export-training']);
    expect(status).toBe(0);
    expect(lines.length).toBeGreaterThan(1500);
    expect(lines.length).toBe(stdout.trim().split('\n').length);
    for (const line of lines) expect(Object.keys(line).sort()).toEqual(['intent', 'text']);
  });

  it('rejects unknown arguments and time zones on stderr with exit code 2', () => {
    expect(run(['--bogus'])).toMatchObject({ status: 2, stdout: '' });
    expect(run(['--jsonl', '--tz', 'Mars/Olympus']).status).toBe(2);
  });
});
