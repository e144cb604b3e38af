import type { DataSource } from 'typeorm';
import type { Principal } from '../../access/principal';
import { accessFactsOf, type CaseReadPolicy } from '../case-read.policy';
import { CaseNotVisible } from '../read-errors';
import { withRecordFields, type CaseView } from './case-view';

/** The case as it stands, if this caller may see it; otherwise not found (never "forbidden"). */
export async function visibleCase(
  ds: DataSource,
  policy: CaseReadPolicy,
  p: Principal,
  caseId: string,
): Promise<CaseView> {
  const rows: Array<{ document: CaseView }> = await ds.query(
    `SELECT document FROM rm_case_detail WHERE case_id = $1`,
    [caseId],
  );
  const stored = rows[0]?.document;
  const view = stored && withRecordFields(stored);
  if (!view || !policy.maySeeCase(p, accessFactsOf(view))) throw new CaseNotVisible();
  return view;
}
