/**
 * The HTML report printed to PDF by the Chromium the product already runs: tagged (accessible)
 * PDF with a document outline from the headings.
 */
import { chromium } from "playwright-core";
import { resolveChromium } from "@/lib/browser/chromium";

export async function renderPdf(html: string, title: string): Promise<Buffer> {
  const launch = await resolveChromium();
  const browser = await chromium.launch({ executablePath: launch.executablePath, args: launch.args, headless: true });
  try {
    const page = await browser.newPage();
    // The report is self-contained; nothing it could reference is fetched while printing.
    await page.route("**/*", (route) => (route.request().url().startsWith("data:") ? route.fallback() : route.abort()));
    await page.setContent(html, { waitUntil: "load" });
    return await page.pdf({
      format: "A4",
      printBackground: true,
      tagged: true,
      outline: true,
      margin: { top: "16mm", bottom: "16mm", left: "14mm", right: "14mm" },
      displayHeaderFooter: true,
      headerTemplate: "<span></span>",
      footerTemplate: `<div style="font-size:8px;width:100%;text-align:center;color:#374151">${title.replace(/[&<>"']/g, "")} · page <span class="pageNumber"></span> of <span class="totalPages"></span></div>`,
    });
  } finally {
    await browser.close();
  }
}
