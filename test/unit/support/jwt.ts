/** An unsigned JWT-shaped token with the given claims (the client never verifies signatures). */
export function makeJwt(claims: Record<string, unknown>, signature = 'c2lnbmF0dXJl'): string {
  const encode = (value: unknown): string => Buffer.from(JSON.stringify(value)).toString('base64url');
  return `${encode({ alg: 'HS256', typ: 'JWT' })}.${encode(claims)}.${signature}`;
}
