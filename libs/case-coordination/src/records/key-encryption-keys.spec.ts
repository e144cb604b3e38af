import { randomBytes } from 'node:crypto';
import { KeyEncryptionKeys, ownBuffer } from './key-encryption-keys';

describe('KeyEncryptionKeys', () => {
  const keks = new KeyEncryptionKeys(randomBytes(32));

  it('unwraps what it wrapped, into a key of its own memory (not a slice of the shared buffer pool)', () => {
    const dataKey = randomBytes(32);
    const { wrapped, kekId } = keks.wrap('case-1', dataKey);
    const key = keks.unwrap('case-1', wrapped, kekId);
    expect(key.equals(dataKey)).toBe(true);
    // A pooled 32-byte buffer would keep its whole pool (Buffer.poolSize) alive while cached.
    expect(key.buffer.byteLength).toBe(32);
    expect(Buffer.concat([dataKey]).buffer.byteLength).toBe(Buffer.poolSize);
  });

  it('refuses a key wrapped for another case', () => {
    const { wrapped, kekId } = keks.wrap('case-1', randomBytes(32));
    expect(() => keks.unwrap('case-2', wrapped, kekId)).toThrow();
  });
});

describe('ownBuffer', () => {
  it('copies the bytes into a buffer exactly their size, unaffected by later writes to the original', () => {
    const pooled = Buffer.from('0123456789abcdef');
    const own = ownBuffer(pooled);
    pooled.fill(0);
    expect(own.toString()).toBe('0123456789abcdef');
    expect(own.buffer.byteLength).toBe(16);
    expect(own.byteOffset).toBe(0);
  });
});
