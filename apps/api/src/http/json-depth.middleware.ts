import { NextFunction, Request, Response } from 'express';
import { sendProblem } from './send-problem';

/** Far deeper than any body the API accepts (a care plan's action owner is 4 levels down). */
export const MAX_JSON_DEPTH = 32;

function tooDeep(root: unknown): boolean {
  // Iterative on purpose: measuring the depth must not itself overflow the stack.
  const stack: Array<{ value: unknown; depth: number }> = [{ value: root, depth: 0 }];
  while (stack.length > 0) {
    const { value, depth } = stack.pop()!;
    if (value === null || typeof value !== 'object') continue;
    if (depth >= MAX_JSON_DEPTH) return true;
    for (const child of Object.values(value as object)) stack.push({ value: child, depth: depth + 1 });
  }
  return false;
}

/**
 * 400 for a JSON body nested deeper than MAX_JSON_DEPTH. class-transformer and
 * class-validator walk bodies recursively, so a few thousand nested arrays (well under
 * the 256 KiB limit) overflowed the stack and answered 500.
 */
export function jsonDepthLimit(req: Request, res: Response, next: NextFunction): void {
  if (req.body !== undefined && tooDeep(req.body)) {
    sendProblem(res, 400, 'nesting-too-deep', 'Bad request', `The body is nested more than ${MAX_JSON_DEPTH} levels deep`);
    return;
  }
  next();
}
