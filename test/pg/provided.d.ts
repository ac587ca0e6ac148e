/** What test/pg/global-setup.ts gives the test files (`inject('pgUrl')`). */
export {};

declare module 'vitest' {
  export interface ProvidedContext {
    /** A superuser's URL of the tests' PostgreSQL (its `postgres` database). */
    pgUrl: string;
    /** Under YIZHAN_TEST_STORE=pg: the migrated database each app's database is copied from (else ''). */
    pgTemplate: string;
    /** Under YIZHAN_TEST_STORE=pg: the table of the server's `postgres` database that lists the app databases free for reuse (test/pg/app-databases.ts). */
    pgFreeList: string;
    /** Under YIZHAN_TEST_STORE=pg: the template's fingerprint (objects, not rows): a database that differs from it is not reused. */
    pgTemplatePrint: string;
  }
}
