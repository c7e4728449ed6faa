type Child = Node | string | undefined | false;

/**
 * Creates an element with attributes and children. `true` sets a boolean attribute, `false` and
 * `undefined` omit it. Text children become text nodes, so nothing here ever parses HTML.
 */
export function el<K extends keyof HTMLElementTagNameMap>(
  tag: K,
  attributes: Record<string, string | number | boolean | undefined> = {},
  ...children: Child[]
): HTMLElementTagNameMap[K] {
  const element = document.createElement(tag);
  for (const [name, value] of Object.entries(attributes)) {
    if (value === undefined || value === false) continue;
    element.setAttribute(name, value === true ? '' : String(value));
  }
  for (const child of children) {
    if (child === undefined || child === false) continue;
    element.append(child);
  }
  return element;
}

/** Shows or hides an element with the `hidden` attribute (the stylesheet keeps `[hidden]` hidden). */
export function setHidden(element: HTMLElement, hidden: boolean): void {
  element.hidden = hidden;
}
