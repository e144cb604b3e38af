import type { SubjectAccessCase, SubjectAccessExport } from './subject-access.responses';

// The export as a printable page in plain words (API.md "Records management"): written
// for the resident, so headings say what each part is, the timeline reads as a narrative,
// and field names never show. Every value is escaped: it is text people typed.

const escape = (v: unknown): string =>
  String(v ?? '').replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c] as string);

const day = (at: unknown): string => {
  const d = new Date(String(at));
  return Number.isNaN(d.getTime()) ? escape(at) : d.toLocaleDateString('en-GB', { day: 'numeric', month: 'long', year: 'numeric', timeZone: 'Europe/London' });
};

const words = (key: string): string => key.replace(/_/g, ' ').replace(/([a-z])([A-Z])/g, '$1 $2').toLowerCase();

/** Any nested value as a plain list: "what matters: …", never JSON. */
function plain(value: unknown): string {
  if (value === null || value === undefined || value === '') return '<em>none</em>';
  if (Array.isArray(value)) return value.length === 0 ? '<em>none</em>' : `<ul>${value.map((v) => `<li>${plain(v)}</li>`).join('')}</ul>`;
  if (typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>).filter(([, v]) => v !== null && v !== undefined);
    return `<dl>${entries.map(([k, v]) => `<dt>${escape(words(k))}</dt><dd>${plain(v)}</dd>`).join('')}</dl>`;
  }
  if (typeof value === 'boolean') return value ? 'yes' : 'no';
  return escape(value);
}

const section = (title: string, body: string) => `<section><h3>${escape(title)}</h3>${body}</section>`;
const list = (items: unknown[], each: (item: Record<string, unknown>) => string) =>
  items.length === 0 ? '<p>Nothing recorded.</p>' : `<ul>${items.map((i) => `<li>${each(i as Record<string, unknown>)}</li>`).join('')}</ul>`;

function casePage(c: SubjectAccessCase): string {
  if (c.erasedAt) {
    return `<article><h2>Record ${escape(c.reference)}</h2><p>This record was erased on ${day(c.erasedAt)}: the information it held was destroyed and there is nothing of it left to give.</p></article>`;
  }
  const { resident, ...record } = c.record as { resident?: unknown } & Record<string, unknown>;
  return [
    `<article><h2>Record ${escape(c.reference)}</h2>`,
    section('About you', plain(resident)),
    section('The rest of the record as it stands today', plain(record)),
    section(
      'Your care plan, each version',
      list(c.planVersions, (v) => plain(v)),
    ),
    section('Notes written about you', list(c.notes, (n) => `${day(n.recordedAt)}, ${escape(n.author)}: ${escape(n.text)}${n.restricted ? ' (kept to safeguarding staff)' : ''}`)),
    section('Help asked of specialist services', list(c.inputs, (i) => plain(i))),
    section('Safeguarding', list(c.safeguarding, (s) => plain(s))),
    section('Things to follow up', list(c.followUps, (f) => plain(f))),
    section('What happened, in order', list(c.timeline as unknown as Record<string, unknown>[], (t) => `On ${day(t.occurredAt)}, ${escape(t.by)}: ${escape(t.summary)}.`)),
    section(
      'Who looked at or changed your record',
      list(
        c.accessedBy as unknown as Record<string, unknown>[],
        (a) => `On ${day(a.occurredAt)}, ${escape(a.userId ?? 'someone not signed in')} (${escape(a.organisation ?? 'unknown organisation')}) ${a.kind === 'command' ? 'changed' : 'looked at'} it${Number(a.outcome) >= 400 ? ', but was refused' : ''}.`,
      ),
    ),
    '</article>',
  ].join('\n');
}

export function subjectAccessPage(e: SubjectAccessExport): string {
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Your records</title>
<style>body{font-family:sans-serif;max-width:50em;margin:2em auto;line-height:1.4}article{page-break-before:always}dt{font-weight:bold}</style></head>
<body><h1>The records we hold about you</h1>
<p>Your request was received on ${day(e.receivedAt)}; we answer it by ${day(e.dueBy)}. ${
    e.items.length === 0 ? 'We found no records about you.' : `We found ${e.items.length === 1 ? 'one record' : `${e.items.length} records`} about you; each follows in full.`
  }</p>
${e.items.map(casePage).join('\n')}
</body></html>`;
}
