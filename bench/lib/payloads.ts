import { randomUUID } from 'node:crypto';
import type { NewEvent } from '@iln/event-store';

const WORDS =
  'resident lives alone since husband died last spring daughter visits weekly from Basildon ' +
  'reports two falls in the kitchen no injuries GP aware medication review requested memory ' +
  'worse in the evenings neighbour helps with shopping wants to stay at home with her cat ' +
  'agreed to pendant alarm referral occupational therapy for grab rails and a perching stool'
    .split(' ');

/** Deterministic-enough free text of roughly `bytes` characters, like a practitioner's note. */
export function noteText(bytes: number, seed = Math.floor(Math.random() * 1e9)): string {
  const out: string[] = [];
  let length = 0;
  for (let i = 0; length < bytes; i++) {
    const w = WORDS[(seed + i * 7) % WORDS.length];
    out.push(w);
    length += w.length + 1;
  }
  return out.join(' ').slice(0, bytes);
}

/** A NoteAdded event of about 1 KB as stored (data plus metadata), the size of a typical event. */
export function noteEvent(): NewEvent {
  const id = randomUUID();
  return {
    eventId: id,
    type: 'NoteAdded',
    data: { noteId: randomUUID(), text: noteText(800), restricted: false, addedAt: new Date().toISOString() },
    metadata: {
      correlationId: randomUUID(),
      causationId: null,
      actor: { id: 'bench-practitioner', name: 'Bench Practitioner' },
      schemaVersion: 1,
    },
  };
}
