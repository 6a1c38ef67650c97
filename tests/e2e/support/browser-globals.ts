import type { AxeResults } from "axe-core";

/**
 * The few browser globals the page functions use. The project compiles without the DOM lib (src
 * must not use it), so page functions reach them through `globalThis as unknown as BrowserGlobals`.
 */
export interface BrowserGlobals {
  readonly document: {
    readonly body: unknown;
    readonly documentElement: { readonly scrollWidth: number };
  };
  readonly innerWidth: number;
  getComputedStyle(element: unknown): { readonly maxWidth: string };
  /** Present once axe-core's script is injected. */
  readonly axe: { run(): Promise<AxeResults> };
}
