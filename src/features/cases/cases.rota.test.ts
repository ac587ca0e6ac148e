import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseConfig, type DutyConfig } from '../../config.js';
import { testConfig } from '../../../test/harness.js';
import { chainAt, onDuty } from './cases.rota.js';

const TZ = 'Asia/Shanghai';
const duty = testConfig().crisis.duty;
const at = (iso: string) => new Date(iso);

describe('the counsellor on duty (demo campus)', () => {
  it('is the weekday counsellor in office hours, the weekend one on weekend days, and the out-of-hours one at night', () => {
    expect(onDuty(duty, at('2026-03-02T10:00:00+08:00'), TZ)).toBe('local:xu'); // Monday
    expect(onDuty(duty, at('2026-03-02T17:30:00+08:00'), TZ)).toBe('local:he'); // the shift ends at 17:30
    expect(onDuty(duty, at('2026-03-07T10:00:00+08:00'), TZ)).toBe('local:he'); // Saturday
    expect(onDuty(duty, at('2026-03-07T23:10:00+08:00'), TZ)).toBe('local:he'); // Saturday night: out of hours
  });

  it('escalates to the head of counselling, then to management', () => {
    expect(chainAt(duty, at('2026-03-07T23:10:00+08:00'), TZ)).toEqual([
      { role: 'counsellor', who: 'local:he' }, { role: 'lead', who: 'local:lin' }, { role: 'management' },
    ]);
  });
});

describe('a rota', () => {
  const night: DutyConfig = { ...duty, out_of_hours: undefined, rota: [{ days: ['fri'], from: '22:00', to: '06:00', who: 'local:night' }] };

  it('runs a shift that ends before it starts past midnight, into the next day', () => {
    expect(onDuty(night, at('2026-03-06T23:00:00+08:00'), TZ)).toBe('local:night'); // Friday 23:00
    expect(onDuty(night, at('2026-03-07T05:59:00+08:00'), TZ)).toBe('local:night'); // Saturday 05:59
    expect(onDuty(night, at('2026-03-07T06:00:00+08:00'), TZ)).toBeUndefined();
    expect(onDuty(night, at('2026-03-06T05:00:00+08:00'), TZ)).toBeUndefined(); // Friday early morning: Thursday's night
  });

  it('with nobody on duty starts the chain at the escalation steps', () => {
    expect(chainAt(night, at('2026-03-02T12:00:00+08:00'), TZ)).toEqual([{ role: 'lead', who: 'local:lin' }, { role: 'management' }]);
  });

  it('names someone at every minute of the week when it has an out-of-hours person', () => {
    fc.assert(fc.property(fc.integer({ min: 0, max: 7 * 24 * 60 - 1 }), (minute) => {
      expect(onDuty(duty, new Date(at('2026-03-02T00:00:00+08:00').getTime() + minute * 60_000), TZ)).toMatch(/^local:/);
    }));
  });
});

describe('the duty config', () => {
  const withDuty = (d: unknown) => {
    const raw = JSON.parse(JSON.stringify(testConfig())) as { crisis: Record<string, unknown>; files?: unknown; faq?: unknown };
    raw.crisis.duty = d;
    delete raw.files; // added by loading, not keys of a file
    delete raw.faq;
    return () => parseConfig(raw, 'campus.yaml');
  };

  it('names the key of what is wrong', () => {
    expect(withDuty({ rota: [{ days: ['mon'], from: '9:00', to: '9:00', who: 'local:xu' }] })).toThrow('crisis.duty.rota.0.to: from and to must differ');
    expect(withDuty({ rota: [{ days: ['monday'], from: '9:00', to: '17:00', who: 'local:xu' }] })).toThrow('crisis.duty.rota.0.days.0:');
    expect(withDuty({ rota: [{ days: ['mon'], from: '9:00', to: '25:00', who: 'local:xu' }] })).toThrow('crisis.duty.rota.0.to: write a time of day such as 22:00');
    expect(withDuty({ out_of_hours: 'xu' })).toThrow('crisis.duty.out_of_hours: write platform:user-id, e.g. telegram:123456');
    expect(withDuty({ escalation: [{ role: 'lead' }] })).toThrow('crisis.duty.escalation.0.who: name who (platform:user-id) for a counsellor or lead');
    expect(withDuty({ escalation: [{ role: 'management', who: 'local:boss' }] })).toThrow('crisis.duty.escalation.0.who:');
    expect(withDuty({ acknowledge_minutes: 0 })).toThrow('crisis.duty.acknowledge_minutes: must be a positive number of minutes');
  });

  it('defaults to five minutes and management when a campus names nobody', () => {
    const parsed = withDuty(undefined)();
    expect(parsed.crisis.duty).toEqual({ acknowledge_minutes: 5, show_names: false, rota: [], escalation: [{ role: 'management' }] });
  });
});
