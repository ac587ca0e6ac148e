/** What test/pg/global-setup.ts gives the test files (`inject('pgUrl')`). */
export {};

declare module 'vitest' {
  export interface ProvidedContext {
    /** A superuser's URL of the tests' PostgreSQL (its `postgres` database). */
    pgUrl: string;
  }
}
