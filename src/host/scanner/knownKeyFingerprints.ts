import * as vscode from 'vscode';
import { fingerprintKeyValue } from '../../core/scanner/fingerprint';
import { createKnownKeyIndex, type KnownKeyFingerprint, type KnownKeyIndex } from '../../core/scanner/knownKeyIndex';
import type { FileScanConfig } from '../../core/scanner/files/scanConfig';
import type { SecretStore } from '../../core/secrets/secretStore';
import type { KnownValues } from '../knownValues';
import { Disposable } from '../lifecycle';
import { loadFingerprintSecret } from './fingerprintSecret';

/** What the scanner remembers of a known value: where it came from, never the value. */
export interface KnownKeyOrigin {
  readonly id: string;
  readonly connectionId?: string;
  readonly keyUid?: string;
}

/**
 * HMAC fingerprints of every value `KnownValues` holds, rebuilt when it changes. Values are hashed
 * and dropped at once: the index, the worker config and every finding carry fingerprints and ids only.
 */
export class KnownKeyFingerprints extends Disposable {
  private readonly changed = this._register(new vscode.EventEmitter<void>());
  /** Fires after a rebuild; findings made before it may name stale ids. */
  readonly onDidChange = this.changed.event;
  private secret: Uint8Array | undefined;
  private fingerprints: readonly KnownKeyFingerprint[] = [];
  private origins = new Map<string, KnownKeyOrigin>();
  private indexValue: KnownKeyIndex | undefined;
  private rebuilding: Promise<void> = Promise.resolve();
  private versionValue = 0;

  constructor(private readonly knownValues: KnownValues, private readonly secrets: SecretStore) {
    super();
    this._register(knownValues.onDidChange(() => void this.rebuild()));
  }

  /** The index for `scanText`, or undefined while nothing is known. */
  get index(): KnownKeyIndex | undefined {
    return this.indexValue;
  }

  /** Bumped on every rebuild, so workers started with older fingerprints can be replaced. */
  get version(): number {
    return this.versionValue;
  }

  /** The known keys as plain data for scan workers (fingerprints and the secret, no values). */
  get workerConfig(): FileScanConfig['knownKeys'] {
    return this.secret && this.fingerprints.length > 0 ? { hmacSecret: this.secret, fingerprints: this.fingerprints } : undefined;
  }

  origin(id: string): KnownKeyOrigin | undefined {
    return this.origins.get(id);
  }

  /** Resolves once the fingerprints reflect the values `KnownValues` holds now. */
  whenReady(): Promise<void> {
    return this.rebuilding;
  }

  /** Rebuilds from the current values; rebuilds run one after another. */
  rebuild(): Promise<void> {
    this.rebuilding = this.rebuilding.then(() => this.build(), () => this.build());
    return this.rebuilding;
  }

  private async build(): Promise<void> {
    this.secret ??= await loadFingerprintSecret(this.secrets);
    const secret = this.secret;
    const fingerprints: KnownKeyFingerprint[] = [];
    const origins = new Map<string, KnownKeyOrigin>();
    for (const known of this.knownValues.all) {
      fingerprints.push({ id: known.id, fingerprint: fingerprintKeyValue(secret, known.value) });
      origins.set(known.id, {
        id: known.id,
        ...(known.connectionId !== undefined ? { connectionId: known.connectionId } : {}),
        ...(known.keyUid !== undefined ? { keyUid: known.keyUid } : {}),
      });
    }
    this.fingerprints = fingerprints;
    this.origins = origins;
    this.indexValue = fingerprints.length > 0 ? createKnownKeyIndex(secret, fingerprints) : undefined;
    this.versionValue++;
    this.changed.fire();
  }
}
