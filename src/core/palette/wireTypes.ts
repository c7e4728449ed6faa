/**
 * Palette REST payloads exactly as they travel on the wire (the `v1*` definitions of Spectro
 * Cloud's published Swagger spec for the Palette API). Only the client's mapping module and the emulator use these; the rest of
 * the code works with the domain types in `src/core/keys/`.
 */

/** RFC 3339 timestamp (`v1Time`). */
export type V1Time = string;

export interface V1ObjectMeta {
  name?: string;
  uid?: string;
  annotations?: Record<string, string>;
  labels?: Record<string, string>;
  creationTimestamp?: V1Time;
  lastModifiedTimestamp?: V1Time;
  deletionTimestamp?: V1Time;
}

export interface V1ApiKeyUser {
  uid?: string;
  firstName?: string;
  lastName?: string;
}

export interface V1ApiKey {
  metadata?: V1ObjectMeta;
  spec?: { expiry?: V1Time; user?: V1ApiKeyUser; key?: string };
  status?: { isActive?: boolean };
}

export interface V1ApiKeys {
  items: V1ApiKey[];
}

/** Body of `POST /v1/apiKeys`. */
export interface V1ApiKeyEntity {
  metadata: { name: string; annotations?: Record<string, string> };
  spec: { expiry: V1Time; userUid?: string };
}

/** Answer to `POST /v1/apiKeys` (201): the only time the key value is ever returned. */
export interface V1ApiKeyCreateResponse {
  apiKey?: string;
  uid?: string;
}

/** Body of `PUT /v1/apiKeys/{uid}`. */
export interface V1ApiKeyUpdate {
  metadata: { name: string; annotations?: Record<string, string> };
  spec: { expiry: V1Time };
}

/** Body of `PUT /v1/apiKeys/{uid}/state` (and the older `PATCH /v1/apiKeys/{uid}`). */
export interface V1ApiKeyActiveState {
  isActive: boolean;
}

export interface V1UserInfo {
  userUid?: string;
  tenantUid?: string;
  orgName?: string;
}

export interface V1User {
  metadata?: V1ObjectMeta;
  spec?: { emailId?: string; firstName?: string; lastName?: string; roles?: string[] };
  status?: { isActive?: boolean; lastSignIn?: V1Time; activationLink?: string; isPasswordResetting?: boolean };
}

export interface V1ListMetaData {
  continue?: string;
  count?: number;
  limit?: number;
  offset?: number;
}

export interface V1Users {
  items: V1User[];
  listmeta?: V1ListMetaData;
}

/** Body of `POST /v1/auth/authenticate`. */
export interface V1AuthLogin {
  emailId: string;
  password: string;
  org?: string;
}

/** Answer to `POST /v1/auth/authenticate` and `GET /v1/auth/refresh/{token}`. */
export interface V1UserToken {
  Authorization?: string;
  isMfa?: boolean;
}

/** Palette's error body, sent with every 4xx/5xx. */
export interface V1Error {
  code?: string;
  message?: string;
  ref?: string;
  details?: unknown;
}

/** Annotation keys Palette uses on API keys. */
export const API_KEY_ANNOTATIONS = {
  description: 'description',
  ownerUid: 'ownerUid',
  scope: 'scope',
  tenantUid: 'tenantUid',
} as const;
