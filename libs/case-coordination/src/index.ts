// Domain: the case decider and its vocabulary.
export * from './domain/commands';
export * from './domain/events';
export * from './domain/state';
export * from './domain/errors';
// The error class and the event share a name; the error keeps it at the barrel.
export { CaseClosed } from './domain/errors';
export type { CaseClosed as CaseClosedEvent } from './domain/events';
export * from './domain/policy';
export * from './domain/vocabulary';
export * from './domain/follow-up-status';
export * from './domain/context';
export { CLOSED_CASE_COMMANDS, decide } from './domain/decide';
export { evolve } from './domain/evolve';
export { caseDecider } from './domain/decider';
export { parseIsoDuration } from './domain/iso-duration';
export { EnglandWorkingCalendar, LONDON } from './calendar/england-working-calendar';
export * from './access/principal';
export * from './application/case-commands';
// Application: the write side (CommandBus handlers, the CaseCommands service) and reference data.
export { CaseCommandsModule } from './application/case-commands.module';
export { CaseCommandService, CaseCalendar, MAX_ATTEMPTS } from './application/case-command.service';
// How a case lives in the event store: its stream name and its recorded events as case events.
export { CaseEventStoreModule } from './case-event-store.module';
export { CASE_STREAM_PREFIX, CASE_STREAM_PREFIXES, caseStreamId, caseIdOf, toCaseEvent, asCaseEvent } from './case-stream';
export * from './application/application-errors';
export { CaseAccessPolicy, systemPrincipal } from './application/case-access.policy';
export { FollowUpPolicyInForce, followUpPolicyFromConfig } from './application/follow-up-policy-in-force';
export { formatReference } from './application/open-case/case-reference.allocator';
export { OpenCaseCommand, type OpenCaseResult } from './application/open-case/open-case.command';
export { RunCaseCommand } from './application/run-case-command/run-case-command.command';
export { SetHomeCareCommand } from './application/set-home-care/set-home-care.command';
export { REFERENCE_CHECKS } from './application/run-case-command/reference-checks';
export { DraftCarePlanCommand, type DraftCarePlanResult } from './application/draft-care-plan/draft-care-plan.command';
export { isValidNhsNumber } from './application/nhs-number';
export * from './reference-data/locality.entity';
export * from './reference-data/specialist-service.entity';
export * from './reference-data/team.entity';
export * from './reference-data/practitioner.entity';
export { ReferenceData, REFERENCE_DATA_ENTITIES } from './reference-data/reference-data';
export { ReferenceDataModule } from './reference-data/reference-data.module';
export { describeDuration } from './reference-data/human-duration';
// Follow-up timers (BullMQ): the scheduler, processor and reconciler the worker runs.
export * from './follow-ups/follow-up-jobs';
export * from './follow-ups/follow-up-timer';
export { FollowUpTimerStore } from './follow-ups/follow-up-timer.store';
export { FollowUpTimerQueue, createFollowUpQueue, followUpRedisConnection } from './follow-ups/follow-up-queue';
export { FollowUpScheduler } from './follow-ups/follow-up-scheduler';
export type { SchedulerLog } from './follow-ups/follow-up-scheduler';
export { FollowUpReconciler } from './follow-ups/follow-up-reconciler';
export type { ReconcileReport } from './follow-ups/follow-up-reconciler';
export { FollowUpProcessor, FOLLOW_UP_TIMER_PRINCIPAL } from './follow-ups/follow-up-processor';
export { FollowUpTimers, refreshFollowUpMetrics } from './follow-ups/follow-up-timers.runtime';
export type { FollowUpTimersOptions } from './follow-ups/follow-up-timers.runtime';
// Access: the append-only access audit.
export * from './audit/access-audit.log';
export * from './access/case-access';
export { upsertReferenceData, LOCALITIES, SPECIALIST_SERVICES, TEAMS, PRACTITIONERS } from './seed/reference-data.seed';
// Read side: projections, their runner and rebuild, read models and the read policy.
export type { Projection, SqlRunner } from './projections/projection';
export { ALL_PROJECTIONS } from './projections/all-projections';
export type { ProjectionName } from './projections/all-projections';
export { ProjectionRunner } from './projections/projection-runner';
export type { TransactionalDb, RunnerLogger, ProjectionRunnerOptions } from './projections/projection-runner';
export { AdvisoryLockSession, PROJECTION_LOCK_NAMESPACE, projectionLockSessionName } from './projections/advisory-lock-session';
export { readCheckpoints } from './projections/checkpoints';
export type { CheckpointRow } from './projections/checkpoints';
export { rebuildProjection, rebuildProjections } from './projections/rebuild';
export type { RebuildProgress, RebuildResult } from './projections/rebuild';
export { ProjectionLagReporter } from './projections/projection-health';
export { measureLag, projectionStatus } from './projections/projection-monitor';
export { typeOrmDb } from './projections/typeorm-db';
export { caseView, applyToCaseView } from './read-models/case-detail/case-view';
export type { CaseView, CarePlanView, ConcernView } from './read-models/case-detail/case-view';
export { CaseReadPolicy, accessFactsOf } from './read-models/case-read.policy';
export { rowsNamingARaiser, ROWS_WRITTEN_WITH_A_CONCERN } from './read-models/timeline/timeline-raisers';
export type { CaseAccessFacts, RedactedCase } from './read-models/case-read.policy';
export { runSeed, type SeedReport } from './seed/seed';
export { demoNhsNumber } from './seed/demo-cases.seed';
// Read side: the queries (QueryBus), their answers and refusals.
export { CaseQueriesModule } from './read-models/case-queries.module';
export * from './read-models/read-errors';
export { PageResponse, type Page, type PageRequest } from './read-models/read-queries';
export { ListCases, type CaseListFilter } from './read-models/case-list/list-cases.query';
export { ListCaseloads } from './read-models/case-list/list-caseloads.query';
export * from './read-models/case-list/case-list.responses';
export { GetCase, type GetCaseResult } from './read-models/case-detail/get-case.query';
export * from './read-models/case-detail/case-detail.responses';
export { GetCaseTimeline } from './read-models/timeline/get-case-timeline.query';
export * from './read-models/timeline/timeline.responses';
export { ListCarePlanVersions } from './read-models/care-plan-versions/list-care-plan-versions.query';
export { GetCarePlanVersion } from './read-models/care-plan-versions/get-care-plan-version.query';
export * from './read-models/care-plan-versions/care-plan-versions.responses';
export { ListWorklist } from './read-models/worklist/list-worklist.query';
export * from './read-models/worklist/worklist.responses';
export { ListSpecialistInputs, type SpecialistInputFilter } from './read-models/specialist-inputs/list-specialist-inputs.query';
export * from './read-models/specialist-inputs/specialist-inputs.responses';
export { ListSafeguardingConcerns, type ConcernFilter } from './read-models/safeguarding-register/list-safeguarding-concerns.query';
export * from './read-models/safeguarding-register/safeguarding-register.responses';
export { GetDashboard } from './read-models/dashboard/get-dashboard.query';
export * from './read-models/dashboard/dashboard.responses';
export { ListAccessAudit } from './audit/list-access-audit.query';
export { ListAccessAuditHandler } from './audit/list-access-audit.handler';
export * from './audit/access-audit.responses';
// issue 13, part B: Wellbeing Team capacity (a query over the case list read model)
export { GetTeamCapacity } from './read-models/case-list/get-team-capacity.query';
export { TeamCapacity, TeamCapacityResident } from './read-models/case-list/team-capacity.responses';
export { teamHoursSql, teamHoursAllocated } from './read-models/case-list/team-hours';
// Read models in the QueryBus shape: <verb>-<thing>.query.ts + handler + response class.
export { ListNotesQuery } from './read-models/notes/list-notes.query';
export { NotesPage, NoteItem, NoteAuthor } from './read-models/notes/notes.response';
export { ListRetentionDueQuery } from './read-models/retention/list-retention-due.query';
export { RetentionDuePage, RetentionDueItem } from './read-models/retention/retention-due.response';
export { SubjectAccessRequests, type SubjectAccessCriteria } from './read-models/subject-access/subject-access-requests';
export * from './read-models/subject-access/subject-access.responses';
export { subjectAccessPage } from './read-models/subject-access/subject-access.html';
// Records management (issue 16): disposal of erased cases.
export { CaseDisposal } from './records/case-disposal';
export { RecordsModule } from './records/records.module';
export { RetentionRun, RETENTION_PRINCIPAL, type RetentionRunReport } from './records/retention-run';
// Records management (issue 16): personal fields encrypted per case; keys destroyed on disposal.
export { CaseKeys, CaseKeyDestroyed, CASE_KEYS_CHANNEL, type CaseKeyState, type CaseKeysOptions } from './records/case-keys';
export { KeyEncryptionKeys, KeyEncryptionKeyUnavailable, keyEncryptionKeyId } from './records/key-encryption-keys';
export { EncryptingEventStore, PERSONAL_DATA_ERASED, personalDataErasedAt } from './records/encrypting-event-store';
export { PERSONAL_FIELDS, type PersonalDataDeclaration } from './records/personal-fields';
export { ENVELOPE_FIELD, isSealed } from './records/personal-data-envelope';
export { encryptStoredEvents, type EncryptStoredEventsReport } from './records/encrypt-stored-events';
