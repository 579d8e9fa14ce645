-- Findings say which engines found them (several when engines agree on an element and criterion),
-- and pages which engines ran on them.
ALTER TABLE "page_results" ADD COLUMN "engines" JSONB NOT NULL DEFAULT '{}';
ALTER TABLE "violations" ADD COLUMN "sources" JSONB NOT NULL DEFAULT '[]';

-- Findings stored before this change were axe-core's.
UPDATE "page_results" SET "engines" = jsonb_build_object("engine", coalesce("engine_version", '')) WHERE "engine" IS NOT NULL;
UPDATE "violations" v SET "sources" = jsonb_build_array(jsonb_build_object('engine', p."engine", 'version', coalesce(p."engine_version", ''), 'ruleId', v."rule_id", 'kind', v."kind"::text))
FROM "page_results" p WHERE p."id" = v."page_result_id" AND p."engine" IS NOT NULL;
