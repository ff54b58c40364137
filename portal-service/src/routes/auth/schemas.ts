import { z } from 'zod';

// Generous upper bounds: long passphrases are welcome, megabyte bodies are not.
export const LoginBody = z.strictObject({
  email: z.string().trim().min(3).max(320),
  password: z.string().min(1).max(4096),
});

export const TotpBody = z.union([
  z.strictObject({ code: z.string().min(1).max(16) }),
  z.strictObject({ recoveryCode: z.string().min(1).max(64) }),
]);

export const EnrollConfirmBody = z.strictObject({ code: z.string().min(1).max(16) });

export const EnrollmentBody = z.strictObject({
  token: z.string().regex(/^[A-Za-z0-9_-]{43}$/, 'must be the token from your enrollment link'),
  password: z.string().min(1).max(4096),
});

export const NextStep = z.object({ next: z.enum(['totp', 'enroll']), csrfToken: z.string() });
export const SignedIn = z.object({ signedIn: z.literal(true), csrfToken: z.string(), expiresAt: z.string() });
export const EnrollStart = z.object({ otpauthUri: z.string(), qrSvgDataUrl: z.string(), secret: z.string() });
export const EnrollConfirmed = SignedIn.extend({ recoveryCodes: z.array(z.string()).length(10) });
