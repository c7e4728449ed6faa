import { environmentReference } from '../../core/scanner/environmentReference';

/** A file name of the kind a language id stands for, for documents whose own name says nothing (untitled). */
const FILE_NAME_OF_LANGUAGE: Readonly<Record<string, string>> = {
  shellscript: 'script.sh',
  dotenv: '.env',
  dockerfile: 'Dockerfile',
  dockercompose: 'compose.yaml',
  powershell: 'script.ps1',
  bat: 'script.bat',
  makefile: 'Makefile',
  http: 'request.http',
};

/**
 * The text "Insert environment reference" puts at the cursor: a reference to the environment
 * variable that should hold the key, never the key itself. The syntax is the scanner's quick fix's
 * (core `environmentReference`), by file name and then by language; anywhere else VS Code's own
 * `${env:NAME}` (what settings.json, launch.json and tasks.json understand).
 */
export function insertableReference(fileName: string, languageId: string, envVarName: string): string {
  const byLanguage = FILE_NAME_OF_LANGUAGE[languageId];
  return environmentReference(fileName, envVarName)
    ?? (byLanguage ? environmentReference(byLanguage, envVarName) : undefined)
    ?? `\${env:${envVarName}}`;
}

/** Environment variable names the reveal may offer: portable POSIX-style names only. */
export function isEnvironmentVariableName(name: string): boolean {
  return /^[A-Za-z_][A-Za-z0-9_]{0,127}$/.test(name);
}
