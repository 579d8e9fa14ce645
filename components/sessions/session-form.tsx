"use client";

import { Button } from "@/components/ui/button";
import { CheckboxField, SelectField, TextAreaField, TextField } from "@/components/ui/field";
import { FormErrorSummary } from "@/components/ui/form-error-summary";
import { useFormAction } from "@/components/ui/use-form-action";
import type { FormState } from "@/lib/forms";
import { CHECK_CATALOG } from "@/lib/scans/checks/catalog";
import { SWITCHABLE_ENGINES } from "@/lib/scans/engines/catalog";
import type { SessionFormValues } from "@/lib/sessions/form";
import { NO_SIGN_IN } from "@/lib/sessions/sign-in-choice";

/** Fields inside the collapsible "Scan settings": it opens when one of them has an error. */
const SCAN_FIELDS = ["viewportWidth", "viewportHeight", "pageTimeoutMs", "settleTimeoutMs", "maxElementScreenshots", "includeBestPractices", "engines", "checks"];

const APPROACH_OPTIONS = [
  { value: "automated", label: "Automated — scanned by the engine" },
  { value: "manual", label: "Manual — tested by a person" },
  { value: "hybrid", label: "Hybrid — scan plus manual review" },
];
const VERSION_OPTIONS = [
  { value: "2.2", label: "WCAG 2.2" },
  { value: "2.1", label: "WCAG 2.1" },
];
const LEVEL_OPTIONS = [
  { value: "A", label: "Level A" },
  { value: "AA", label: "Level AA" },
  { value: "AAA", label: "Level AAA" },
];

