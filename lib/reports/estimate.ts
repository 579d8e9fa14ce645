/**
 * Expected PDF rendering time, for the progress bar while Chromium prints. Figures from
 * `npm run bench:report` on the 2-core development machine (README, "Reports"): a browser start
 * and a one-line report take 1.4–1.7 s; a 500-page session's report took 5–6 s.
 */
export function estimatePdfSeconds(pages: number): number {
  return Math.max(3, Math.ceil(2 + pages * 0.008));
}
