import { RowProjection, RowProjectionSpec } from '../../projections/row-projection';

export interface DischargeRow {
  dischargeId: string;
  caseId: string;
  version: number;
  hospital: string;
  admittedAt: string;
  dischargedAt: string;
  pathway: number;
  [field: string]: unknown;
}

/** Discharges for the dashboard; the checks that follow them are follow-ups (rm_follow_ups). */
export const dischargesSpec: RowProjectionSpec<DischargeRow> = {
  name: 'discharges',
  table: 'rm_discharges',
  primaryKey: ['dischargeId'],
  columns: { dischargeId: 'text', caseId: 'text', version: 'int', hospital: 'text', admittedAt: 'timestamptz', dischargedAt: 'timestamptz', pathway: 'int' },
  keys: (e) => (e.event.type === 'DischargeRecorded' ? [{ dischargeId: e.event.data.dischargeId }] : []),
  // Disposal (issue 16): the dates and pathway stay for the returns' counts.
  erasure: { caseColumn: 'caseId', blank: `hospital = ''` },
  evolve(row, e) {
    if (e.event.type !== 'DischargeRecorded') return row;
    const d = e.event.data;
    return { dischargeId: d.dischargeId, caseId: e.caseId, version: e.recorded.version, hospital: d.hospital, admittedAt: d.admittedAt, dischargedAt: d.dischargedAt, pathway: d.pathway };
  },
};

export const dischargesProjection = new RowProjection(dischargesSpec);
