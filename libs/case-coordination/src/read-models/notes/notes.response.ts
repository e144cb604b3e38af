import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';

export class NoteAuthor {
  @ApiProperty() id!: string;
  @ApiProperty() name!: string;
}

/** A restricted note the caller may not read keeps only `noteId`, `restricted` and `recordedAt`. */
export class NoteItem {
  @ApiProperty({ format: 'uuid' }) noteId!: string;
  @ApiPropertyOptional({ description: 'withheld from a restricted note unless the caller may see safeguarding detail or wrote it' })
  text?: string;
  @ApiProperty() restricted!: boolean;
  @ApiPropertyOptional({ type: NoteAuthor, description: 'withheld with the text' }) author?: NoteAuthor;
  @ApiProperty({ example: '2026-11-23T09:00:00.000Z' }) recordedAt!: string;
}

export class NotesPage {
  @ApiProperty({ type: [NoteItem], description: 'newest first' }) items!: NoteItem[];
  @ApiProperty() total!: number;
  @ApiProperty() page!: number;
  @ApiProperty() pageSize!: number;
}
