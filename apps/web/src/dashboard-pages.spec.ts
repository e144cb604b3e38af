import { barChart } from './charts';
import { chartsOf, labelOf, measureRows } from './dashboard-pages';

describe('the dashboard', () => {
  const measures = {
    openCases: { value: 12, definition: 'Open cases' },
    reviewsOnTimePercent: { value: 87.5, definition: 'Reviews on time' },
    outcomesMetFully: { value: null, suppressed: true as const, definition: 'Met fully' },
    specialistInputs: { brokered: { value: 4, definition: 'Brokered' }, formalReferrals: { value: 0, definition: 'Formal' } },
    specialistInputsByService: [{ serviceId: 'falls', requested: { value: 2, definition: 'Requested' } }],
  };

  it('reads every measure, the nested ones too, keeping suppression', () => {
    expect(measureRows(measures).map((r) => [r.key, r.label, r.value, r.suppressed])).toEqual([
      ['openCases', 'Open cases', 12, false],
      ['reviewsOnTimePercent', 'Reviews on time (%)', 87.5, false],
      ['outcomesMetFully', 'Outcomes met fully', null, true],
      ['specialistInputs.brokered', 'Specialist input: brokered', 4, false],
      ['specialistInputs.formalReferrals', 'Specialist input: formal referrals', 0, false],
      ['specialistInputsByService.falls.requested', 'Falls prevention: requested', 2, false],
    ]);
    expect(labelOf('stillAtHomeAt91DaysPercent')).toBe('Still at home at 91 days (%)');
  });

  it('draws each figure as a bar carrying it, and a suppressed one as "Fewer than 5" with no bar', () => {
    const [onTime, , outcomes] = chartsOf(measureRows(measures));
    const svg = barChart('c', onTime!.title, onTime!.bars, onTime!);
    expect(svg).toContain('data-label="Reviews on time" data-value="87.5"');
    expect(svg).toMatch(/<title id="c-title">[^<]*Reviews on time 87.5%/);
    const suppressed = barChart('o', outcomes!.title, outcomes!.bars);
    expect(suppressed).toContain('data-value="" data-suppressed="true"');
    expect(suppressed).toContain('>Fewer than 5<');
    expect(suppressed).toMatch(/width="0.0"/);
  });

  it('escapes what it draws', () => {
    expect(barChart('x', 'A <b>', [{ label: '"quoted" & <tag>', value: 1 }])).not.toMatch(/<b>|<tag>/);
  });
});

describe('the dashboard trend', () => {
  it('splits a period into whole weeks back from its last day, oldest first, at most 12', () => {
    const { weeksOf } = jest.requireActual<typeof import('./dashboard-pages')>('./dashboard-pages');
    expect(weeksOf('2026-11-09', '2026-11-30')).toEqual([
      ['2026-11-10', '2026-11-16'],
      ['2026-11-17', '2026-11-23'],
      ['2026-11-24', '2026-11-30'],
    ]);
    expect(weeksOf('2026-11-30', '2026-11-30')).toEqual([]);
    expect(weeksOf('2025-01-01', '2026-11-30')).toHaveLength(12);
  });
});
