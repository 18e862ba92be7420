import { z } from 'zod';
import { MAX_PASSWORD_LENGTH } from '../security/password-hash.js';

export const MIN_PASSWORD_LENGTH = 12;

/** A new password: 12 to 200 characters (any, spaces included: pass phrases are welcome), not the e-mail. */
export const newPassword = z
  .string({ error: 'required' })
  .min(1, { error: 'required' })
  .min(MIN_PASSWORD_LENGTH, { error: 'password-too-short' })
  .max(MAX_PASSWORD_LENGTH, { error: 'too-long' });

export const passwordIsEmail = (password: string, email: string) =>
  password.trim().toLowerCase() === email.toLowerCase();
