import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { PageHeader } from "@/components/ui/page-header";
import { TestRequirementList, W3cNotice } from "@/components/wcag/test-requirements";
import { requirePageUser } from "@/lib/auth/page";
import { getCriterion } from "@/lib/wcag/criteria";
import { getCriterionTests, TEST_REQUIREMENTS_LICENSE, TEST_REQUIREMENTS_SOURCE } from "@/lib/wcag/test-requirements";

export async function generateMetadata({ params }: { params: Promise<{ criterion: string }> }): Promise<Metadata> {
  const criterion = getCriterion(decodeURIComponent((await params).criterion));
  return { title: criterion ? `${criterion.id} ${criterion.title}: test requirements` : "Criterion not found" };
}

export default async function WcagCriterionPage({ params }: { params: Promise<{ criterion: string }> }) {
  await requirePageUser("results:read");
  const id = decodeURIComponent((await params).criterion);
  const criterion = getCriterion(id);
  const tests = getCriterionTests(id);
  if (!criterion || !tests) notFound();
  return (
    <>
      <PageHeader
        title={`${criterion.id} ${criterion.title}`}
        description={
          <>
            {criterion.level ? `Level ${criterion.level}` : "Obsolete in WCAG 2.2"} · {criterion.guideline} · since WCAG {criterion.since} ·{" "}
            <a href={criterion.understanding}>Understanding {criterion.id} at W3C</a>
          </>
        }
      />
      <p className="mb-6">
        <Link href="/wcag">All success criteria</Link>
      </p>
      <section aria-labelledby="tests-title" className="rounded-lg border border-slate-300 bg-white p-6">
        <h2 id="tests-title" className="mb-2 text-xl font-semibold">
          W3C test requirements
        </h2>
        <TestRequirementList tests={tests} />
        <W3cNotice source={TEST_REQUIREMENTS_SOURCE} license={TEST_REQUIREMENTS_LICENSE} />
      </section>
    </>
  );
}
