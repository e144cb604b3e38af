import type { DataSource } from 'typeorm';
import { teamHoursSql } from '../case-list/team-hours';
import { suppressedCells, type MeasureOptions } from './dashboard-measures';
import type { DashboardMeasures, Measure } from './dashboard.responses';

// The dashboard as it was computed before issue 18, from every case's rows in the read
// models, kept word for word as the REFERENCE MODEL: the property test
// (dashboard-counts.int-spec.ts) checks the pre-aggregated counts answer exactly as this
// does, and bench/explain-dashboard.ts times and explains both. Not used by the service.

const isSmall = (n: number) => n >= 1 && n <= 4;
// Every measure of DOMAIN.md "What managers and the board want to see", computed with
// SQL from the read-model tables. $1 = locality (null: borough-wide, by the case's
// current locality), $2/$3 = the period [from, to). Snapshots ("open now") ignore the period.
const CASE_SCOPE = `($1::text IS NULL OR c.locality_id = $1)`;

const round = (v: unknown, digits = 1): number | null =>
  v === null || v === undefined ? null : Number(Number(v).toFixed(digits));

export async function oldDashboardMeasures(
  ds: DataSource,
  localityId: string | null,
  from: Date,
  to: Date,
  options: MeasureOptions,
): Promise<DashboardMeasures> {
  const params = [localityId, from.toISOString(), to.toISOString()];
  const [cases] = await ds.query(
    `SELECT
       count(*) FILTER (WHERE c.status = 'open') AS open_cases,
       count(*) FILTER (WHERE c.status = 'open' AND c.coordinator_id IS NULL) AS unallocated,
       count(*) FILTER (WHERE c.opened_at >= $2 AND c.opened_at < $3) AS opened,
       avg(extract(epoch FROM c.first_allocated_at - c.opened_at) / 86400) FILTER (WHERE c.first_allocated_at >= $2 AND c.first_allocated_at < $3) AS days_to_allocation,
       avg(c.handovers) FILTER (WHERE c.opened_at < $3 AND (c.closed_at IS NULL OR c.closed_at >= $2)) AS handovers_per_case,
       count(*) FILTER (WHERE c.status = 'open' AND c.coordinator_id IS NOT NULL)::float
         / nullif(count(DISTINCT c.coordinator_id) FILTER (WHERE c.status = 'open'), 0) AS caseload,
       count(*) FILTER (WHERE c.plan_agreed_at >= $2 AND c.plan_agreed_at < $3) AS plans_agreed_latest
     FROM rm_case_list c WHERE ${CASE_SCOPE}`,
    params,
  );
  const [plans] = await ds.query(
    `SELECT count(*) AS agreed FROM rm_care_plan_versions p JOIN rm_case_list c ON c.case_id = p.case_id
      WHERE ${CASE_SCOPE} AND (p.document->>'agreedAt')::timestamptz >= $2 AND (p.document->>'agreedAt')::timestamptz < $3`,
    params,
  );
  const [reviews] = await ds.query(
    `SELECT
       count(*) FILTER (WHERE f.due_at >= $2 AND f.due_at < $3 AND f.status <> 'cancelled') AS due,
       count(*) FILTER (WHERE f.status IN ('open', 'overdue', 'escalated') AND f.due_at < now()) AS overdue,
       count(*) FILTER (WHERE f.due_at >= $2 AND f.due_at < $3 AND f.due_at < now() AND f.status <> 'cancelled') AS came_due,
       count(*) FILTER (WHERE f.due_at >= $2 AND f.due_at < $3 AND f.status = 'completed' AND f.completed_at <= f.due_at) AS on_time
     FROM rm_follow_ups f JOIN rm_case_list c ON c.case_id = f.case_id
     WHERE ${CASE_SCOPE} AND f.kind IN ('care-plan-first-review', 'care-plan-review')`,
    params,
  );
  const inputs: Array<Record<string, unknown>> = await ds.query(
    `SELECT i.service_id,
       count(*) FILTER (WHERE i.requested_at >= $2 AND i.requested_at < $3) AS requested,
       count(*) FILTER (WHERE i.requested_at >= $2 AND i.requested_at < $3 AND i.mode = 'brokered') AS brokered,
       count(*) FILTER (WHERE i.requested_at >= $2 AND i.requested_at < $3 AND i.mode = 'joint-visit') AS joint_visit,
       count(*) FILTER (WHERE i.requested_at >= $2 AND i.requested_at < $3 AND i.mode = 'formal-referral') AS formal,
       percentile_cont(0.5) WITHIN GROUP (ORDER BY extract(epoch FROM i.responded_at - i.requested_at) / 3600)
         FILTER (WHERE i.requested_at >= $2 AND i.requested_at < $3 AND i.responded_at IS NOT NULL) AS median_response_hours,
       count(*) FILTER (WHERE i.requested_at >= $2 AND i.requested_at < $3 AND i.responded_at IS NOT NULL AND i.responded_at <= i.respond_by) AS within_target,
       count(*) FILTER (WHERE i.requested_at >= $2 AND i.requested_at < $3 AND (i.responded_at IS NOT NULL OR i.respond_by < now())) AS answerable,
       count(*) FILTER (WHERE i.status IN ('requested', 'accepted')) AS outstanding
     FROM rm_specialist_inputs i JOIN rm_case_list c ON c.case_id = i.case_id
     WHERE ${CASE_SCOPE} GROUP BY ROLLUP (i.service_id) ORDER BY i.service_id NULLS FIRST`,
    params,
  );
  const [sg] = await ds.query(
    `SELECT
       count(*) FILTER (WHERE s.raised_at >= $2 AND s.raised_at < $3) AS raised,
       count(*) FILTER (WHERE s.raised_at >= $2 AND s.raised_at < $3 AND s.decided_at IS NOT NULL AND s.decided_at <= s.decision_due_by) AS decided_in_time,
       count(*) FILTER (WHERE s.raised_at >= $2 AND s.raised_at < $3 AND (s.decided_at IS NOT NULL OR s.decision_due_by < now())) AS decisions_due,
       count(*) FILTER (WHERE s.status = 'enquiry-open') AS open_enquiries,
       count(*) FILTER (WHERE s.concluded_at >= $2 AND s.concluded_at < $3) AS concluded,
       count(*) FILTER (WHERE s.concluded_at >= $2 AND s.concluded_at < $3 AND s.desired_outcomes_asked) AS asked,
       count(*) FILTER (WHERE s.concluded_at >= $2 AND s.concluded_at < $3 AND s.outcomes_met = 'fully') AS met_fully,
       count(*) FILTER (WHERE s.concluded_at >= $2 AND s.concluded_at < $3 AND s.outcomes_met = 'partially') AS met_partially,
       count(*) FILTER (WHERE s.concluded_at >= $2 AND s.concluded_at < $3 AND s.outcomes_met = 'not') AS met_not,
       count(*) FILTER (WHERE s.concluded_at >= $2 AND s.concluded_at < $3 AND s.outcome = 'risk-removed') AS risk_removed,
       count(*) FILTER (WHERE s.concluded_at >= $2 AND s.concluded_at < $3 AND s.outcome = 'risk-reduced') AS risk_reduced,
       count(*) FILTER (WHERE s.concluded_at >= $2 AND s.concluded_at < $3 AND s.outcome = 'risk-remains') AS risk_remains
     FROM rm_safeguarding_concerns s JOIN rm_case_list c ON c.case_id = s.case_id WHERE ${CASE_SCOPE}`,
    params,
  );
  const [discharges] = await ds.query(
    `SELECT
       (SELECT count(*) FROM rm_discharges d JOIN rm_case_list c ON c.case_id = d.case_id
         WHERE ${CASE_SCOPE} AND d.discharged_at >= $2 AND d.discharged_at < $3) AS discharges,
       count(*) FILTER (WHERE f.kind = 'post-discharge-welfare-check' AND f.status = 'completed' AND f.completed_at >= $2 AND f.completed_at < $3) AS welfare_done,
       count(*) FILTER (WHERE f.kind = 'reablement-91-day-check' AND f.due_at >= $2 AND f.due_at < $3 AND f.due_at < now() AND f.status <> 'cancelled') AS checks_due,
       count(*) FILTER (WHERE f.kind = 'reablement-91-day-check' AND f.due_at >= $2 AND f.due_at < $3 AND f.status = 'completed' AND f.outcome = 'at-home') AS at_home
     FROM rm_follow_ups f JOIN rm_case_list c ON c.case_id = f.case_id WHERE ${CASE_SCOPE}`,
    params,
  );
  const [capacity] = await ds.query(
    // Hours held against each team's capacity (the team-hours read of GET /api/teams/:id/capacity),
    // whichever locality the resident's case is in.
    `SELECT coalesce(sum(t.hours_capacity), 0) AS hours, coalesce(sum(h.hours), 0) AS allocated
       FROM teams t CROSS JOIN LATERAL (${teamHoursSql('t.id')}) h
      WHERE t.kind = 'wellbeing' AND ($1::text IS NULL OR t.locality_id = $1)`,
    [localityId],
  );
  const n = (v: unknown) => Number(v ?? 0);
  const pct = (a: unknown, b: unknown) => (n(b) === 0 ? null : round((100 * n(a)) / n(b)));
  const m = (value: number | null, definition: string): Measure => ({ value, definition });
  const inputMeasures = (r: Record<string, unknown>) => ({
    requested: m(n(r.requested), 'Specialist inputs requested in the period.'),
    brokered: m(n(r.brokered), 'Requested in the period as a brokered conversation.'),
    jointVisits: m(n(r.joint_visit), 'Requested in the period as a joint visit.'),
    formalReferrals: m(n(r.formal), 'Requested in the period as a formal referral.'),
    brokeredPerFormalReferral: m(
      n(r.formal) === 0 ? null : round(n(r.brokered) / n(r.formal), 2),
      'Brokered conversations per formal referral, requested in the period (null with no referrals).',
    ),
    medianResponseHours: m(
      round(r.median_response_hours),
      'Median hours from request to first answer (accept or decline), requested in the period.',
    ),
    withinTargetPercent: m(
      pct(r.within_target, r.answerable),
      '% of inputs requested in the period and answered or past due that were answered by their respond-by time.',
    ),
    outstanding: m(
      n(r.outstanding),
      'Inputs requested or accepted and not yet delivered, declined or withdrawn (now).',
    ),
  });
  const total = inputs.find((r) => r.service_id === null) ?? {};
  const concluded = n(sg.concluded);
  const asked = n(sg.asked);
  const met = {
    outcomesMetFully: n(sg.met_fully),
    outcomesMetPartially: n(sg.met_partially),
    outcomesNotMet: n(sg.met_not),
  };
  const risk = {
    riskRemoved: n(sg.risk_removed),
    riskReduced: n(sg.risk_reduced),
    riskRemains: n(sg.risk_remains),
  };
  const hidden = options.smallOutcomeCounts
    ? new Set<string>()
    : new Set([
        ...suppressedCells(met, asked),
        ...suppressedCells(risk, concluded),
        ...(isSmall(concluded) || isSmall(asked) || isSmall(concluded - asked)
          ? ['desiredOutcomesAskedPercent']
          : []),
      ]);
  const outcome = (key: string, value: number | null, definition: string): Measure =>
    hidden.has(key) ? { value: null, suppressed: true, definition } : m(value, definition);
  return {
    openCases: m(n(cases.open_cases), 'Cases open now.'),
    unallocatedCases: m(n(cases.unallocated), 'Open cases with no named coordinator now.'),
    casesOpened: m(n(cases.opened), 'Cases opened in the period.'),
    averageDaysToAllocation: m(
      round(cases.days_to_allocation),
      'Mean days from opening to first coordinator, for first allocations in the period.',
    ),
    handoversPerCase: m(
      round(cases.handovers_per_case, 2),
      'Hand-offs per case (accepted hand-overs, and coordinators replaced by the receiving locality after a transfer), over cases open at any time in the period (lifetime count).',
    ),
    averageCaseload: m(
      round(cases.caseload),
      'Open allocated cases per coordinator holding any (now).',
    ),
    plansAgreed: m(n(plans.agreed), 'Care plan versions agreed with the resident in the period.'),
    reviewsDue: m(n(reviews.due), 'Care plan reviews falling due in the period.'),
    reviewsOverdue: m(n(reviews.overdue), 'Care plan reviews past due and not done (now).'),
    reviewsOnTimePercent: m(
      pct(reviews.on_time, reviews.came_due),
      '% of reviews due in the period (and already due) done by their due time.',
    ),
    specialistInputs: inputMeasures(total),
    specialistInputsByService: inputs
      .filter((r) => r.service_id !== null)
      .map((r) => ({ serviceId: r.service_id as string, ...inputMeasures(r) })),
    safeguardingConcernsRaised: m(n(sg.raised), 'Safeguarding concerns raised in the period.'),
    safeguardingDecisionsWithinTargetPercent: m(
      pct(sg.decided_in_time, sg.decisions_due),
      '% of concerns raised in the period (decided or past due) decided by their due time.',
    ),
    openEnquiries: m(n(sg.open_enquiries), 'Section 42 enquiries open now.'),
    enquiriesConcluded: m(n(sg.concluded), 'Section 42 enquiries concluded in the period.'),
    desiredOutcomesAskedPercent: outcome(
      'desiredOutcomesAskedPercent',
      pct(sg.asked, sg.concluded),
      "Making Safeguarding Personal: % of enquiries concluded in the period where the person's desired outcomes were asked.",
    ),
    outcomesMetFully: outcome(
      'outcomesMetFully',
      met.outcomesMetFully,
      'Enquiries concluded in the period with desired outcomes fully met.',
    ),
    outcomesMetPartially: outcome(
      'outcomesMetPartially',
      met.outcomesMetPartially,
      'Enquiries concluded in the period with desired outcomes partially met.',
    ),
    outcomesNotMet: outcome(
      'outcomesNotMet',
      met.outcomesNotMet,
      'Enquiries concluded in the period with desired outcomes not met.',
    ),
    riskRemoved: outcome(
      'riskRemoved',
      risk.riskRemoved,
      'Enquiries concluded in the period with the risk removed.',
    ),
    riskReduced: outcome(
      'riskReduced',
      risk.riskReduced,
      'Enquiries concluded in the period with the risk reduced.',
    ),
    riskRemains: outcome(
      'riskRemains',
      risk.riskRemains,
      'Enquiries concluded in the period with the risk remaining.',
    ),
    discharges: m(n(discharges.discharges), 'Hospital discharges in the period.'),
    welfareChecksDone: m(
      n(discharges.welfare_done),
      'Post-discharge welfare checks completed in the period.',
    ),
    stillAtHomeAt91DaysPercent: m(
      pct(discharges.at_home, discharges.checks_due),
      '% of 91-day checks (reablement, pathway 1) due in the period whose outcome was recorded as at-home (ASCOF 2B(1)); a check completed without an outcome (before outcomes were recorded) does not count as at home.',
    ),
    wellbeingHoursAllocated: m(
      n(capacity.allocated),
      'Home-care hours a week the Wellbeing Teams in scope have allocated to open cases (now).',
    ),
    wellbeingHoursCapacity: m(
      n(capacity.hours),
      'Weekly hours capacity of the Wellbeing Teams in scope.',
    ),
    wellbeingHoursAllocatedPercent: m(
      pct(capacity.allocated, capacity.hours),
      'Allocated hours as a % of capacity (now).',
    ),
    contactsResolvedAtFirstConversationPercent: m(
      null,
      'Front-door contacts resolved at the first conversation: not yet recorded by this service.',
    ),
  };
}
