import type { InputStatus } from '../../domain/state';
import { RowProjection, RowProjectionSpec } from '../../projections/row-projection';

export interface SpecialistInputRow {
  inputId: string;
  caseId: string;
  version: number;
  serviceId: string;
  mode: string;
  urgency: string;
  request: string;
  status: InputStatus;
  requestedAt: string;
  respondBy: string;
  /** First answer (accepted or declined): response times are measured to it. */
  respondedAt: string | null;
  acceptedBy: string | null;
  /** What the input added to the plan, or why it was declined or withdrawn. */
  outcome: string | null;
  endedAt: string | null;
  [field: string]: unknown;
}

export const specialistInputsSpec: RowProjectionSpec<SpecialistInputRow> = {
  name: 'specialist-inputs',
  table: 'rm_specialist_inputs',
  primaryKey: ['inputId'],
  columns: {
    inputId: 'text',
    caseId: 'text',
    version: 'int',
    serviceId: 'text',
    mode: 'text',
    urgency: 'text',
    request: 'text',
    status: 'text',
    requestedAt: 'timestamptz',
    respondBy: 'timestamptz',
    respondedAt: 'timestamptz',
    acceptedBy: 'text',
    outcome: 'text',
    endedAt: 'timestamptz',
  },
  // Disposal (issue 16): the request and outcome text go; service, mode and times stay for the counts.
  erasure: { caseColumn: 'caseId', blank: `request = '', outcome = NULL` },
  keys(e) {
    switch (e.event.type) {
      case 'SpecialistInputRequested':
      case 'SpecialistInputAccepted':
      case 'SpecialistInputDeclined':
      case 'SpecialistInputDelivered':
      case 'SpecialistInputWithdrawn':
        return [{ inputId: e.event.data.inputId }];
      default:
        return [];
    }
  },
  evolve(row, e) {
    const version = e.recorded.version;
    const ev = e.event;
    if (ev.type === 'SpecialistInputRequested') {
      const d = ev.data;
      return {
        inputId: d.inputId,
        caseId: e.caseId,
        version,
        serviceId: d.serviceId,
        mode: d.mode,
        urgency: d.urgency,
        request: d.request,
        status: 'requested',
        requestedAt: d.requestedAt,
        respondBy: d.respondBy,
        respondedAt: null,
        acceptedBy: null,
        outcome: null,
        endedAt: null,
      };
    }
    if (!row) return null;
    switch (ev.type) {
      case 'SpecialistInputAccepted':
        return { ...row, version, status: 'accepted', respondedAt: row.respondedAt ?? ev.data.acceptedAt, acceptedBy: ev.data.byName };
      case 'SpecialistInputDeclined':
        return { ...row, version, status: 'declined', respondedAt: row.respondedAt ?? ev.data.declinedAt, outcome: ev.data.reason, endedAt: ev.data.declinedAt };
      case 'SpecialistInputDelivered':
        return { ...row, version, status: 'delivered', outcome: ev.data.summary, endedAt: ev.data.deliveredAt };
      case 'SpecialistInputWithdrawn':
        return { ...row, version, status: 'withdrawn', outcome: ev.data.reason, endedAt: ev.data.withdrawnAt };
      default:
        return row;
    }
  },
};

export const specialistInputsProjection = new RowProjection(specialistInputsSpec);
