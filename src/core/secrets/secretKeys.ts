/**
 * Every name this extension uses in secret storage, in one place so that nothing is stored under
 * an ad-hoc string and sign-out can find everything that belongs to a connection.
 */
export const SECRET_KEYS = {
  /** JSON `ConnectionsState`: saved connections (metadata only) and the active one. */
  connections: 'paletteKeys.connections',
  /** JSON `PaletteCredential` of one connection. */
  credential: (connectionId: string) => `paletteKeys.credential.${connectionId}`,
  /** Value of a key this extension created, shown once and kept so the scanner recognises it. */
  keyValue: (connectionId: string, keyUid: string) => `paletteKeys.keyValue.${connectionId}.${keyUid}`,
  /** JSON index of the key values kept for one connection (uids), so they can be listed and removed. */
  keyValueIndex: (connectionId: string) => `paletteKeys.keyValueIndex.${connectionId}`,
  /** JSON list of values the user registered by hand for the scanner. */
  extraKnownValues: 'paletteKeys.extraKnownValues',
  /** Per-installation secret of the keyed hash that fingerprints key values. */
  fingerprintSecret: 'paletteKeys.fingerprintSecret',
} as const;
