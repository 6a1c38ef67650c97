import type { AxeResults } from "axe-core";

/** The few element properties the page functions read. */
export interface BrowserElement {
  readonly textContent: string | null;
  getBoundingClientRect(): { readonly height: number };
}

/**
 * The few browser globals the page functions use. The project compiles without the DOM lib (src
 * must not use it), so page functions reach them through `globalThis as unknown as BrowserGlobals`.
 */
export interface BrowserGlobals {
  readonly document: {
    readonly body: BrowserElement;
    readonly documentElement: BrowserElement & { readonly scrollWidth: number };
    querySelectorAll(selector: string): Iterable<BrowserElement>;
  };
  readonly innerWidth: number;
  getComputedStyle(element: unknown): {
    readonly maxWidth: string;
    readonly fontFamily: string;
    readonly lineHeight: string;
    readonly textDecorationLine: string;
    readonly backgroundColor: string;
  };
  /** Present once axe-core's script is injected. */
  readonly axe: { run(): Promise<AxeResults> };
}
