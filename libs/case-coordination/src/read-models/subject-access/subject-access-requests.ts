import { randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { subjectAccessDueBy } from './due-by';
import type { SubjectAccessCase, SubjectAccessExport, SubjectAccessMatch, SubjectAccessRequestResponse } from './subject-access.responses';

/** Who the request is about: an NHS number, or a name and date of birth (both may be given). */
export interface SubjectAccessCriteria {
  nhsNumber?: string;
  givenName?: string;
  familyName?: string;
  dateOfBirth?: string;
}

const rows = <T>(ds: DataSource, sql: string, caseId: string): Promise<T[]> => ds.query(sql, [caseId]);
const iso = (d: Date | string) => new Date(d).toISOString();

/**
 * Subject access (API.md "Records management"): a request is matched across every case
 * once, when received, and kept with its matches, so the export answers for the cases
 * found then. Records officers only, checked by the routes; it reads the read models
 * directly, as the officer's reach is every case and the ordinary read policy gives them none.
 */
@Injectable()
export class SubjectAccessRequests {
  constructor(private readonly ds: DataSource) {}

  async receive(criteria: SubjectAccessCriteria, receivedAt: string, officerId: string): Promise<SubjectAccessRequestResponse> {
    const byName = criteria.givenName && criteria.familyName && criteria.dateOfBirth ? criteria : null;
    const matches: SubjectAccessMatch[] = (
      await this.ds.query(
        `SELECT c.case_id, c.reference FROM rm_case_list c JOIN rm_case_detail d ON d.case_id = c.case_id
          WHERE c.erased_at IS NULL AND NOT EXISTS (SELECT 1 FROM erased_cases e WHERE e.case_id = c.case_id)
            AND (($1::text IS NOT NULL AND c.nhs_number = $1::text)
             OR ($2::text IS NOT NULL AND lower(d.document->'resident'->>'givenName') = lower($2::text)
                 AND lower(d.document->'resident'->>'familyName') = lower($3::text) AND d.document->'resident'->>'dateOfBirth' = $4::text))
          ORDER BY c.opened_at, c.case_id`,
        [criteria.nhsNumber ?? null, byName?.givenName ?? null, byName?.familyName ?? null, byName?.dateOfBirth ?? null],
      )
    ).map((r: { case_id: string; reference: string }) => ({ caseId: r.case_id, reference: r.reference }));
    const requestId = randomUUID();
    const dueBy = subjectAccessDueBy(receivedAt);
    await this.ds.query(
      `INSERT INTO subject_access_requests (request_id, received_at, due_by, case_ids, received_by) VALUES ($1, $2, $3, $4, $5)`,
      [requestId, receivedAt, dueBy, matches.map((m) => m.caseId), officerId],
    );
    return { requestId, dueBy, matches };
  }

  /** Null when there is no such request. */
  async export(requestId: string): Promise<SubjectAccessExport | null> {
    const [request]: Array<{ received_at: Date; due_by: string; case_ids: string[] }> = await this.ds.query(
      `SELECT received_at, to_char(due_by, 'YYYY-MM-DD') AS due_by, case_ids FROM subject_access_requests WHERE request_id = $1`,
      [requestId],
    );
    if (!request) return null;
    const items: SubjectAccessCase[] = [];
    for (const caseId of request.case_ids) items.push(await this.exportCase(caseId));
    return { requestId, receivedAt: iso(request.received_at), dueBy: request.due_by, items };
  }

  private async exportCase(caseId: string): Promise<SubjectAccessCase> {
    const ds = this.ds;
    // Erased since the request was made (issue 16): the case is answered as erased, with no content.
    const [erased] = await rows<{ erased_at: Date; reference: string | null }>(
      ds,
      `SELECT e.erased_at, c.reference FROM (SELECT case_id, erased_at FROM erased_cases WHERE case_id = $1
          UNION ALL SELECT case_id, erased_at FROM rm_case_list WHERE case_id = $1 AND erased_at IS NOT NULL LIMIT 1) e
         LEFT JOIN rm_case_list c ON c.case_id = e.case_id`,
      caseId,
    );
    if (erased) {
      return { caseId, reference: erased.reference ?? '', erasedAt: iso(erased.erased_at), record: {}, planVersions: [], notes: [], inputs: [], safeguarding: [], followUps: [], timeline: [], accessedBy: [] };
    }
    const [detail] = await rows<{ reference: string; document: Record<string, unknown> }>(
      ds,
      `SELECT c.reference, d.document FROM rm_case_list c JOIN rm_case_detail d ON d.case_id = c.case_id WHERE c.case_id = $1`,
      caseId,
    );
    const docs = (sql: string) => rows<{ row: Record<string, unknown> }>(ds, sql, caseId).then((r) => r.map((x) => x.row));
    return {
      caseId,
      reference: detail?.reference ?? '',
      record: detail?.document ?? {},
      planVersions: await docs(`SELECT document AS row FROM rm_care_plan_versions WHERE case_id = $1 ORDER BY plan_version`),
      notes: await docs(
        `SELECT jsonb_build_object('noteId', note_id, 'text', text, 'restricted', restricted, 'author', author_name, 'recordedAt', recorded_at) AS row
           FROM rm_case_notes WHERE case_id = $1 ORDER BY recorded_at, version`,
      ),
      inputs: await docs(`SELECT to_jsonb(t) - 'case_id' - 'version' AS row FROM rm_specialist_inputs t WHERE case_id = $1 ORDER BY version`),
      safeguarding: await docs(`SELECT to_jsonb(t) - 'case_id' - 'version' AS row FROM rm_safeguarding_concerns t WHERE case_id = $1 ORDER BY version`),
      followUps: await docs(`SELECT to_jsonb(t) - 'case_id' - 'version' AS row FROM rm_follow_ups t WHERE case_id = $1 ORDER BY scheduled_at, follow_up_id`),
      timeline: (
        await rows<{ occurred_at: Date; actor_name: string; summary: string }>(
          ds,
          `SELECT occurred_at, actor_name, summary FROM rm_case_timeline WHERE case_id = $1 ORDER BY version`,
          caseId,
        )
      ).map((t) => ({ occurredAt: iso(t.occurred_at), by: t.actor_name, summary: t.summary })),
      accessedBy: (
        await rows<{ occurred_at: Date; principal_id: string | null; roles: string[]; organisation: string | null; kind: string; action: string; outcome: number }>(
          ds,
          `SELECT occurred_at, principal_id, roles, organisation, kind, action, outcome FROM audit.access_audit WHERE case_id = $1 ORDER BY occurred_at, audit_id`,
          caseId,
        )
      ).map((a) => ({ occurredAt: iso(a.occurred_at), userId: a.principal_id, roles: a.roles, organisation: a.organisation, kind: a.kind, action: a.action, outcome: a.outcome })),
    };
  }
}
