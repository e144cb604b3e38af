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
export { decide } from './domain/decide';
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
export { AdvisoryLockSession } from './projections/advisory-lock-session';
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
export type { CaseAccessFacts } from './read-models/case-read.policy';
export { runSeed, type SeedReport } from './seed/seed';
export { demoNhsNumber } from './seed/demo-cases.seed';
