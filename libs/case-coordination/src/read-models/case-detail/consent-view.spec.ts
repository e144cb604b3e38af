// issue 13, part B: the case view's consent per organisation, overrides, and pendingAllocation.
import { allocate, history, lead, openCase } from '../../domain/case-spec.fixtures';
import type { CaseCommand } from '../../domain/commands';
import type { CaseEvent } from '../../domain/events';
import { recorded } from '../read-model.fixtures';
import { caseView } from './case-view';

const view = (events: CaseEvent[]) => caseView(recorded(events))!;
const v1Consent = (status: string, organisations: string[], recordedAt: string) =>
  ({ type: 'ConsentRecorded', data: { status, organisations, note: null, recordedAt } }) as unknown as CaseEvent;

describe('the case view after issue 13', () => {
  it('keeps one entry per organisation, each with its own decision and time', () => {
    const events = history(
      openCase,
      { type: 'RecordConsent', data: { status: 'given', organisations: ['nelft', 'charity'], note: 'Verbal' } },
      { type: 'RecordConsent', data: { status: 'refused', organisations: ['charity'] } },
    );
    expect(view(events).consent).toEqual({
      organisations: [
        { organisation: 'nelft', status: 'given', recordedAt: expect.any(String), note: 'Verbal' },
        { organisation: 'charity', status: 'refused', recordedAt: expect.any(String) },
      ],
      overrides: [],
    });
  });

  it('reads a v1 consent event as the whole record, and a later per-organisation one as adding to it', () => {
    const events = [...history(openCase), v1Consent('given', ['nelft', 'eput'], 't1'), v1Consent('refused', ['eput'], 't2')];
    expect(view(events).consent?.organisations).toEqual([{ organisation: 'eput', status: 'refused', recordedAt: 't2' }]);
    const perOrganisation = { type: 'ConsentRecorded', data: { status: 'given', organisations: ['nelft'], note: null, recordedAt: 't3', perOrganisation: true } } as CaseEvent;
    expect(view([...events, perOrganisation]).consent?.organisations).toEqual([
      { organisation: 'eput', status: 'refused', recordedAt: 't2' },
      { organisation: 'nelft', status: 'given', recordedAt: 't3' },
    ]);
  });

  it('shows overrides with who and why, and drops them all when the flag is lifted', () => {
    const raise: CaseCommand = { type: 'RaiseSafeguardingConcern', data: { categories: ['neglect'], risk: 'medium', summary: 's' } };
    const overridden = history(openCase, raise, [{ type: 'GrantConsentOverride', data: { organisation: 'nelft', reason: 'Risk' } }, { actor: lead }]);
    expect(view(overridden).consent?.overrides).toEqual([{ organisation: 'nelft', reason: 'Risk', by: { id: lead.id, name: lead.name }, at: expect.any(String) }]);
    const lifted = history(
      openCase,
      raise,
      [{ type: 'GrantConsentOverride', data: { organisation: 'nelft', reason: 'Risk' } }, { actor: lead }],
      [{ type: 'DecideSafeguardingConcern', data: { concernId: 'h-2', section42: false, rationale: 'r' } }, { actor: lead }],
      { type: 'LiftSafeguardingFlag', data: { reason: 'Resolved' } },
    );
    expect(view(lifted).consent).toEqual({ organisations: [], overrides: [] });
  });

  it('is pending allocation from a transfer with a coordinator until the receiving locality allocates', () => {
    const transferred = history(openCase, allocate, { type: 'TransferCase', data: { toLocalityId: 'asop', reason: 'r' } });
    expect(view(transferred)).toMatchObject({ pendingAllocation: true, localityId: 'asop' });
    expect(view(history(openCase, { type: 'TransferCase', data: { toLocalityId: 'asop', reason: 'r' } })).pendingAllocation).toBe(false);
  });
});
