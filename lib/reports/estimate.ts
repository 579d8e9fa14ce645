/**
 * Expected PDF rendering time, for the progress bar while Chromium prints. Figures from
 * `npm run bench:report` on the 2-core development machine (README, "Reports"): a browser start
 * and an empty report take about 2 s, each scanned page adds about 6 ms.
 */
export function estimatePdfSeconds(pages: number): number {
  return Math.max(3, Math.ceil(2 + pages * 0.006));
}
