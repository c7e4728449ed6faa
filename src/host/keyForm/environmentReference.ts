/**
 * The text "Insert environment reference" puts at the cursor: a reference to the environment
 * variable that should hold the key, never the key itself. Kept deliberately small: shell-like
 * files get `$NAME`, PowerShell `$env:NAME`, Makefiles `$(NAME)`, and everything else VS Code's
 * own `${env:NAME}` (what settings.json, launch.json and tasks.json understand).
 */
export function environmentReference(languageId: string, envVarName: string): string {
  switch (languageId) {
    case 'shellscript':
    case 'dockerfile':
    case 'dotenv':
    case 'yaml': // CI `run:` steps are shell; Docker Compose interpolates `$NAME` too
      return `$${envVarName}`;
    case 'powershell':
      return `$env:${envVarName}`;
    case 'makefile':
      return `$(${envVarName})`;
    default:
      return `\${env:${envVarName}}`;
  }
}

/** Environment variable names the reveal may offer: portable POSIX-style names only. */
export function isEnvironmentVariableName(name: string): boolean {
  return /^[A-Za-z_][A-Za-z0-9_]{0,127}$/.test(name);
}
