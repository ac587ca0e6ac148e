import { defineConfig } from 'drizzle-kit';

/** PostgreSQL (DATABASE_URL): `npm run db:generate` runs this and drizzle.sqlite.config.ts. */
export default defineConfig({
  dialect: 'postgresql',
  schema: './src/db/pg/schema.ts',
  out: './migrations/pg',
  casing: 'snake_case',
});
