import nextVitals from "eslint-config-next/core-web-vitals";
import nextTypescript from "eslint-config-next/typescript";
import tseslint from "typescript-eslint";

const prismaOnlyInLib = {
  patterns: [
    {
      group: ["@/lib/generated/prisma/*", "@prisma/client", "@prisma/client/*", "@/lib/db"],
      message: "Only lib/** data modules talk to the database: call a function in lib/<domain>/ instead.",
    },
  ],
};

export default tseslint.config(
  {
    ignores: [".next/**", "node_modules/**", "lib/generated/**", ".data/**", "tmp/**", "test-results/**", "playwright-report/**", "next-env.d.ts"],
  },
  ...nextVitals,
  ...nextTypescript,
  {
    files: ["**/*.ts", "**/*.tsx"],
    languageOptions: {
      parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname },
    },
    rules: {
      "@typescript-eslint/no-floating-promises": "error",
      "@typescript-eslint/no-misused-promises": ["error", { checksVoidReturn: { attributes: false } }],
      "@typescript-eslint/ban-ts-comment": ["error", { "ts-ignore": true, "ts-nocheck": true, "ts-expect-error": "allow-with-description" }],
      "@typescript-eslint/no-unused-vars": ["error", { argsIgnorePattern: "^_", varsIgnorePattern: "^_", destructuredArrayIgnorePattern: "^_" }],
      "eslint-comments/no-unlimited-disable": "off",
    },
  },
  {
    files: ["app/**", "components/**"],
    rules: { "no-restricted-imports": ["error", prismaOnlyInLib] },
  },
  {
    // Tests: `process.env` set-up and non-null assertions on fixtures are fine.
    files: ["**/*.test.ts", "e2e/**", "tests/**"],
    // Playwright fixtures receive a `use` callback, which is not React's hook.
    rules: { "@typescript-eslint/no-non-null-assertion": "off", "react-hooks/rules-of-hooks": "off" },
  },
);
