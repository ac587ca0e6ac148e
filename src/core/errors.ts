import type { Locale } from './i18n.js';

/**
 * An expected failure: the user sees `render(locale)`, nothing is logged as an error.
 * `code` is stable and meant for tests and logs ("ticket.not_found").
 */
export class AppError extends Error {
  constructor(
    readonly code: string,
    readonly render: (locale: Locale) => string,
  ) {
    super(code);
    this.name = 'AppError';
  }
}

export function isAppError(e: unknown): e is AppError {
  return e instanceof AppError;
}
