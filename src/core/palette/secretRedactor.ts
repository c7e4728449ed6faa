const PLACEHOLDER = '[redacted]';

/**
 * Secrets shorter than this are replaced only where they stand alone (not inside a longer word):
 * replacing them everywhere would mangle ordinary words, but a short password is still a password.
 */
const MIN_SECRET_LENGTH = 6;

/** Anything shaped like a JWT (three base64url segments, the first two JSON objects). */
const JWT_PATTERN = /\beyJ[A-Za-z0-9_-]{4,}\.[A-Za-z0-9_-]{4,}\.[A-Za-z0-9_-]*/g;

/** Palette key values are 32 letters and digits; a server echoing one must not reach the UI. */
const API_KEY_SHAPE = /\b[A-Za-z0-9]{32}\b/g;

/**
 * Scrubs known secret values (the API key, password, current JWT) and secret-shaped tokens from
 * text that came from outside (server messages) before it goes into an error message.
 */
export class SecretRedactor {
  private readonly secrets = new Set<string>();
  private readonly shortSecrets = new Set<string>();

  /** Remembers a value that must never appear in output. */
  add(secret: string | undefined): void {
    if (!secret) return;
    // A server may echo the value JSON-escaped or URL-encoded.
    for (const form of variants(secret)) (form.length < MIN_SECRET_LENGTH ? this.shortSecrets : this.secrets).add(form);
  }

  remove(secret: string | undefined): void {
    if (!secret) return;
    for (const form of variants(secret)) {
      this.secrets.delete(form);
      this.shortSecrets.delete(form);
    }
  }

  redact(text: string): string {
    let out = text;
    // Longest first, so a secret containing another is replaced whole.
    for (const secret of [...this.secrets].sort((a, b) => b.length - a.length)) {
      out = out.split(secret).join(PLACEHOLDER);
    }
    for (const secret of [...this.shortSecrets].sort((a, b) => b.length - a.length)) {
      out = out.replace(new RegExp(`(?<![A-Za-z0-9])${escapeRegExp(secret)}(?![A-Za-z0-9])`, 'g'), PLACEHOLDER);
    }
    return out.replace(JWT_PATTERN, PLACEHOLDER).replace(API_KEY_SHAPE, PLACEHOLDER);
  }
}

function variants(secret: string): string[] {
  return [secret, JSON.stringify(secret).slice(1, -1), encodeURIComponent(secret)];
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