export function SessionForm({
  action,
  initial,
  labels,
  submitLabel,
  site,
  authConfigs,
  projectDefault,
}: {
  action: (state: FormState, formData: FormData) => Promise<FormState>;
  initial: SessionFormValues;
  labels: Record<string, string>;
  submitLabel: string;
  site: string;
  authConfigs: Array<{ id: string; name: string }>;
  /** The project's default auth config, used when the session names none. */
  projectDefault: { id: string; name: string } | null;
}) {
  const { state, formAction, pending, values, errors, formKey } = useFormAction(action, initial);
  return (
    <form key={formKey} action={formAction} noValidate>
      <FormErrorSummary message={state.message} fieldErrors={state.fieldErrors} labels={labels} />
      {values.expectedUpdatedAt ? <input type="hidden" name="expectedUpdatedAt" value={values.expectedUpdatedAt} /> : null}
      <TextField label={labels.name!} name="name" required defaultValue={values.name} error={errors.name} autoComplete="off" maxLength={200} />
      <TextAreaField label={labels.description!} name="description" rows={3} defaultValue={values.description} error={errors.description} />
      <div className="grid gap-x-4 sm:grid-cols-3">
        <SelectField label={labels.approach!} name="approach" options={APPROACH_OPTIONS} defaultValue={values.approach} error={errors.approach} />
        <SelectField label={labels.wcagVersion!} name="wcagVersion" options={VERSION_OPTIONS} defaultValue={values.wcagVersion} error={errors.wcagVersion} />
        <SelectField label={labels.wcagLevel!} name="wcagLevel" options={LEVEL_OPTIONS} defaultValue={values.wcagLevel} error={errors.wcagLevel} />
      </div>
      <TextAreaField
        label={labels.scopeUrls!}
        name="scopeUrls"
        rows={6}
        defaultValue={values.scopeUrls}
        error={errors.scopeUrls}
        hint={`One absolute URL per line, on ${site}. Leave empty to crawl from a start URL instead.`}
        spellCheck={false}
      />
      <fieldset className="mb-4 min-w-0 rounded-md border border-slate-300 p-4">
        <legend className="px-1 text-sm font-semibold">Crawl (optional)</legend>
        <div className="grid gap-x-4 sm:grid-cols-2">
          <TextField label={labels.startUrl!} name="startUrl" type="url" defaultValue={values.startUrl} error={errors.startUrl} autoComplete="off" hint="Links are followed from here, within the site." />
          <TextField label={labels.maxPages!} name="maxPages" type="number" inputMode="numeric" min={1} defaultValue={values.maxPages} error={errors.maxPages} hint="Default 50." />
          <TextField label={labels.maxDepth!} name="maxDepth" type="number" inputMode="numeric" min={0} defaultValue={values.maxDepth} error={errors.maxDepth} hint="Clicks away from the start URL. Default 3." />
        </div>
        <div className="grid gap-x-4 sm:grid-cols-2">
          <TextAreaField label={labels.include!} name="include" rows={3} defaultValue={values.include} error={errors.include} spellCheck={false} hint={<>One pattern per line; <code>*</code> matches anything, a leading <code>/</code> matches the path (e.g. <code>/docs/*</code>).</>} />
          <TextAreaField label={labels.exclude!} name="exclude" rows={3} defaultValue={values.exclude} error={errors.exclude} spellCheck={false} hint={<>One pattern per line; these win over the ones to include (e.g. <code>*.pdf</code>).</>} />
        </div>
        <CheckboxField label={labels.useSitemap!} name="useSitemap" checked={values.useSitemap !== "off"} error={errors.useSitemap} />
        <CheckboxField label={labels.respectRobotsTxt!} name="respectRobotsTxt" checked={values.respectRobotsTxt !== "off"} error={errors.respectRobotsTxt} />
      </fieldset>
      <details className="mb-4 rounded-md border border-slate-300 p-4" open={SCAN_FIELDS.some((field) => errors[field]) || undefined}>
        <summary className="cursor-pointer text-sm font-semibold">Scan settings</summary>
        <div className="mt-3 grid gap-x-4 sm:grid-cols-2">
          <TextField label={labels.viewportWidth!} name="viewportWidth" type="number" inputMode="numeric" min={320} max={3840} defaultValue={values.viewportWidth} error={errors.viewportWidth} hint="320 to 3840. Default 1280." />
          <TextField label={labels.viewportHeight!} name="viewportHeight" type="number" inputMode="numeric" min={240} max={2160} defaultValue={values.viewportHeight} error={errors.viewportHeight} hint="240 to 2160. Default 800." />
          <TextField label={labels.pageTimeoutMs!} name="pageTimeoutMs" type="number" inputMode="numeric" min={1000} max={120000} defaultValue={values.pageTimeoutMs} error={errors.pageTimeoutMs} hint="1,000 to 120,000. Default 30,000 (30 s)." />
          <TextField label={labels.settleTimeoutMs!} name="settleTimeoutMs" type="number" inputMode="numeric" min={0} max={30000} defaultValue={values.settleTimeoutMs} error={errors.settleTimeoutMs} hint="After the page loaded, for content loaded by scripts. 0 to 30,000. Default 3,000." />
          <TextField label={labels.maxElementScreenshots!} name="maxElementScreenshots" type="number" inputMode="numeric" min={0} max={100} defaultValue={values.maxElementScreenshots} error={errors.maxElementScreenshots} hint="0 to 100. Default 10." />
        </div>
        <CheckboxField label={labels.includeBestPractices!} name="includeBestPractices" checked={values.includeBestPractices === "on"} error={errors.includeBestPractices} />
        <fieldset className="mb-4 min-w-0">
          <legend className="text-sm font-semibold">{labels.engines}</legend>
          <p className="mb-2 text-sm text-slate-700">axe-core always runs; each page is loaded once and every engine checks it. Each finding says which engines found it.</p>
          {errors.engines ? <p className="mb-2 text-sm text-red-700">{errors.engines.join(" ")}</p> : null}
          {SWITCHABLE_ENGINES.map((engine) => (
            <CheckboxField key={engine.id} label={engine.name} name={`engine-${engine.id}`} checked={values[`engine-${engine.id}`] === "on"} hint={engine.description} />
          ))}
        </fieldset>
        {CHECK_CATALOG.length > 0 ? (
          <fieldset className="mb-4 min-w-0">
            <legend className="text-sm font-semibold">{labels.checks}</legend>
            <p className="mb-2 text-sm text-slate-700">Clearsight&apos;s own checks, for what the engines do not catch.</p>
            {errors.checks ? <p className="mb-2 text-sm text-red-700">{errors.checks.join(" ")}</p> : null}
            {CHECK_CATALOG.map((check) => (
              <CheckboxField
                key={check.id}
                label={check.name}
                name={`check-${check.id}`}
                checked={values[`check-${check.id}`] === "on"}
                hint={`${check.description} WCAG ${check.wcagCriteria.join(", ")}.`}
              />
            ))}
          </fieldset>
        ) : null}
      </details>
      <SelectField
        label={labels.authConfigId!}
        name="authConfigId"
        options={[
          { value: "", label: projectDefault ? `The project's default — ${projectDefault.name}` : "The project's default — none set, pages are scanned signed out" },
          { value: NO_SIGN_IN, label: "None — scan signed out, even if the project has a default" },
          ...authConfigs.map((config) => ({ value: config.id, label: config.name })),
        ]}
        defaultValue={values.authConfigId}
        error={errors.authConfigId}
        hint="How the scanner signs in before testing: once per worker, then every page is scanned signed in (and marked so). If sign-in fails, the scan stops with the reason and no page is scored. Admins manage auth configs."
      />
      <Button type="submit" disabled={pending}>
        {pending ? "Saving…" : submitLabel}
      </Button>
    </form>
  );
}
