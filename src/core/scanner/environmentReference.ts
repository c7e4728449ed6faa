import { fileKindOf } from './fileKind';

/**
 * How a file refers to an environment variable, decided once per kind of file so that every
 * remediation writes the same thing: the "Replace with an environment variable reference" quick
 * fix, rotation's "Update Files" and the form's "Insert environment reference".
 *
 * - `.env`, Dockerfiles, Compose files and POSIX shell scripts: `${NAME}` (braces, so text right
 *   after it cannot change the name; Compose, dotenv-expand and every POSIX shell read it)
 * - PowerShell `$env:NAME`, batch files `%NAME%`, Makefiles `$(NAME)`
 * - `.http` / `.rest` requests `{{$processEnv NAME}}`
 * - GitHub Actions workflows `${{ secrets.NAME }}`, GitLab CI `$NAME`
 * - VS Code's own JSON (settings, launch, tasks, `.code-workspace`) `${env:NAME}`
 *
 * Undefined where the file has no such syntax (other YAML and JSON, Terraform, plain text, code):
 * callers decide what fits there.
 */
export function environmentReference(fileName: string, name: string): string | undefined {
  const path = fileName.replace(/\\/g, '/');
  const base = (path.split('/').pop() ?? '').toLowerCase();
  if (/\.ps1$/.test(base)) return `$env:${name}`;
  if (/\.(bat|cmd)$/.test(base)) return `%${name}%`;
  if (base === 'makefile' || base === 'gnumakefile' || base.endsWith('.mk')) return `$(${name})`;
  switch (fileKindOf(path)) {
    case 'env':
    case 'dockerfile':
    case 'compose':
    case 'shell':
      return `\${${name}}`;
    case 'http':
      return `{{$processEnv ${name}}}`;
    case 'yaml':
      if (/(^|\/)\.github\/workflows\//.test(path)) return `\${{ secrets.${name} }}`;
      if (/^\.gitlab-ci\.ya?ml$/.test(base)) return `$${name}`;
      return undefined;
    case 'json':
      return /(^|\/)\.vscode\/[^/]+\.jsonc?$/.test(path) || base.endsWith('.code-workspace') ? `\${env:${name}}` : undefined;
    default:
      return base.endsWith('.code-workspace') ? `\${env:${name}}` : undefined;
  }
}

/**
 * What stands in for a key where the file has no reference syntax of its own (rotation must still
 * take the value out): `${NAME}`, the form envsubst, dotenv and most config loaders expand.
 */
export function environmentPlaceholder(fileName: string, name: string): string {
  return environmentReference(fileName, name) ?? `\${${name}}`;
}
