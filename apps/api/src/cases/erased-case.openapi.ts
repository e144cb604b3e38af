import type { OpenAPIObject } from '@nestjs/swagger';

const CASE_PATH = /^\/api\/cases\/\{id\}(\/|$)/;
const SCHEMA = 'CaseErasedProblemDto';

/**
 * Every operation about one case can answer 410 `case-erased` once the case is erased
 * (API.md "Records management"): documented here for all of them at once, so a route
 * added later is covered too, with the two members the problem adds.
 */
export function documentCaseErased(document: OpenAPIObject): void {
  document.components ??= {};
  document.components.schemas ??= {};
  // The problem's own members and the two it adds, flat (as every schema here, no allOf).
  const problem = document.components.schemas.ProblemDto as { properties?: Record<string, unknown>; required?: string[] } | undefined;
  document.components.schemas[SCHEMA] = {
    type: 'object',
    properties: {
      ...(problem?.properties ?? {}),
      caseId: { type: 'string', format: 'uuid' },
      erasedAt: { type: 'string', format: 'date-time', description: 'when its personal data was destroyed' },
    },
    required: [...(problem?.required ?? ['type', 'title', 'status', 'detail']), 'caseId', 'erasedAt'],
  };
  for (const [path, item] of Object.entries(document.paths)) {
    if (!CASE_PATH.test(path)) continue;
    for (const operation of Object.values(item) as Array<{ responses?: Record<string, unknown> }>) {
      if (!operation || typeof operation !== 'object' || !operation.responses) continue;
      operation.responses['410'] = {
        description: 'The case was erased: its personal data was destroyed, nothing of it is left to show or change. Types: /problems/case-erased.',
        content: { 'application/problem+json': { schema: { $ref: `#/components/schemas/${SCHEMA}` } } },
      };
    }
  }
}
