import { NextFunction, Request, Response } from 'express';
import { sendProblem } from './send-problem';

/** Far deeper than any body the API accepts (a care plan's action owner is 4 levels down). */
export const MAX_JSON_DEPTH = 32;

// A UTF-16 surrogate without its partner: JSON allows the escape ("\ud800"), but it is no
// character, and PostgreSQL's jsonb refuses it (that answered 500).
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

export function hasLoneSurrogate(s: string): boolean {
  return LONE_SURROGATE.test(s);
}

type Fault = 'too-deep' | 'lone-surrogate' | null;

function faultIn(root: unknown): Fault {
  // Iterative on purpose: measuring the depth must not itself overflow the stack.
  const stack: Array<{ value: unknown; depth: number }> = [{ value: root, depth: 0 }];
  while (stack.length > 0) {
    const { value, depth } = stack.pop()!;
    if (typeof value === 'string') {
      if (hasLoneSurrogate(value)) return 'lone-surrogate';
      continue;
    }
    if (value === null || typeof value !== 'object') continue;
    if (depth >= MAX_JSON_DEPTH) return 'too-deep';
    for (const [key, child] of Object.entries(value as object)) {
      if (hasLoneSurrogate(key)) return 'lone-surrogate';
      stack.push({ value: child, depth: depth + 1 });
    }
  }
  return null;
}

/**
 * 400 for a JSON body nested deeper than MAX_JSON_DEPTH (class-transformer and
 * class-validator walk bodies recursively, so a few thousand nested arrays, well under
 * the 256 KiB limit, overflowed the stack and answered 500), and for a string or key
 * holding a lone surrogate, before anything reads the body.
 */
export function jsonDepthLimit(req: Request, res: Response, next: NextFunction): void {
  if (req.body === undefined) return next();
  const fault = faultIn(req.body);
  if (fault === 'too-deep') {
    sendProblem(
      res,
      400,
      'nesting-too-deep',
      'Bad request',
      `The body is nested more than ${MAX_JSON_DEPTH} levels deep`,
    );
    return;
  }
  if (fault === 'lone-surrogate') {
    sendProblem(
      res,
      400,
      'invalid-unicode',
      'Bad request',
      'The body holds a lone UTF-16 surrogate (\\ud800-\\udfff without its pair), which is not a character',
    );
    return;
  }
  next();
}
