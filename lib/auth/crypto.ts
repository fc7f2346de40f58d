import { createHash, randomBytes } from 'node:crypto';

/** 32 random bytes, base64url: 256 bits, so a plain SHA-256 is enough to store it safely. */
export const randomToken = (bytes = 32) => randomBytes(bytes).toString('base64url');

export const sha256 = (value: string) => createHash('sha256').update(value).digest('hex');
