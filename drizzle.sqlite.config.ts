import { defineConfig } from 'drizzle-kit';

/** SQLite, the embedded default: `npm run db:generate` runs this and drizzle.pg.config.ts. */
export default defineConfig({
  dialect: 'sqlite',
  schema: './src/db/schema.ts',
  out: './migrations/sqlite',
  casing: 'snake_case',
});
