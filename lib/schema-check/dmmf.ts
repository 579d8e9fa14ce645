/**
 * The Prisma schema's DMMF (models, fields, native types, indexes, relations), read offline.
 *
 * The generated client only carries a stripped runtime data model (no nullability, native
 * types or indexes) and @prisma/internals is not a dependency, so this loads the schema
 * WebAssembly module that the installed `prisma` package ships for its own `getDMMF` and calls
 * its `get_dmmf` export through a minimal wasm-bindgen binding. The binding resolves imports
 * by prefix, so a Prisma upgrade that renames the hashed glue functions keeps working; the
 * schema-check tests fail loudly if the module's interface changes.
 */
import fs from "node:fs";
import path from "node:path";

export const SCHEMA_PATH = path.join(process.cwd(), "prisma", "schema.prisma");
const WASM_PATH = path.join(process.cwd(), "node_modules", "prisma", "build", "prisma_schema_build_bg.wasm");

export type DmmfField = {
  name: string;
  dbName?: string | null;
  kind: "scalar" | "enum" | "object" | "unsupported";
  isList: boolean;
  isRequired: boolean;
  isId: boolean;
  isUnique: boolean;
  isUpdatedAt: boolean;
  hasDefaultValue: boolean;
  type: string;
  nativeType?: [string, string[]] | null;
  relationFromFields?: string[];
  relationToFields?: string[];
  relationOnDelete?: string;
  relationOnUpdate?: string;
};

export type DmmfModel = {
  name: string;
  dbName: string | null;
  schema: string | null;
  fields: DmmfField[];
  primaryKey: { name: string | null; fields: string[] } | null;
};

export type DmmfIndex = {
  model: string;
  type: "id" | "unique" | "normal" | "fulltext";
  dbName?: string | null;
  algorithm?: string;
  fields: Array<{ name: string; sortOrder?: "asc" | "desc" }>;
};

export type DmmfEnum = { name: string; dbName: string | null; values: Array<{ name: string; dbName: string | null }> };

export type Datamodel = { models: DmmfModel[]; enums: DmmfEnum[]; indexes: DmmfIndex[] };

type WasmExports = {
  memory: WebAssembly.Memory;
  get_dmmf: (pointer: number, length: number) => [number, number, number, number];
  __wbindgen_malloc: (size: number, align: number) => number;
  __wbindgen_free: (pointer: number, size: number, align: number) => void;
  __wbindgen_start: () => void;
  __wbindgen_externrefs: WebAssembly.Table;
};

const cache = new Map<string, Datamodel>();

function instantiateSchemaWasm(): WasmExports {
  const wasmModule = new WebAssembly.Module(fs.readFileSync(WASM_PATH));
  const decoder = new TextDecoder("utf-8", { fatal: true });
  // The imports below call back into the instance they belong to, so they reach it through this.
  const instance: { exports?: WasmExports } = {};
  const readString = (pointer: number, length: number) =>
    decoder.decode(new Uint8Array(instance.exports!.memory.buffer).subarray(pointer, pointer + length));

  const bindings: Record<string, (...args: number[]) => unknown> = {};
  for (const { name } of WebAssembly.Module.imports(wasmModule)) {
    if (name.startsWith("__wbg_Error_")) bindings[name] = (pointer, length) => new Error(readString(pointer!, length!));
    else if (name.startsWith("__wbg___wbindgen_throw_")) {
      bindings[name] = (pointer, length) => {
        throw new Error(readString(pointer!, length!));
      };
    } else if (name.startsWith("__wbg_set_message_")) bindings[name] = () => undefined;
    else if (name === "__wbindgen_init_externref_table") {
      bindings[name] = () => {
        const table = instance.exports!.__wbindgen_externrefs;
        const offset = table.grow(4);
        table.set(0, undefined);
        table.set(offset, undefined);
        table.set(offset + 1, null);
        table.set(offset + 2, true);
        table.set(offset + 3, false);
      };
    } else throw new Error(`The Prisma schema WebAssembly module needs an unknown import ${name}; update lib/schema-check/dmmf.ts.`);
  }
  const exports = new WebAssembly.Instance(wasmModule, { __wbindgen_placeholder__: bindings }).exports as unknown as WasmExports;
  instance.exports = exports;
  exports.__wbindgen_start();
  return exports;
}

function computeDmmf(schemaText: string): Datamodel {
  const wasm = instantiateSchemaWasm();
  const input = new TextEncoder().encode(JSON.stringify({ prismaSchema: [["schema.prisma", schemaText]] }));
  const pointer = wasm.__wbindgen_malloc(input.length, 1);
  new Uint8Array(wasm.memory.buffer).set(input, pointer);
  const [resultPointer, resultLength, errorIndex, failed] = wasm.get_dmmf(pointer, input.length);
  if (failed) {
    const error = wasm.__wbindgen_externrefs.get(errorIndex) as unknown;
    throw new Error(`The Prisma schema is invalid: ${error instanceof Error ? error.message : String(error)}`);
  }
  const text = new TextDecoder().decode(new Uint8Array(wasm.memory.buffer).subarray(resultPointer, resultPointer + resultLength));
  wasm.__wbindgen_free(resultPointer, resultLength, 1);
  return (JSON.parse(text) as { datamodel: Datamodel }).datamodel;
}

/** The datamodel of a schema file; computed once per process and file. */
export function loadDatamodel(schemaPath = SCHEMA_PATH): Datamodel {
  const cached = cache.get(schemaPath);
  if (cached) return cached;
  const datamodel = computeDmmf(fs.readFileSync(schemaPath, "utf8"));
  cache.set(schemaPath, datamodel);
  return datamodel;
}
