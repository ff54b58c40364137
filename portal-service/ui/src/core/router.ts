/**
 * History-API routing for the single page. After each navigation the page
 * title changes and focus moves to the new page's heading, so screen-reader
 * and keyboard users land where sighted users look.
 */

export interface RouteContext {
  params: Readonly<Record<string, string>>;
  query: URLSearchParams;
  path: string;
}

export interface Rendered {
  title: string;
  node: Node;
}

export interface Route {
  path: string;
  render(ctx: RouteContext): Promise<Rendered> | Rendered;
}

type Matcher = { route: Route; regex: RegExp; names: string[] };

export class Router {
  private readonly matchers: Matcher[];
  private current = 0;

  constructor(
    routes: readonly Route[],
    private readonly outlet: HTMLElement,
    private readonly fallback: Route,
    private readonly appTitle: string,
    /** Shown when a page fails in an unexpected way: plain words, nothing internal. */
    private readonly failure: () => Rendered,
  ) {
    this.matchers = routes.map((route) => {
      const names: string[] = [];
      const pattern = route.path.replace(/:([a-zA-Z]+)/g, (_m, name: string) => {
        names.push(name);
        return '([^/]+)';
      });
      return { route, names, regex: new RegExp(`^${pattern}/?$`) };
    });
  }

  start(): void {
    window.addEventListener('popstate', () => void this.render());
    document.addEventListener('click', (event) => this.intercept(event));
    void this.render();
  }

  navigate(to: string, opts: { replace?: boolean } = {}): void {
    if (opts.replace) history.replaceState(null, '', to);
    else history.pushState(null, '', to);
    void this.render();
  }

  /** Same-origin links navigate in place; modified clicks and downloads keep browser behaviour. */
  private intercept(event: MouseEvent): void {
    if (event.defaultPrevented || event.button !== 0 || event.metaKey || event.ctrlKey || event.shiftKey || event.altKey) return;
    const anchor = (event.target as Element | null)?.closest('a');
    if (!anchor || anchor.target || anchor.hasAttribute('download')) return;
    const url = new URL(anchor.href, location.href);
    if (url.origin !== location.origin || url.pathname.startsWith('/api/')) return;
    // In-page links (skip link, error summary) keep the browser's own jump and focus.
    if (url.pathname === location.pathname && url.search === location.search && url.hash) return;
    event.preventDefault();
    this.navigate(url.pathname + url.search + url.hash);
  }

  async render(): Promise<void> {
    const ticket = ++this.current;
    const path = location.pathname;
    let route = this.fallback;
    const params: Record<string, string> = {};
    for (const m of this.matchers) {
      const found = m.regex.exec(path);
      if (!found) continue;
      route = m.route;
      m.names.forEach((name, i) => (params[name] = decodeURIComponent(found[i + 1] ?? '')));
      break;
    }
    this.outlet.setAttribute('aria-busy', 'true');
    let rendered: Rendered;
    try {
      rendered = await route.render({ params, query: new URLSearchParams(location.search), path });
    } catch {
      rendered = this.failure();
    }
    // A slower earlier navigation must not overwrite a newer one.
    if (ticket !== this.current) return;
    this.outlet.replaceChildren(rendered.node);
    this.outlet.removeAttribute('aria-busy');
    document.title = `${rendered.title} · ${this.appTitle}`;
    focusHeading(this.outlet);
  }
}

export function focusHeading(container: HTMLElement): void {
  const heading = container.querySelector<HTMLElement>('h1');
  const target = heading ?? container;
  target.setAttribute('tabindex', '-1');
  target.focus({ preventScroll: false });
}
