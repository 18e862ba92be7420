import { randomBytes, randomInt, randomUUID } from 'node:crypto';

/** Where the back-office draws its ids and secrets (tests may give their own). */
export interface BackOfficeIds {
  userId(): string;
  /** A session id: 32 random bytes, base64url (the cookie; only its hash is stored). */
  sessionId(): string;
  csrfToken(): string;
  /** 20 random bytes, the RFC 4226 recommended length. */
  totpSecret(): Buffer;
  /** `xxxx-xxxx-xxxx-xxxx` from an alphabet without look-alikes (79 bits: a SHA-256 of it is enough). */
  recoveryCode(): string;
}

const CODE_ALPHABET = 'abcdefghjkmnpqrstuvwxyz23456789';

export const processBackOfficeIds: BackOfficeIds = {
  userId: () => randomUUID(),
  sessionId: () => randomBytes(32).toString('base64url'),
  csrfToken: () => randomBytes(32).toString('base64url'),
  totpSecret: () => randomBytes(20),
  recoveryCode: () => {
    const group = () => Array.from({ length: 4 }, () => CODE_ALPHABET[randomInt(CODE_ALPHABET.length)]).join('');
    return [group(), group(), group(), group()].join('-');
  },
};
