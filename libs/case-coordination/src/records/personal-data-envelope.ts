import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import { personalPathSteps, type Step } from './personal-fields';

// How an event's personal fields are stored (issue 16). All the personal fields of ONE
// event are encrypted together: one IV, one AES-256-GCM call with the case's data key,
// the event id and type as associated data (a ciphertext cannot be moved to another
// event or reread as another type). The stored data keeps every clear field as it was,
// the personal fields as null, and the envelope under `$pd`:
//
//   { "caseId": "...", "resident": null, "reason": null, ..., "$pd": { "v": 1, "iv", "ct", "tag" } }
//
// The plaintext is a JSON object from concrete paths (`goals.0.description`) to values.
// Events whose personal fields are all absent or null are stored untouched (no `$pd`).

export const ENVELOPE_FIELD = '$pd';
export const ENVELOPE_VERSION = 1;

export interface PersonalDataEnvelope {
  v: number;
  /** base64 of the 12-byte IV, the ciphertext, and the 16-byte GCM tag. */
  iv: string;
  ct: string;
  tag: string;
}

type Obj = Record<string, unknown>;
const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);

export interface EventIdentity {
  eventId: string;
  type: string;
}

function aad(event: EventIdentity): Buffer {
  return Buffer.from(`${event.eventId}\n${event.type}`, 'utf8');
}

/** True when the stored data carries an encrypted envelope. */
export function isSealed(data: unknown): data is Obj & { [ENVELOPE_FIELD]: PersonalDataEnvelope } {
  return isObj(data) && isObj(data[ENVELOPE_FIELD]);
}

/**
 * The personal values of an event's data, by concrete path, and a copy of the data with
 * them set to null; null when the event has none (or is already sealed).
 */
/**
 * The personal values of an event's data, by concrete path, and a copy of the data with
 * them set to null; null when the event has none (or is already sealed). The copy is
 * shallow, copied only along the paths it changes: `event.data` is never modified.
 */
export function splitPersonalData(event: EventIdentity & { data: unknown }): { clear: Obj; personal: Obj } | null {
  if (!isObj(event.data) || isSealed(event.data)) return null;
  const paths = personalPathSteps(event.type);
  if (paths.length === 0) return null;
  const clear: Obj = { ...event.data };
  const personal: Obj = {};
  let found = false;
  const take = (holder: Obj, steps: readonly Step[], at: number, prefix: string): void => {
    const step = steps[at];
    const here = prefix ? `${prefix}.${step.key}` : step.key;
    const value = holder[step.key];
    if (at === steps.length - 1 && !step.each) {
      if (value === undefined || value === null) return;
      personal[here] = value;
      holder[step.key] = null;
      found = true;
      return;
    }
    if (step.each) {
      if (!Array.isArray(value)) return;
      const copy = value.slice();
      holder[step.key] = copy;
      copy.forEach((element, i) => {
        if (at === steps.length - 1) {
          if (element === undefined || element === null) return;
          personal[`${here}.${i}`] = element;
          copy[i] = null;
          found = true;
        } else if (isObj(element)) {
          const elementCopy = { ...element };
          copy[i] = elementCopy;
          take(elementCopy, steps, at + 1, `${here}.${i}`);
        }
      });
    } else if (isObj(value)) {
      const copy = { ...value };
      holder[step.key] = copy;
      take(copy, steps, at + 1, here);
    }
  };
  for (const steps of paths) take(clear, steps, 0, '');
  return found ? { clear, personal } : null;
}

/** Whether the event holds any personal value to encrypt. */
export function hasPersonalValues(event: EventIdentity & { data: unknown }): boolean {
  return splitPersonalData(event) !== null;
}

/** The data to store for a split event: its personal values encrypted under `key` (32 bytes). */
export function sealSplit(event: EventIdentity, split: { clear: Obj; personal: Obj }, key: Buffer): Obj {
  const iv = randomBytes(12);
  const cipher = createCipheriv('aes-256-gcm', key, iv);
  cipher.setAAD(aad(event));
  const ct = Buffer.concat([cipher.update(JSON.stringify(split.personal), 'utf8'), cipher.final()]);
  const envelope: PersonalDataEnvelope = {
    v: ENVELOPE_VERSION,
    iv: iv.toString('base64'),
    ct: ct.toString('base64'),
    tag: cipher.getAuthTag().toString('base64'),
  };
  return { ...split.clear, [ENVELOPE_FIELD]: envelope };
}

/** The data to store for an event: personal fields encrypted under `key` (32 bytes). */
export function sealPersonalData(event: EventIdentity & { data: unknown }, key: Buffer): unknown {
  const split = splitPersonalData(event);
  return split ? sealSplit(event, split, key) : event.data;
}

/** Sets a concrete path, copying the containers on the way (the stored objects stay as read). */
function setPath(target: Obj, parts: string[], value: unknown): void {
  let holder: Obj = target;
  for (const part of parts.slice(0, -1)) {
    const child = holder[part];
    if (typeof child !== 'object' || child === null) return;
    const copy = (Array.isArray(child) ? child.slice() : { ...child }) as Obj;
    holder[part] = copy;
    holder = copy;
  }
  holder[parts[parts.length - 1]] = value;
}

/**
 * The event's data as it was appended. Throws when the ciphertext was changed or does not
 * belong to this event (GCM authentication).
 */
export function openPersonalData(event: EventIdentity & { data: unknown }, key: Buffer): unknown {
  if (!isSealed(event.data)) return event.data;
  const { [ENVELOPE_FIELD]: envelope, ...data } = event.data;
  if (envelope.v !== ENVELOPE_VERSION) throw new Error(`event ${event.eventId}: personal data envelope version ${envelope.v} is not known`);
  const decipher = createDecipheriv('aes-256-gcm', key, Buffer.from(envelope.iv, 'base64'));
  decipher.setAAD(aad(event));
  decipher.setAuthTag(Buffer.from(envelope.tag, 'base64'));
  const plain = Buffer.concat([decipher.update(Buffer.from(envelope.ct, 'base64')), decipher.final()]).toString('utf8');
  const personal = JSON.parse(plain) as Obj;
  for (const [path, value] of Object.entries(personal)) {
    if (path.includes('.')) setPath(data, path.split('.'), value);
    else data[path] = value;
  }
  return data;
}

/** The event's data once its case key is destroyed: the personal fields stay null, the envelope goes. */
export function erasedPersonalData(data: unknown): unknown {
  if (!isSealed(data)) return data;
  const { [ENVELOPE_FIELD]: _envelope, ...rest } = data;
  return rest;
}
