/**
 * Who is responsible for a crisis at a given moment: the counsellor on duty (the rota line that
 * covers the moment in campus time, else the out-of-hours person), then each escalation step.
 * Pure: the chain is fixed when an alert is raised and kept with it, so a shift ending or a
 * restart in the middle of an escalation changes nothing.
 */
import { WEEKDAYS, type DutyConfig } from '../../config.js';
import { parseTimeOfDay, zonedParts } from '../../core/time.js';
import type { ChainLink } from './cases.repo.js';

const DAY_MINUTES = 24 * 60;

/** Whether a shift covers `minute` of weekday `day` (0 = Sunday); one that ends before it starts runs past midnight. */
function covers(shift: DutyConfig['rota'][number], day: number, minute: number): boolean {
  const from = parseTimeOfDay(shift.from)!;
  const to = parseTimeOfDay(shift.to)!;
  const on = (d: number) => shift.days.includes(WEEKDAYS[(d + 7) % 7]!);
  if (from < to) return on(day) && minute >= from && minute < to;
  return (on(day) && minute >= from) || (on(day - 1) && minute < to);
}

/** The identity on duty at `at`, or undefined when neither the rota nor out_of_hours names anyone. */
export function onDuty(duty: DutyConfig, at: Date, tz: string): string | undefined {
  const p = zonedParts(at, tz);
  const minute = (p.hour * 60 + p.minute) % DAY_MINUTES;
  return duty.rota.find((s) => covers(s, p.weekday, minute))?.who ?? duty.out_of_hours;
}

/** The chain of an alert raised at `at`: the counsellor on duty (when there is one), then the escalation steps. */
export function chainAt(duty: DutyConfig, at: Date, tz: string): ChainLink[] {
  const who = onDuty(duty, at, tz);
  const steps = duty.escalation.map((s): ChainLink => (s.who ? { role: s.role, who: s.who } : { role: s.role }));
  return who ? [{ role: 'counsellor', who }, ...steps] : steps;
}
