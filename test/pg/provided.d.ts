/** What test/pg/global-setup.ts gives the test files (`inject('pgUrl')`). */
export {};

declare module 'vitest' {
  export interface ProvidedContext {
    /** A superuser's URL of the tests' PostgreSQL (its `postgres` database). */
    pgUrl: string;
    /** Under YIZHAN_TEST_STORE=pg: the migrated database each app's database is copied from (else ''). */
    pgTemplate: string;
  }
}
