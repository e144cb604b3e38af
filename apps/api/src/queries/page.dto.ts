import { ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsInt, IsOptional, Max, Min } from 'class-validator';

export const MAX_PAGE_SIZE = 200;
/** Far past any real list; without a bound, page=1e300 is an integer whose OFFSET PostgreSQL refuses (500). */
export const MAX_PAGE = 1_000_000;

/** `?page=1&pageSize=50` (max 200), as every list takes. */
export class PageQuery {
  @ApiPropertyOptional({ minimum: 1, maximum: MAX_PAGE, default: 1 })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(MAX_PAGE)
  page: number = 1;

  @ApiPropertyOptional({ minimum: 1, maximum: MAX_PAGE_SIZE, default: 50 })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(MAX_PAGE_SIZE)
  pageSize: number = 50;
}

/** Only the paging fields of a validated query, for a query object of the read side. */
export const pageOf = (q: PageQuery) => ({ page: q.page, pageSize: q.pageSize });
