// What Rust last said each row holds (its "base"): the rows of an opened document, the answer
// of every save, and every row the change feed delivers. A save sends only the fields that
// differ from the base, each with the version it was read at, so a save made on a screen that
// is behind never writes back fields it did not change (docs/ui-rpc.md, "row.patch").

import type { EntityName, Lang, Meta } from "../backend/types";
import { ENTITY_TABLES } from "../backend/types";
import type { RawMap } from "./api";
import { parseNumber } from "./number";

/** A stored row as the UI receives it: fields, bookkeeping and versions. */
export type StoredRow = { id: string } & Partial<Meta> & Record<string, unknown>;

export interface SaveCall {
  method: string;
  params: unknown;
}

const META_KEYS = new Set(["created_at", "updated_at", "updated_by", "deleted", "versions"]);

const bases = new Map<string, StoredRow>();
const listeners = new Map<string, Set<() => void>>();

const keyOf = (entity: string, id: string) => `${entity}:${id}`;

/** The last stored version of a row, if Rust has given it. */
export function getBase(entity: EntityName, id: string): StoredRow | undefined {
  return bases.get(keyOf(entity, id));
}

/** Records what Rust said a row holds; `null`: the row is gone. */
export function setBase(entity: EntityName, id: string, row: StoredRow | null): void {
  const k = keyOf(entity, id);
  if (row) bases.set(k, row);
  else bases.delete(k);
  listeners.get(k)?.forEach((l) => l());
}

/** Calls `cb` whenever the base of a row changes. Returns an unsubscribe. */
export function onBase(entity: EntityName, id: string, cb: () => void): () => void {
  const k = keyOf(entity, id);
  let set = listeners.get(k);
  if (!set) listeners.set(k, (set = new Set()));
  set.add(cb);
  return () => {
    set.delete(cb);
    if (set.size === 0) listeners.delete(k);
  };
}

/** Forgets every base (another data folder, a restore). */
export function clearBases(): void {
  bases.clear();
}

export function deepEqual(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (a === null || b === null || typeof a !== "object" || typeof b !== "object") {
    // A field absent on one side and null on the other are the same value.
    return (a ?? null) === (b ?? null);
  }
  if (Array.isArray(a) !== Array.isArray(b)) return false;
  const ka = Object.keys(a as object);
  const kb = Object.keys(b as object);
  const keys = new Set([...ka, ...kb]);
  for (const k of keys) {
    if (!deepEqual((a as Record<string, unknown>)[k], (b as Record<string, unknown>)[k])) return false;
  }
  return true;
}

/** The data fields of a stored row (without bookkeeping and versions). */
export function dataOf(row: object): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(row)) if (!META_KEYS.has(k)) out[k] = v;
  return out;
}

/** The save of a row a form built whole: `row.create` when Rust has never stored it, else a
 * `row.patch` of the fields that differ from its base (and of every number whose text does not
 * parse, so Rust answers its field error), with the version of each. `null`: nothing changed. */
export function rowSave(entity: EntityName, row: { id: string }, raw: RawMap, lang: Lang): SaveCall | null {
  const base = row.id ? getBase(entity, row.id) : undefined;
  const data = dataOf(row);
  if (!base) return { method: "row.create", params: { entity, row: data, raw } };
  const fields: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(data)) {
    if (k !== "id" && !deepEqual(v, base[k])) fields[k] = v;
  }
  for (const [path, r] of Object.entries(raw)) {
    const top = path.split(".")[0];
    const p = parseNumber(r.text, lang);
    if (!(top in fields) && (!p.ok || (r.required && p.value === null))) fields[top] = data[top];
  }
  const names = Object.keys(fields);
  if (names.length === 0) return null;
  const versions: Record<string, string | undefined> = base.versions ?? {};
  const baseOf: Record<string, string> = {};
  for (const k of names) {
    const v = versions[k] ?? versions["*"];
    if (v) baseOf[k] = v;
  }
  const rawOut: RawMap = {};
  for (const [path, r] of Object.entries(raw)) if (path.split(".")[0] in fields) rawOut[path] = r;
  return { method: "row.patch", params: { entity, id: row.id, fields, raw: rawOut, base: baseOf } };
}

/** The rows of an assessment document, by entity (the document lists each child entity under
 * its table's name). */
export function documentRows(doc: Record<string, unknown>): [EntityName, StoredRow][] {
  const out: [EntityName, StoredRow][] = [];
  for (const [entity, table] of Object.entries(ENTITY_TABLES) as [EntityName, string][]) {
    const v = doc[entity] ?? doc[table];
    if (Array.isArray(v)) for (const r of v as StoredRow[]) out.push([entity, r]);
    else if (v && typeof v === "object") out.push([entity, v as StoredRow]);
  }
  return out;
}

/** Records every row of an opened document as its base. */
export function noteDocument(doc: object): void {
  for (const [entity, row] of documentRows(doc as Record<string, unknown>)) setBase(entity, row.id, row);
}

/** The cached copy of a row brought in step with a newer stored version: each field the UI
 * has not changed since `old` (the previous base) takes the new value; a field with an edit
 * not yet saved keeps it. */
export function mergeRow(cached: StoredRow | undefined, old: StoredRow | undefined, next: StoredRow): StoredRow {
  if (!cached || !old) return next;
  const out: StoredRow = { ...next };
  for (const [k, v] of Object.entries(dataOf(cached))) {
    if (!deepEqual(v, old[k])) out[k] = v;
  }
  return out;
}
