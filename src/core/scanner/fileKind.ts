import type { FileKind } from './types';

/** Guesses the kind of a file from its name; detectors use it to read the text's context. */
export function fileKindOf(fileName: string): FileKind {
  const base = fileName.replace(/\\/g, '/').split('/').pop()?.toLowerCase() ?? '';
  if (base === '.env' || base.startsWith('.env.') || base.endsWith('.env') || base === '.envrc') return 'env';
  if (base === 'dockerfile' || base.startsWith('dockerfile.') || base.endsWith('.dockerfile') || base === 'containerfile') return 'dockerfile';
  if (/^(docker-)?compose(\.[\w-]+)?\.ya?ml$/.test(base)) return 'compose';
  if (base.endsWith('.tfvars') || base.endsWith('.tfvars.json')) return 'tfvars';
  if (base.endsWith('.tf') || base.endsWith('.hcl')) return 'terraform';
  if (base.endsWith('.yaml') || base.endsWith('.yml')) return 'yaml';
  if (base.endsWith('.json') || base.endsWith('.jsonc')) return 'json';
  if (base.endsWith('.http') || base.endsWith('.rest')) return 'http';
  if (/\.(sh|bash|zsh|fish|ps1|bat|cmd)$/.test(base) || /^\.(bash|zsh)rc$|^\.profile$/.test(base)) return 'shell';
  if (/\.(js|mjs|cjs|jsx|ts|mts|cts|tsx|py|go|java|kt|rb|php|cs|rs|swift|scala|groovy|ipynb)$/.test(base)) return 'code';
  return 'other';
}
