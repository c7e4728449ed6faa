/**
 * The API key domain model. Built from wire payloads by `src/core/palette/mapping.ts` (the only
 * place that knows REST field names) and used by everything above the client. A key value is
 * never part of it: Palette returns a value once, at creation, and the service hands it back
 * separately.
 */

export interface KeyOwner {
  uid: string;
  firstName: string;
  lastName: string;
  /** "First Last", or the uid when Palette sent no names. */
  displayName: string;
}

export interface ApiKey {
  uid: string;
  name: string;
  /** Empty when the key has none. */
  description: string;
  expiry: Date;
  /** False once revoked. */
  isActive: boolean;
  owner: KeyOwner;
  createdAt?: Date;
  lastModifiedAt?: Date;
  tenantUid?: string;
  scope?: string;
}

export interface PaletteUser {
  uid: string;
  /** Empty when Palette sent none. */
  email: string;
  firstName: string;
  lastName: string;
  /** "First Last", else the email, else the uid. */
  displayName: string;
  roles: string[];
  isActive: boolean;
}

export interface CurrentUser {
  userUid: string;
  tenantUid: string;
  orgName: string;
  /** True when the caller may list tenant users (and so manage every key in the tenant). */
  isTenantAdmin: boolean;
}

/** The plain, JSON-safe shape scripted commands return for a key. */
export interface PlainKey {
  uid: string;
  name: string;
  description: string;
  /** ISO 8601, UTC. */
  expiry: string;
  isActive: boolean;
  owner: { uid: string; name: string };
}

/** Converts a key to the object scripted commands return. Copies fields one by one so nothing else (ever a value) leaks out. */
export function toPlainKey(key: ApiKey): PlainKey {
  return {
    uid: key.uid,
    name: key.name,
    description: key.description,
    expiry: key.expiry.toISOString(),
    isActive: key.isActive,
    owner: { uid: key.owner.uid, name: key.owner.displayName },
  };
}
