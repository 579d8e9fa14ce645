/**
 * What the live catalog must contain, derived from the Prisma schema's DMMF: tables, columns
 * (PostgreSQL type as `format_type` prints it, nullability), primary keys, unique and plain
 * indexes, foreign keys and enums. Names of indexes and constraints are not compared: objects
 * are matched by what they cover, so a renamed index is not reported as missing.
 */
import { loadDatamodel, SCHEMA_PATH, type Datamodel, type DmmfField, type DmmfModel } from "./dmmf";

export type ExpectedColumn = { name: string; type: string; nullable: boolean };

export type ExpectedIndex = { columns: string[]; descending: boolean[]; unique: boolean; primary: boolean };

export type ReferentialAction = "CASCADE" | "RESTRICT" | "NO ACTION" | "SET NULL" | "SET DEFAULT";

export type ExpectedForeignKey = {
  columns: string[];
  referencedTable: string;
  referencedColumns: string[];
  onDelete: ReferentialAction;
  onUpdate: ReferentialAction;
};

export type ExpectedTable = {
  name: string;
  model: string;
  columns: ExpectedColumn[];
  primaryKey: string[];
  indexes: ExpectedIndex[];
  foreignKeys: ExpectedForeignKey[];
};

export type ExpectedEnum = { name: string; values: string[] };

/** Tables are listed parents first, so inserting in this order satisfies every foreign key. */
export type ExpectedSchema = { tables: ExpectedTable[]; enums: ExpectedEnum[] };

const SCALAR_TYPES: Record<string, string> = {
  String: "text",
  Int: "integer",
  BigInt: "bigint",
  Float: "double precision",
  Decimal: "numeric(65,30)",
  Boolean: "boolean",
  DateTime: "timestamp(3) without time zone",
  Json: "jsonb",
  Bytes: "bytea",
};

function nativeTypeName(name: string, args: string[]): string {
  const withArgs = (base: string) => (args.length > 0 ? `${base}(${args.join(",")})` : base);
  switch (name) {
    case "Text": return "text";
    case "Uuid": return "uuid";
    case "Integer": return "integer";
    case "SmallInt": return "smallint";
    case "BigInt": return "bigint";
    case "Real": return "real";
    case "DoublePrecision": return "double precision";
    case "Boolean": return "boolean";
    case "JsonB": return "jsonb";
    case "Json": return "json";
    case "ByteA": return "bytea";
    case "Date": return "date";
    case "Xml": return "xml";
    case "Inet": return "inet";
    case "Citext": return "citext";
    case "Money": return "money";
    case "Oid": return "oid";
    case "VarChar": return withArgs("character varying");
    case "Char": return withArgs("character");
    case "Bit": return withArgs("bit");
    case "VarBit": return withArgs("bit varying");
    case "Decimal": return withArgs("numeric");
    case "Timestamp": return `timestamp(${args[0] ?? "3"}) without time zone`;
    case "Timestamptz": return `timestamp(${args[0] ?? "3"}) with time zone`;
    case "Time": return `time(${args[0] ?? "3"}) without time zone`;
    case "Timetz": return `time(${args[0] ?? "3"}) with time zone`;
    default: return name.toLowerCase();
  }
}

function columnType(field: DmmfField, enumNames: Map<string, string>): string {
  let base: string;
  if (field.kind === "enum") base = enumNames.get(field.type) ?? field.type;
  else if (field.nativeType) base = nativeTypeName(field.nativeType[0], field.nativeType[1]);
  else base = SCALAR_TYPES[field.type] ?? field.type.toLowerCase();
  return field.isList ? `${base}[]` : base;
}

const ACTIONS: Record<string, ReferentialAction> = {
  Cascade: "CASCADE",
  Restrict: "RESTRICT",
  NoAction: "NO ACTION",
  SetNull: "SET NULL",
  SetDefault: "SET DEFAULT",
};

function tableName(model: DmmfModel): string {
  return model.dbName ?? model.name;
}

function sortByDependencies(tables: ExpectedTable[]): ExpectedTable[] {
  const byName = new Map(tables.map((table) => [table.name, table]));
  const sorted: ExpectedTable[] = [];
  const state = new Map<string, "visiting" | "done">();
  const visit = (table: ExpectedTable) => {
    if (state.get(table.name)) return;
    state.set(table.name, "visiting");
    for (const key of table.foreignKeys) {
      const parent = byName.get(key.referencedTable);
      // A self-reference or cycle cannot be ordered away; the first table seen goes first.
      if (parent && parent !== table && state.get(parent.name) !== "visiting") visit(parent);
    }
    state.set(table.name, "done");
    sorted.push(table);
  };
  tables.forEach(visit);
  return sorted;
}

export function buildExpectedSchema(datamodel: Datamodel): ExpectedSchema {
  const enumNames = new Map(datamodel.enums.map((item) => [item.name, item.dbName ?? item.name]));
  const models = new Map(datamodel.models.map((model) => [model.name, model]));
  const columnName = (model: DmmfModel, fieldName: string) => {
    const field = model.fields.find((candidate) => candidate.name === fieldName);
    return field?.dbName ?? fieldName;
  };

  const tables = datamodel.models.map((model): ExpectedTable => {
    const scalarFields = model.fields.filter((field) => field.kind === "scalar" || field.kind === "enum");
    const columns = scalarFields.map((field) => ({
      name: field.dbName ?? field.name,
      type: columnType(field, enumNames),
      // Prisma creates scalar-list columns without NOT NULL, whatever the field says.
      nullable: !field.isRequired || field.isList,
    }));
    const indexes = datamodel.indexes
      .filter((index) => index.model === model.name && index.type !== "fulltext")
      .map((index) => ({
        columns: index.fields.map((field) => columnName(model, field.name)),
        descending: index.fields.map((field) => field.sortOrder === "desc"),
        unique: index.type !== "normal",
        primary: index.type === "id",
      }));
    const primaryKey = indexes.find((index) => index.primary)?.columns ?? [];
    const foreignKeys = model.fields
      .filter((field) => field.kind === "object" && (field.relationFromFields?.length ?? 0) > 0)
      .map((field): ExpectedForeignKey => {
        const target = models.get(field.type)!;
        const optional = !field.isRequired;
        return {
          columns: field.relationFromFields!.map((name) => columnName(model, name)),
          referencedTable: tableName(target),
          referencedColumns: field.relationToFields!.map((name) => columnName(target, name)),
          onDelete: ACTIONS[field.relationOnDelete ?? (optional ? "SetNull" : "Restrict")] ?? "NO ACTION",
          onUpdate: ACTIONS[field.relationOnUpdate ?? "Cascade"] ?? "NO ACTION",
        };
      });
    return { name: tableName(model), model: model.name, columns, primaryKey, indexes, foreignKeys };
  });

  return {
    tables: sortByDependencies(tables),
    enums: datamodel.enums.map((item) => ({
      name: item.dbName ?? item.name,
      values: item.values.map((value) => value.dbName ?? value.name),
    })),
  };
}

const expectedCache = new Map<string, ExpectedSchema>();

export function loadExpectedSchema(schemaPath = SCHEMA_PATH): ExpectedSchema {
  let expected = expectedCache.get(schemaPath);
  if (!expected) {
    expected = buildExpectedSchema(loadDatamodel(schemaPath));
    expectedCache.set(schemaPath, expected);
  }
  return expected;
}
