/** Number formats and Markdown tables shared by the bench's console output and results.md. */

export const MIB = 1024 * 1024;

export const number = (value: number, digits = 0) =>
  value.toLocaleString("en-US", { minimumFractionDigits: digits, maximumFractionDigits: digits });
export const mib = (bytes: number) => `${number(bytes / MIB, 1)} MiB`;
export const seconds = (ms: number) => `${number(ms / 1000, 2)} s`;
export const ratio = (value: number) => (Number.isFinite(value) ? `${number(value, 2)}×` : "–");

// "1,234", "0.50×", "12 %", "3.2 MiB", "200 gzip", "0.51, 0.47", "" or "–": a column to right-align.
const NUMERIC_CELL = /^(?:[-+–]?[\d.,]+(?:, [\d.,]+)*(?: ?[A-Za-zµ%×]+)?|–|\?|)$/u;

/** A Markdown table: numbers right-aligned, words left-aligned, padded as Biome formats it. */
export function table(head: readonly string[], rows: readonly (readonly string[])[]): string {
  const isRight = head.map((_, column) =>
    rows.every((row) => NUMERIC_CELL.test(row[column] ?? "")),
  );
  const widths = head.map((cell, column) =>
    Math.max(3, [...cell].length, ...rows.map((row) => [...(row[column] ?? "")].length)),
  );
  const pad = (cell: string, column: number) => {
    const fill = " ".repeat((widths[column] ?? 0) - [...cell].length);
    return isRight[column] ? fill + cell : cell + fill;
  };
  const rule = widths.map((width, column) =>
    isRight[column] ? `${"-".repeat(width - 1)}:` : "-".repeat(width),
  );
  return [head.map(pad), rule, ...rows.map((row) => row.map(pad))]
    .map((row) => `| ${row.join(" | ")} |`)
    .join("\n");
}
