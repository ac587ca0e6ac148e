/**
 * The NLU contract (SPEC §4) on the command line.
 *
 *   npm run --silent nlu -- --jsonl [--tz Asia/Shanghai] [--now 2026-03-02T10:00:00+08:00]
 *     reads JSON lines {"text": "...", "chat": "private"|"group"} on stdin and writes one JSON line
 *     {"intent", "confidence", "slots"} per input line, in order. Every non-blank input line gets
 *     exactly one output line; blank (whitespace-only) lines are skipped. A line that is not valid
 *     JSON, or has no string "text", or a "chat" other than private/group, gets
 *     {"intent": "none", "confidence": 0, "slots": {}, "error": "..."}. A missing "chat" means private.
 *   npm run --silent nlu -- --export-training
 *     writes the training examples as JSON lines {"text", "intent"}.
 *
 * Only results go to stdout; diagnostics go to stderr. `now` is the current time unless --now.
 */
import { createInterface } from 'node:readline';
import { loadExamples } from './examples.js';
import { createNlu, type Nlu } from './index.js';
import { civilAt } from './slots/zone.js';

interface CliOptions {
  mode: 'jsonl' | 'export-training';
  timezone: string;
  now: Date | undefined;
}

const USAGE = 'usage: nlu --jsonl [--tz ZONE] [--now ISO-DATE-TIME] | nlu --export-training';

/** Parses argv; returns an error message instead of options when they are wrong. */
export function parseArgs(argv: readonly string[]): CliOptions | string {
  const options: CliOptions = { mode: 'jsonl', timezone: 'Asia/Shanghai', now: undefined };
  let mode: CliOptions['mode'] | undefined;
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (arg === '--jsonl' || arg === '--export-training') mode = arg === '--jsonl' ? 'jsonl' : 'export-training';
    else if (arg === '--tz' && argv[i + 1]) options.timezone = argv[++i]!;
    else if (arg === '--now' && argv[i + 1]) options.now = new Date(argv[++i]!);
    else return `unknown or incomplete argument: ${arg}\n${USAGE}`;
  }
  if (!mode) return USAGE;
  if (options.now && Number.isNaN(options.now.getTime())) return `--now is not a date-time\n${USAGE}`;
  try {
    civilAt(new Date(0), options.timezone);
  } catch {
    return `--tz: unknown time zone ${options.timezone}`;
  }
  return { ...options, mode };
}

/** The output object for one non-blank input line; never throws. */
export function answerLine(nlu: Nlu, line: string, now: Date, timezone: string): Record<string, unknown> {
  const failure = (error: string) => ({ intent: 'none', confidence: 0, slots: {}, error });
  let input: unknown;
  try {
    input = JSON.parse(line.replace(/^\uFEFF/u, ''));
  } catch {
    return failure('invalid JSON');
  }
  if (typeof input !== 'object' || input === null || typeof (input as { text?: unknown }).text !== 'string') {
    return failure('expected an object with a string "text"');
  }
  const { text, chat = 'private' } = input as { text: string; chat?: unknown };
  if (chat !== 'private' && chat !== 'group') return failure('"chat" must be "private" or "group"');
  try {
    const r = nlu.understand(text, { chat, now, timezone });
    return { intent: r.intent, confidence: Math.round(r.confidence * 10000) / 10000, slots: r.slots };
  } catch (error) {
    process.stderr.write(`nlu: ${String(error)}\n`);
    return failure('internal error');
  }
}

async function runJsonl(options: CliOptions): Promise<void> {
  const nlu = createNlu();
  const lines = createInterface({ input: process.stdin, crlfDelay: Infinity });
  for await (const line of lines) {
    if (!line.trim()) continue;
    const now = options.now ?? new Date();
    process.stdout.write(`${JSON.stringify(answerLine(nlu, line, now, options.timezone))}\n`);
  }
}

function exportTraining(): void {
  for (const { text, intent } of loadExamples('train')) process.stdout.write(`${JSON.stringify({ text, intent })}\n`);
}

async function main(): Promise<void> {
  process.stdout.on('error', (error: NodeJS.ErrnoException) => {
    if (error.code === 'EPIPE') process.exit(0);
    throw error;
  });
  const options = parseArgs(process.argv.slice(2));
  if (typeof options === 'string') {
    process.stderr.write(`${options}\n`);
    process.exit(2);
  }
  if (options.mode === 'export-training') exportTraining();
  else await runJsonl(options);
}

await main();
