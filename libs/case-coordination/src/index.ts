// Domain: the case decider and its vocabulary.
export * from './domain/commands';
export * from './domain/events';
export * from './domain/state';
export * from './domain/errors';
// The error class and the event share a name; the error keeps it at the barrel.
export { CaseClosed } from './domain/errors';
export type { CaseClosed as CaseClosedEvent } from './domain/events';
export * from './domain/policy';
export * from './domain/context';
export { decide } from './domain/decide';
export { evolve } from './domain/evolve';
export { caseDecider } from './domain/decider';
export { parseIsoDuration } from './domain/iso-duration';
export { EnglandWorkingCalendar } from './calendar/england-working-calendar';
export * from './access/principal';
export * from './application/case-commands';
// Application: the write side (CommandBus handlers, the CaseCommands service) and reference data.
export { CaseCommandsModule } from './application/case-commands.module';
export { CaseCommandService, CaseCalendar, caseStreamId, MAX_ATTEMPTS } from './application/case-command.service';
export * from './application/application-errors';
export { CaseAccessPolicy, systemPrincipal } from './application/case-access.policy';
export { FollowUpPolicyInForce, followUpPolicyFromConfig } from './application/follow-up-policy-in-force';
export { formatReference } from './application/open-case/case-reference.allocator';
export { OpenCaseCommand, type OpenCaseResult } from './application/open-case/open-case.command';
export { RunCaseCommand } from './application/run-case-command/run-case-command.command';
export { RequestSpecialistInputCommand } from './application/request-specialist-input/request-specialist-input.command';
export { AllocateCoordinatorCommand } from './application/allocate-coordinator/allocate-coordinator.command';
export { SetHomeCareCommand } from './application/set-home-care/set-home-care.command';
export { TransferCaseCommand } from './application/transfer-case/transfer-case.command';
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
