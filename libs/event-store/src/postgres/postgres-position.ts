// A position is (transaction id, sequence), both unsigned 64-bit, written as two
// zero-padded decimals so the strings also sort correctly as plain text (useful when a
// checkpoint is stored in a text column); the adapter still compares them numerically.
const DIGITS = 20;
const PATTERN = /^(\d{1,20}):(\d{1,20})$/;

export interface PgPosition {
  transactionId: bigint;
  seq: bigint;
}

export function encodePgPosition(transactionId: string | bigint, seq: string | bigint): string {
  return `${String(transactionId).padStart(DIGITS, '0')}:${String(seq).padStart(DIGITS, '0')}`;
}

export function decodePgPosition(position: string): PgPosition {
  const match = PATTERN.exec(position);
  if (!match) throw new Error(`not a PostgreSQL event store position: ${position}`);
  return { transactionId: BigInt(match[1]), seq: BigInt(match[2]) };
}

export function comparePgPositions(a: string | null, b: string | null): number {
  if (a === null || b === null) return a === b ? 0 : a === null ? -1 : 1;
  const x = decodePgPosition(a);
  const y = decodePgPosition(b);
  if (x.transactionId !== y.transactionId) return x.transactionId < y.transactionId ? -1 : 1;
  return x.seq === y.seq ? 0 : x.seq < y.seq ? -1 : 1;
}
