import pino, { type Logger } from 'pino';

/** A pino logger writing JSON lines to a file descriptor (2 = stderr) or a file path. */
export function createLogger(level: string, destination: number | string = 2): Logger {
  return pino({ level, base: undefined }, pino.destination({ dest: destination, sync: true, mkdir: true }));
}
