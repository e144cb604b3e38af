import { IQueryHandler, QueryHandler } from '@nestjs/cqrs';
import { ReadDataSource } from '@iln/platform';
import { withRecordFields } from '../case-detail/case-view';
import { accessFactsOf, CaseReadPolicy } from '../case-read.policy';
import { ListNotesQuery } from './list-notes.query';
import { CaseNotVisible } from '../read-errors';
import type { NoteItem, NotesPage } from './notes.response';

interface NoteRecord {
  note_id: string;
  text: string;
  restricted: boolean;
  author_id: string;
  author_name: string;
  recorded_at: Date;
}

/**
 * A restricted note is safeguarding-grade detail: its text and author go to those who
 * may see that detail and to whoever wrote it (as a concern's summary goes to its raiser).
 */
@QueryHandler(ListNotesQuery)
export class ListNotesHandler implements IQueryHandler<ListNotesQuery> {
  constructor(
    private readonly ds: ReadDataSource,
    private readonly policy: CaseReadPolicy,
  ) {}

  async execute({ principal, caseId, page, pageSize }: ListNotesQuery): Promise<NotesPage> {
    const cases: Array<{ document: Parameters<typeof withRecordFields>[0] }> = await this.ds.query(`SELECT document FROM rm_case_detail WHERE case_id = $1`, [caseId]);
    const view = cases[0] && withRecordFields(cases[0].document);
    if (!view) throw new CaseNotVisible();
    const facts = accessFactsOf(view);
    if (!this.policy.maySeeCase(principal, facts)) throw new CaseNotVisible();
    const [{ total }] = await this.ds.query(`SELECT count(*)::int AS total FROM rm_case_notes WHERE case_id = $1`, [caseId]);
    const rows: NoteRecord[] = await this.ds.query(
      `SELECT note_id, text, restricted, author_id, author_name, recorded_at FROM rm_case_notes
        WHERE case_id = $1 ORDER BY recorded_at DESC, version DESC LIMIT $2 OFFSET $3`,
      [caseId, pageSize, (page - 1) * pageSize],
    );
    const items = rows.map((r): NoteItem => {
      const recordedAt = new Date(r.recorded_at).toISOString();
      if (r.restricted && !this.policy.maySeeRestricted(principal, facts, r.author_id)) return { noteId: r.note_id, restricted: true, recordedAt };
      return { noteId: r.note_id, text: r.text, restricted: r.restricted, author: { id: r.author_id, name: r.author_name }, recordedAt };
    });
    return { items, total, page, pageSize };
  }
}
