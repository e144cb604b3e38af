import type { Problem } from './api';

export interface ErrorItem {
  text: string;
  href: string;
}

/**
 * problem+json field errors to the GOV.UK error summary and each field's message (UI.md):
 * `fieldFor` names the form field (its id) for an API field path, or null.
 */
export function fieldErrors(
  problem: Problem,
  fieldFor: (apiField: string) => string | null,
  fallbackHref: string,
  messages: Record<string, string> = {},
): { list: ErrorItem[]; byField: Record<string, string> } {
  const list: ErrorItem[] = [];
  const byField: Record<string, string> = {};
  for (const e of problem.errors ?? []) {
    const field = fieldFor(e.field);
    const text = (field && messages[field]) || sentence(e.message);
    if (field && byField[field]) continue;
    if (field) byField[field] = text;
    list.push({ text, href: `#${field ?? fallbackHref}` });
  }
  if (list.length === 0) list.push({ text: sentence(problem.detail ?? problem.title ?? 'Check your answers'), href: `#${fallbackHref}` });
  return { list, byField };
}

function sentence(s: string): string {
  const t = s.trim();
  return t ? t.charAt(0).toUpperCase() + t.slice(1) : t;
}
