import { MigrationInterface, QueryRunner } from 'typeorm';

// Consent became per organisation (API.md v1.1). A case-detail document stored before then
// holds one v1 record, {status, organisations: [names], recordedAt}; the read policy's SQL
// reads {organisations: [{organisation, status, recordedAt}], overrides}, so until a
// rebuild an old document would admit no partner. The v1 record gave its status to each
// organisation it listed, and that is what this writes (as the case view's fold does).
export class CaseDetailConsentPerOrganisation1700000013200 implements MigrationInterface {
  name = 'CaseDetailConsentPerOrganisation1700000013200';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      UPDATE rm_case_detail d
         SET document = jsonb_set(d.document, '{consent}', jsonb_build_object(
               'organisations', coalesce((
                 SELECT jsonb_agg(jsonb_build_object(
                          'organisation', o.value,
                          'status', d.document->'consent'->'status',
                          'recordedAt', coalesce(d.document->'consent'->'recordedAt', '""'::jsonb)))
                   FROM jsonb_array_elements_text(coalesce(d.document->'consent'->'organisations', '[]'::jsonb)) o
                 ), '[]'::jsonb),
               'overrides', '[]'::jsonb))
       WHERE jsonb_typeof(d.document->'consent') = 'object'
         AND d.document->'consent' ? 'status'`);
  }

  async down(): Promise<void> {
    // The per-organisation shape holds everything the v1 record did; nothing to undo.
  }
}
