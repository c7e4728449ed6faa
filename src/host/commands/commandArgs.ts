/**
 * Reading command arguments. A command's `parse` turns its argument into a typed request with
 * these; anything malformed is refused with a message that names the argument (never its value,
 * which could be a credential), before the command does anything.
 */
export class InvalidArgumentError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'InvalidArgumentError';
  }
}

export type ScriptArgs = Readonly<Record<string, unknown>>;

/** True for a plain object passed by a script, keybinding or test; false for tree nodes and URIs. */
export function isScriptArgs(arg: unknown): arg is ScriptArgs {
  if (typeof arg !== 'object' || arg === null || Array.isArray(arg)) return false;
  const proto = Object.getPrototypeOf(arg);
  return proto === Object.prototype || proto === null;
}

export function requiredString(args: ScriptArgs, name: string, maxLength = 4096): string {
  const value = optionalString(args, name, maxLength);
  if (value === undefined || value.trim() === '') throw new InvalidArgumentError(`The "${name}" argument is required.`);
  return value;
}

export function optionalString(args: ScriptArgs, name: string, maxLength = 4096): string | undefined {
  const value = args[name];
  if (value === undefined || value === null) return undefined;
  if (typeof value !== 'string') throw new InvalidArgumentError(`The "${name}" argument must be a string.`);
  if (value.length > maxLength) throw new InvalidArgumentError(`The "${name}" argument is longer than ${maxLength} characters.`);
  return value;
}

export function optionalNumber(args: ScriptArgs, name: string, min: number, max: number): number | undefined {
  const value = args[name];
  if (value === undefined || value === null) return undefined;
  if (typeof value !== 'number' || !Number.isFinite(value) || value < min || value > max) {
    throw new InvalidArgumentError(`The "${name}" argument must be a number from ${min} to ${max}.`);
  }
  return value;
}

export function optionalBoolean(args: ScriptArgs, name: string): boolean | undefined {
  const value = args[name];
  if (value === undefined || value === null) return undefined;
  if (typeof value !== 'boolean') throw new InvalidArgumentError(`The "${name}" argument must be true or false.`);
  return value;
}

/** Destructive scripted calls must say `confirm: true`, so a stray keybinding cannot delete a key. */
export function requireConfirmation(args: ScriptArgs, action: string): void {
  if (args.confirm !== true) throw new InvalidArgumentError(`Pass "confirm: true" to ${action} without a prompt.`);
}
