import { type KeyObject, createHmac, createPrivateKey, createPublicKey, generateKeyPairSync, sign, verify } from 'node:crypto';
import { chmodSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';

/**
 * Per-run Ed25519 keys. The private key is a file outside the database (DIR/.kaizen/keys/<runId>.key, mode 0600, or
 * under KAIZEN_KEY_DIR): whoever can only edit the database cannot re-sign a chain they rewrote.
 */

/** Where a database's run keys live: KAIZEN_KEY_DIR, else `keys/` beside the database; null for in-memory stores. */
export function keyDirFor(dbPath: string, explicit?: string): string | null {
  const dir = explicit ?? process.env.KAIZEN_KEY_DIR;
  if (dir) return dir;
  return dbPath === ':memory:' ? null : join(dirname(dbPath), 'keys');
}

export function keyFile(dir: string, runId: string): string {
  if (!/^[\w.-]+$/.test(runId)) throw new Error(`run id ${JSON.stringify(runId)} cannot name a key file`);
  return join(dir, `${runId}.key`);
}

/** Creates a run's key pair; writes the private key when a directory is given. Returns both (public key as SPKI PEM). */
export function createRunKey(dir: string | null, runId: string): { privateKey: KeyObject; publicKeyPem: string } {
  const { privateKey, publicKey } = generateKeyPairSync('ed25519');
  if (dir) {
    mkdirSync(dir, { recursive: true, mode: 0o700 });
    const file = keyFile(dir, runId);
    writeFileSync(file, privateKey.export({ type: 'pkcs8', format: 'pem' }), { mode: 0o600, flag: 'wx' });
    chmodSync(file, 0o600); // the umask may have widened it
  }
  return { privateKey, publicKeyPem: publicKey.export({ type: 'spki', format: 'pem' }).toString() };
}

export function loadRunKey(dir: string | null, runId: string): KeyObject | null {
  if (!dir) return null;
  const file = keyFile(dir, runId);
  if (!existsSync(file)) return null;
  return createPrivateKey(readFileSync(file));
}

export function publicKeyOf(privateKey: KeyObject): string {
  return createPublicKey(privateKey).export({ type: 'spki', format: 'pem' }).toString();
}

export function signMessage(privateKey: KeyObject, message: Buffer): string {
  return sign(null, message, privateKey).toString('base64');
}

export function verifyMessage(publicKeyPem: string, message: Buffer, signature: string): boolean {
  try {
    return verify(null, message, createPublicKey(publicKeyPem), Buffer.from(signature, 'base64'));
  } catch {
    return false;
  }
}

/** A secret for one purpose derived from a run's private key (HMAC-SHA256 over its PKCS#8 bytes). */
export function deriveSecret(privateKey: KeyObject, purpose: string): Buffer {
  return createHmac('sha256', privateKey.export({ type: 'pkcs8', format: 'der' }))
    .update(`kaizen.secret.${purpose}`)
    .digest();
}
