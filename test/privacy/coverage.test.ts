/**
 * /mydata and /forgetme reach every table that points at a person: each column of the migrated
 * database that refers to a member (a foreign key to members, or a name such as `member_id`,
 * `actor_id`, `reporter_id`, `created_by`) must be declared by some feature's `privacy.handles`.
 * A table added later without its hooks fails here.
 */
import pino from 'pino';
import { describe, expect, it } from 'vitest';
import { createApp } from '../../src/app.js';
import { SIM_START } from '../../src/adapters/sim/simulator.js';
import { ManualClock } from '../../src/core/clock.js';
import { seededRng } from '../../src/core/rng.js';
import { closeDb, openDb } from '../../src/db/client.js';
import { testConfig } from '../harness.js';

/** Column names that hold a member's number, whatever the foreign keys say. */
const MEMBER_COLUMN = /(^|_)(member|actor|reporter|assignee|identity|voter|counsellor|student)_id$|_by$/;

function memberLinkedColumns(): string[] {
  const db = openDb(':memory:');
  try {
    const sqlite = db.$client;
    const tables = sqlite.prepare("select name from sqlite_master where type = 'table' and name not like 'sqlite_%' and name not like '__drizzle%'").pluck().all() as string[];
    return tables.flatMap((t) => {
      const fks = (sqlite.pragma(`foreign_key_list("${t}")`) as { table: string; from: string }[]).filter((k) => k.table === 'members').map((k) => k.from);
      const named = (sqlite.pragma(`table_info("${t}")`) as { name: string }[]).map((c) => c.name).filter((c) => MEMBER_COLUMN.test(c));
      return [...new Set([...fks, ...named])].map((c) => `${t}.${c}`);
    }).concat('members.id').sort();
  } finally {
    closeDb(db);
  }
}

function declared(): string[] {
  const db = openDb(':memory:');
  try {
    const app = createApp({ config: testConfig(), db, clock: new ManualClock(new Date(SIM_START)), rng: seededRng(1), log: pino({ level: 'silent' }), ports: new Map() });
    return app.features.flatMap((f) => Object.entries(f.privacy?.handles ?? {}).flatMap(([t, cols]) => cols.map((c) => `${t}.${c}`))).sort();
  } finally {
    closeDb(db);
  }
}

describe('every member-linked column has a feature that handles it for /mydata and /forgetme', () => {
  it('finds the columns that point at people in the schema', () => {
    expect(memberLinkedColumns()).toEqual(expect.arrayContaining(['identities.member_id', 'tickets.reporter_id', 'poll_ballots.member_id', 'audit_log.actor_member_id']));
  });

  it('has each of them declared by exactly one feature, and declares nothing that does not exist', () => {
    const handled = declared();
    expect(new Set(handled).size, 'declared twice').toBe(handled.length);
    expect(handled).toEqual(memberLinkedColumns());
  });
});
