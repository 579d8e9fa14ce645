/**
 * W3C test requirements of one criterion: each sufficient or failure technique with its
 * procedure and expected results, optionally with a checkbox to tick it off (inside a form).
 */
import type { CriterionTests, TestRequirement } from "@/lib/wcag/test-requirements";

function techniqueHref(requirement: Pick<TestRequirement, "technique" | "technology">): string {
  return `https://www.w3.org/WAI/WCAG22/Techniques/${requirement.technology}/${requirement.technique}`;
}

function Requirement({ requirement, checkable, checked }: { requirement: TestRequirement; checkable: boolean; checked: boolean }) {
  const headingId = `req-${requirement.id}`;
  return (
    <li className="rounded-md border border-slate-300 p-4">
      <h4 id={headingId} className="font-semibold">
        {requirement.kind === "failure" ? "Failure " : ""}
        {requirement.technique}: {requirement.title}
      </h4>
      {requirement.situations?.length ? <p className="text-sm text-slate-700">{requirement.situations.join(" · ")}</p> : null}
      {requirement.applicability ? <p className="mt-1 text-sm">When to use: {requirement.applicability}</p> : null}
      {requirement.procedure.length > 0 ? (
        <>
          <p className="mt-2 text-sm font-semibold">Procedure</p>
          <ul className="list-none text-sm">
            {requirement.procedure.map((line, index) => (
              <li key={index}>{line}</li>
            ))}
          </ul>
        </>
      ) : null}
      {requirement.expected.length > 0 ? (
        <>
          <p className="mt-2 text-sm font-semibold">Expected results</p>
          <ul className="list-none text-sm">
            {requirement.expected.map((line, index) => (
              <li key={index}>{line}</li>
            ))}
          </ul>
        </>
      ) : null}
      <p className="mt-2 text-sm">
        <a href={techniqueHref(requirement)}>
          Technique {requirement.technique} at W3C<span className="sr-only"> (for {requirement.id})</span>
        </a>
      </p>
      {checkable ? (
        <p className="mt-2">
          <label className="inline-flex min-h-11 items-center gap-2 font-semibold">
            <input type="checkbox" name="requirements" value={requirement.id} defaultChecked={checked} className="size-5" aria-describedby={headingId} />
            Checked {requirement.technique}
          </label>
        </p>
      ) : null}
    </li>
  );
}

export function TestRequirementList({ tests, checked, checkable = false }: { tests: CriterionTests; checked?: readonly string[]; checkable?: boolean }) {
  const ticked = new Set(checked ?? []);
  const sufficient = tests.requirements.filter((requirement) => requirement.kind === "sufficient");
  const failures = tests.requirements.filter((requirement) => requirement.kind === "failure");
  return (
    <div className="[overflow-wrap:anywhere]">
      {tests.requirements.length === 0 ? <p>W3C lists no technique with a test procedure for this criterion; judge it against the criterion&apos;s wording.</p> : null}
      {sufficient.length > 0 ? (
        <>
          <h3 className="mt-4 mb-2 text-lg font-semibold">Sufficient techniques ({sufficient.length})</h3>
          <ul className="flex flex-col gap-3">
            {sufficient.map((requirement) => (
              <Requirement key={requirement.id} requirement={requirement} checkable={checkable} checked={ticked.has(requirement.id)} />
            ))}
          </ul>
        </>
      ) : null}
      {failures.length > 0 ? (
        <>
          <h3 className="mt-4 mb-2 text-lg font-semibold">Common failures ({failures.length})</h3>
          <ul className="flex flex-col gap-3">
            {failures.map((requirement) => (
              <Requirement key={requirement.id} requirement={requirement} checkable={checkable} checked={ticked.has(requirement.id)} />
            ))}
          </ul>
        </>
      ) : null}
      {tests.actRules.length > 0 ? (
        <>
          <h3 className="mt-4 mb-2 text-lg font-semibold">ACT rules ({tests.actRules.length})</h3>
          <ul className="list-disc pl-5">
            {tests.actRules.map((rule) => (
              <li key={rule.id}>
                <a href={rule.url}>{rule.title}</a>
                {rule.deprecated ? " (deprecated)" : rule.proposed ? " (proposed)" : ""}
              </li>
            ))}
          </ul>
        </>
      ) : null}
    </div>
  );
}

export function W3cNotice({ source, license }: { source: string; license: string }) {
  return (
    <p className="mt-6 text-sm [overflow-wrap:anywhere] text-slate-700">
      {license} Source: {source}
    </p>
  );
}
