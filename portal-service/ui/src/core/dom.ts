/**
 * The one way views build DOM. Text always goes in as text nodes and attributes
 * through setAttribute, never through innerHTML, so nothing a server or a
 * patient typed can become markup or script.
 */
export type Child = Node | string | number | null | undefined | false | readonly Child[];

type Handler = (event: Event) => void;

export interface Props {
  class?: string;
  /** Event listeners by event name. */
  on?: Readonly<Record<string, Handler>>;
  /** Form control state that lives in properties, not attributes. */
  value?: string;
  checked?: boolean;
  [attribute: string]: string | number | boolean | undefined | Readonly<Record<string, Handler>>;
}

function append(parent: Node, child: Child): void {
  if (child === null || child === undefined || child === false) return;
  if (Array.isArray(child)) {
    for (const c of child as readonly Child[]) append(parent, c);
    return;
  }
  parent.appendChild(child instanceof Node ? child : document.createTextNode(String(child)));
}

export function h<K extends keyof HTMLElementTagNameMap>(tag: K, props: Props | null = null, ...children: Child[]): HTMLElementTagNameMap[K] {
  const el = document.createElement(tag);
  if (props) {
    for (const [name, value] of Object.entries(props)) {
      if (value === undefined || value === false) continue;
      if (name === 'on') {
        for (const [event, handler] of Object.entries(value as Record<string, Handler>)) el.addEventListener(event, handler);
      } else if (name === 'class') {
        el.className = String(value);
      } else if (name === 'value' && 'value' in el) {
        (el as HTMLInputElement).value = String(value);
      } else if (name === 'checked' && 'checked' in el) {
        (el as HTMLInputElement).checked = Boolean(value);
      } else {
        el.setAttribute(name, value === true ? '' : String(value));
      }
    }
  }
  for (const c of children) append(el, c);
  return el;
}

export function replaceChildren(parent: Element, ...children: Child[]): void {
  parent.replaceChildren();
  for (const c of children) append(parent, c);
}

let idCounter = 0;
/** Ids for label/aria wiring; unique for the page's lifetime. */
export function uid(prefix: string): string {
  idCounter += 1;
  return `${prefix}-${idCounter}`;
}
