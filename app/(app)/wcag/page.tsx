import type { Metadata } from "next";
import Link from "next/link";
import { PageHeader } from "@/components/ui/page-header";
import { ScrollableTable } from "@/components/ui/scrollable-table";
import { requirePageUser } from "@/lib/auth/page";
import { CRITERIA, CRITERIA_SOURCE } from "@/lib/wcag/criteria";

export const metadata: Metadata = { title: "WCAG 2.2 success criteria" };

const LEVELS = ["A", "AA", "AAA"] as const;

export default async function WcagPage({ searchParams }: { searchParams: Promise<{ level?: string }> }) {
  await requirePageUser("results:read");
  const { level } = await searchParams;
  const chosen = LEVELS.find((value) => value === level);
  const criteria = CRITERIA.filter((criterion) => !chosen || criterion.level === chosen);
  const principles = [...new Set(criteria.map((criterion) => criterion.principle))];

  return (
    <>
      <PageHeader title="WCAG 2.2 success criteria" description={`${criteria.length} criteria${chosen ? ` at level ${chosen}` : ""}, by principle and guideline, with W3C's Understanding pages and test requirements.`} />
      <nav aria-label="Filter by level" className="mb-6">
        <ul className="flex flex-wrap gap-4">
          <li>
            <Link href="/wcag" aria-current={chosen ? undefined : "page"}>
              All levels
            </Link>
          </li>
          {LEVELS.map((value) => (
            <li key={value}>
              <Link href={`/wcag?level=${value}`} aria-current={chosen === value ? "page" : undefined}>
                Level {value}
              </Link>
            </li>
          ))}
        </ul>
      </nav>
      {principles.map((principle) => {
        const inPrinciple = criteria.filter((criterion) => criterion.principle === principle);
        const guidelines = [...new Set(inPrinciple.map((criterion) => criterion.guideline))];
        return (
          <section key={principle} aria-labelledby={`principle-${principle}`} className="mb-8">
            <h2 id={`principle-${principle}`} className="mb-3 text-xl font-semibold">
              {principle}
            </h2>
            {guidelines.map((guideline) => {
              const id = `guideline-${guideline.split(" ")[0]}`;
              return (
                <div key={guideline} className="mb-6">
                  <h3 id={id} className="mb-2 text-lg font-semibold">
                    Guideline {guideline}
                  </h3>
                  <ScrollableTable labelledBy={id} columns={[{ label: "Criterion" }, { label: "Level" }, { label: "Since" }, { label: "Understanding" }, { label: "Test requirements" }]}>
                    {inPrinciple
                      .filter((criterion) => criterion.guideline === guideline)
                      .map((criterion) => (
                        <tr key={criterion.id} className="border-t border-slate-200">
                          <th scope="row" className="px-3 py-2 font-normal">
                            {criterion.id} {criterion.title}
                          </th>
                          <td className="px-3 py-2">{criterion.level || "Obsolete"}</td>
                          <td className="px-3 py-2">WCAG {criterion.since}</td>
                          <td className="px-3 py-2">
                            <a href={criterion.understanding}>
                              Understanding<span className="sr-only"> {criterion.id}</span>
                            </a>
                          </td>
                          <td className="px-3 py-2">
                            <Link href={`/wcag/${criterion.id}`}>
                              Test requirements<span className="sr-only"> for {criterion.id}</span>
                            </Link>
                          </td>
                        </tr>
                      ))}
                  </ScrollableTable>
                </div>
              );
            })}
          </section>
        );
      })}
      <p className="text-sm text-slate-700">
        Source: {CRITERIA_SOURCE}. WCAG text is W3C material, Copyright © World Wide Web Consortium, under the{" "}
        <a href="https://www.w3.org/Consortium/Legal/copyright-documents">W3C Document License</a>.
      </p>
    </>
  );
}
