import { MigrationInterface } from 'typeorm';
import { EventStore1700000000000 } from './1700000000000-event-store';
import { FollowUpTimers1700000006000 } from './1700000006000-follow-up-timers';
import { CaseCommands1700000004400 } from './1700000004400-case-commands';
import { ReadModels1700000005123 } from './1700000005123-read-models';
import { AccessAudit1700000007700 } from './1700000007700-access-audit';
import { EsAppendNotifyAfterCommit1700000009317 } from './1700000009317-es-append-notify-after-commit';
import { WorklistPendingIndex1700000009318 } from './1700000009318-worklist-pending-index';
import { AccessAuditAnonymous1700000009400 } from './1700000009400-access-audit-anonymous';
import { IdempotencyResponseText1700000009419 } from './1700000009419-idempotency-response-text';
import { RecordPartA1700000013100 } from './1700000013100-record-part-a';
import { RecordsManagement1700000016000 } from './1700000016000-records-management';
import { CaseKeys1700000017000 } from './1700000017000-case-keys';
import { CaseErasure1700000018000 } from './1700000018000-case-erasure';
import { DashboardCounts1700000019000 } from './1700000019000-dashboard-counts';
import { ReferenceDataChanged1700000020000 } from './1700000020000-reference-data-changed';
import { EsAppendInsertFirst1700000022000 } from './1700000022000-es-append-insert-first';

import { CaseDetailConsentPerOrganisation1700000013200 } from './1700000013200-case-detail-consent-per-organisation';
// Every schema change, in order. One list for the whole service so that `npm run migrate`,
// the tests' fresh databases and the worker all see the same schema. Append only: a
// migration that has run somewhere is never edited.
export const migrations: Array<new () => MigrationInterface> = [EventStore1700000000000, FollowUpTimers1700000006000, CaseCommands1700000004400, ReadModels1700000005123, AccessAudit1700000007700, EsAppendNotifyAfterCommit1700000009317, WorklistPendingIndex1700000009318, AccessAuditAnonymous1700000009400, IdempotencyResponseText1700000009419, RecordPartA1700000013100, CaseDetailConsentPerOrganisation1700000013200, RecordsManagement1700000016000, CaseKeys1700000017000, CaseErasure1700000018000, DashboardCounts1700000019000, ReferenceDataChanged1700000020000, EsAppendInsertFirst1700000022000];
