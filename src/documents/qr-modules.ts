/** Quiet zone around the symbol, in modules, as required by ISO/IEC 18004. */
export const QR_QUIET_ZONE = 4;

/** A QR symbol as a square of modules, whatever made it. */
export interface QrMatrix {
  version: number;
  /** Number of modules per side, without the quiet zone. */
  size: number;
  isDark(row: number, col: number): boolean;
}

/** Horizontal runs of dark modules, per row: [row, startCol, length]. */
export function darkRuns(matrix: QrMatrix): Array<[number, number, number]> {
  const runs: Array<[number, number, number]> = [];
  for (let row = 0; row < matrix.size; row++) {
    let col = 0;
    while (col < matrix.size) {
      if (!matrix.isDark(row, col)) {
        col++;
        continue;
      }
      const start = col;
      while (col < matrix.size && matrix.isDark(row, col)) col++;
      runs.push([row, start, col - start]);
    }
  }
  return runs;
}
