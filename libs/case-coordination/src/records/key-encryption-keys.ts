import { createCipheriv, createDecipheriv, createHash, randomBytes } from 'node:crypto';
import { ConfigError, DATA_KEY_ENCRYPTION_KEY_REQUIRED, type AppConfig } from '@iln/platform';

// The key-encryption key (KEK) wraps each case's data key, AES-256-GCM with the case id as
// associated data (a wrapped key cannot be moved to another case's row). Each wrapped key
// is stored with the id of the KEK that wrapped it, so a rotation can run while both the
// new key (DATA_KEY_ENCRYPTION_KEY) and the old one (DATA_KEY_ENCRYPTION_KEY_PREVIOUS)
// are configured: new keys are wrapped under the current one, either unwraps.

/** A short public name for a KEK: a hash of it, so rows say which key wraps them. */
export function keyEncryptionKeyId(kek: Buffer): string {
  return createHash('sha256').update('iln-kek-id\n').update(kek).digest('hex').slice(0, 16);
}

export class KeyEncryptionKeyUnavailable extends Error {
  constructor(readonly kekId: string) {
    super(
      `a case key is wrapped by key-encryption key ${kekId}, which is neither DATA_KEY_ENCRYPTION_KEY nor DATA_KEY_ENCRYPTION_KEY_PREVIOUS`,
    );
    this.name = 'KeyEncryptionKeyUnavailable';
  }
}

export class KeyEncryptionKeys {
  readonly currentId: string;
  private readonly byId = new Map<string, Buffer>();

  constructor(current: Buffer, previous?: Buffer) {
    if (current.length !== 32 || (previous && previous.length !== 32)) throw new Error('key-encryption keys are 32 bytes');
    this.currentId = keyEncryptionKeyId(current);
    this.byId.set(this.currentId, current);
    if (previous) this.byId.set(keyEncryptionKeyId(previous), previous);
  }

  /** From the configuration; a ConfigError (one `config error:` line at start) without DATA_KEY_ENCRYPTION_KEY. */
  static fromConfig(config: Pick<AppConfig, 'dataKeyEncryptionKey' | 'dataKeyEncryptionKeyPrevious'>): KeyEncryptionKeys {
    if (!config.dataKeyEncryptionKey) throw new ConfigError([DATA_KEY_ENCRYPTION_KEY_REQUIRED]);
    return new KeyEncryptionKeys(config.dataKeyEncryptionKey, config.dataKeyEncryptionKeyPrevious);
  }

  /** iv (12) | tag (16) | ciphertext (32), under the current KEK. */
  wrap(caseId: string, dataKey: Buffer): { wrapped: Buffer; kekId: string } {
    const iv = randomBytes(12);
    const cipher = createCipheriv('aes-256-gcm', this.byId.get(this.currentId)!, iv);
    cipher.setAAD(Buffer.from(caseId, 'utf8'));
    const ct = Buffer.concat([cipher.update(dataKey), cipher.final()]);
    return { wrapped: Buffer.concat([iv, cipher.getAuthTag(), ct]), kekId: this.currentId };
  }

  unwrap(caseId: string, wrapped: Buffer, kekId: string): Buffer {
    const kek = this.byId.get(kekId);
    if (!kek) throw new KeyEncryptionKeyUnavailable(kekId);
    const decipher = createDecipheriv('aes-256-gcm', kek, wrapped.subarray(0, 12));
    decipher.setAAD(Buffer.from(caseId, 'utf8'));
    decipher.setAuthTag(wrapped.subarray(12, 28));
    return ownBuffer(Buffer.concat([decipher.update(wrapped.subarray(28)), decipher.final()]));
  }
}

/**
 * A copy of `bytes` in memory of its own. Small buffers from Buffer.concat/from/allocUnsafe
 * are slices of a shared pool (Buffer.poolSize: 64 KiB in Node 24), and a slice keeps its
 * whole pool alive: unwrapped keys are kept for minutes in the case-key cache, so each
 * one held a 64 KiB pool (heap snapshots of the API under load: the 64 KiB array buffers
 * all retained by cached keys), up to the cache's 20,000 keys × 64 KiB.
 */
export function ownBuffer(bytes: Buffer): Buffer {
  const own = Buffer.allocUnsafeSlow(bytes.length);
  bytes.copy(own);
  return own;
}
