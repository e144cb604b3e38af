import { ApiProperty } from '@nestjs/swagger';

// What every query of the read side shares: pages and the conversion of stored values.

/** `?page=1&pageSize=50`, already validated by the caller (the API's PageQuery). */
export interface PageRequest {
  page: number;
  pageSize: number;
}

export interface Page<T> {
  items: T[];
  total: number;
  page: number;
  pageSize: number;
}

/** The page fields every page response class extends. */
export abstract class PageResponse {
  @ApiProperty({ type: 'integer', description: 'All matching items, across pages', example: 1 })
  total!: number;
  @ApiProperty({ type: 'integer', example: 1 }) page!: number;
  @ApiProperty({ type: 'integer', example: 50 }) pageSize!: number;
}

export function limitOffset(q: PageRequest, params: unknown[]): string {
  params.push(q.pageSize, (q.page - 1) * q.pageSize);
  return `LIMIT $${params.length - 1} OFFSET $${params.length}`;
}

export function pageOf<T>(items: T[], total: number, q: PageRequest): Page<T> {
  return { items, total, page: q.page, pageSize: q.pageSize };
}

export const iso = (v: unknown): string | null =>
  v === null || v === undefined ? null : new Date(v as string).toISOString();

export const escapeLike = (s: string): string =>
  s.toLowerCase().replace(/[\\%_]/g, (c) => `\\${c}`);

export type Row = Record<string, unknown>;
