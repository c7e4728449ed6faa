import * as l10n from '@vscode/l10n';

/** The `<meta>` the host writes the translations into (L10N_META_NAME in src/host/keyForm/keyFormHtml.ts). */
const META_SELECTOR = 'meta[name="palette-l10n"]';

/**
 * Loads the display language's translations the host put in the page, so every `l10n.t` of the
 * webview reads them; with none (English, or a bundle that is not a map of strings) the English
 * text stays.
 */
export function loadTranslations(page: Document): void {
  const text = page.querySelector(META_SELECTOR)?.getAttribute('content');
  if (!text) return;
  try {
    const parsed: unknown = JSON.parse(text);
    if (typeof parsed === 'object' && parsed !== null && !Array.isArray(parsed)
      && Object.values(parsed).every((value) => typeof value === 'string')) {
      l10n.config({ contents: parsed as Record<string, string> });
    }
  } catch {
    // A page without a readable bundle shows English.
  }
}

/**
 * A translated sentence with an element in the place of its `{0}`, so a translation can move the
 * element instead of the page gluing sentence fragments together.
 */
export function sentenceAround(translated: string, node: Node): (string | Node)[] {
  const [before, ...after] = translated.split('{0}');
  return [before, node, after.join('{0}')];
}
