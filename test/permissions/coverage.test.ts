/**
 * Keeps the matrix honest: every command the app has (the router's list) has a case, and every
 * case names a command that exists. A new command fails here until it joins a `cases.*.ts` table.
 */
import pino from 'pino';
import { expect, it } from 'vitest';
import { createApp } from '../../src/app.js';
import { SIM_START } from '../../src/adapters/sim/simulator.js';
import { ManualClock } from '../../src/core/clock.js';
import { seededRng } from '../../src/core/rng.js';
import { closeDb, openDb } from '../../src/db/client.js';
import { testConfig } from '../harness.js';
import { CASES as ADMIN } from './cases.admin.js';
import { CASES as MEMBERS } from './cases.members.js';
import { CASES as STAFF } from './cases.staff.js';
import { CASES as TICKETS } from './cases.tickets.js';
import { CASES as COUNSELLING } from './cases.counselling.js';

const ALL = [...MEMBERS, ...TICKETS, ...STAFF, ...ADMIN, ...COUNSELLING];

it('has a case for every command of the app, and only for those', () => {
  const db = openDb(':memory:');
  try {
    const app = createApp({ config: testConfig(), db, clock: new ManualClock(new Date(SIM_START)), rng: seededRng(1), log: pino({ level: 'silent' }), ports: new Map() });
    const commands = app.router.commands.map((c) => c.name).sort();
    expect(ALL.map((c) => c.command).sort()).toEqual(commands);
  } finally {
    closeDb(db);
  }
});
