/** Shards of a `FingerprintSet`: 28,000 fingerprints (a full 1 MiB ignore file) make 1,800 a shard. */
const SHARDS = 16;

/**
 * A set of finding fingerprints, kept as sixteen small sets chosen by the last character (a hex
 * digit). One set of thousands of entries outgrows V8's regular heap pages (128 KiB) and each
 * larger table it grows into costs fresh pages: building one of 18,000 fingerprints took 6-8 ms,
 * sixteen shards 2.5-3. Iterates shard by shard, not in the order of adding.
 */
export class FingerprintSet implements ReadonlySet<string> {
  private readonly shards: Set<string>[] = Array.from({ length: SHARDS }, () => new Set<string>());

  static of(fingerprints: Iterable<string>): FingerprintSet {
    const set = new FingerprintSet();
    for (const fingerprint of fingerprints) set.add(fingerprint);
    return set;
  }

  add(fingerprint: string): this {
    this.shardOf(fingerprint).add(fingerprint);
    return this;
  }

  has(value: string): boolean {
    return this.shardOf(value).has(value);
  }

  get size(): number {
    return this.shards.reduce((total, shard) => total + shard.size, 0);
  }

  *values(): IterableIterator<string> {
    for (const shard of this.shards) yield* shard;
  }

  keys(): IterableIterator<string> {
    return this.values();
  }

  *entries(): IterableIterator<[string, string]> {
    for (const value of this.values()) yield [value, value];
  }

  forEach(callback: (value: string, key: string, set: ReadonlySet<string>) => void, thisArg?: unknown): void {
    for (const value of this.values()) callback.call(thisArg, value, value, this);
  }

  [Symbol.iterator](): IterableIterator<string> {
    return this.values();
  }

  private shardOf(value: string): Set<string> {
    // `& 15` of any code (NaN for '', which gives 0) is a shard: `has` may be asked about any string.
    return this.shards[value.charCodeAt(value.length - 1) & (SHARDS - 1)];
  }
}
