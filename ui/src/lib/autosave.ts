// A react-hook-form form that saves itself: every change is checked at once (zod) for an
// instant message, and queued for saving (debounced). Rust validates every save again — it is
// the judge: an invalid row is refused there, nothing is written, and Rust's field errors
// replace the instant ones on the fields they name.

import { zodResolver } from "@hookform/resolvers/zod";
import { useCallback, useEffect, useRef } from "react";
import type { DefaultValues, FieldValues, Path, UseFormReturn } from "react-hook-form";
import { useForm } from "react-hook-form";
import type { z } from "zod";
import type { ApiError, EntityName, Lang } from "../backend/types";
import type { RawMap } from "./api";
import { applyFieldErrors, errorAt, localValidationError, serverErrorNames } from "./errors";
import type { SaveCall } from "./rowBase";
import { deepEqual, rowSave } from "./rowBase";
import * as queue from "./saveQueue";

export type { SaveCall };

/** A whole row as the form would have it, with its typed numbers (see `withRaw`). */
export interface RowBuild {
  row: { id: string };
  raw: RawMap;
}

export interface AutosaveOptions<V extends FieldValues, R> {
  /** Queue key: one per row, stable for the life of the row. */
  saveKey: string;
  defaultValues: V;
  schema: z.ZodType<V>;
  /** The save call for valid values; for a form over a stored row (`row` set), the whole row
   * as the form would have it, sent as a patch of what differs from the row as stored. */
  build: (values: V) => SaveCall | RowBuild;
  /** The row this form edits: its entity, the cached copy it shows (which changes when the row
   * changes underneath) and the form values of a copy. Fields the user has not changed follow
   * the copy; a field being typed in keeps its text. */
  row?: { entity: EntityName; source: object | undefined; toValues: (source: object | undefined) => V; lang: Lang };
  onSaved?: (result: R, values: V) => void;
  onError?: (error: ApiError) => void;
  /** Save on every change (default) or only through `save()`. */
  autosave?: boolean;
  /** Whether the values may be saved at all yet (e.g. a checklist item not answered). */
  ready?: (values: V) => boolean;
  delayMs?: number;
  /** A different delay for some fields (e.g. 0 for a clicked answer). */
  delayFor?: (field: string) => number | undefined;
}

export interface AutosaveForm<V extends FieldValues, R> {
  form: UseFormReturn<V>;
  /** Checks and saves now; resolves to the stored row, or null when a check failed. */
  save: () => Promise<R | null>;
  /** Queues a save of the current values, as an edit does (e.g. after removing a row of a
   * field array). */
  saveSoon: () => void;
}

function zodIssues(schema: z.ZodType, values: unknown): { field: string; code: string }[] {
  const r = schema.safeParse(values);
  if (r.success) return [];
  return r.error.issues.map((i) => ({
    field: i.path.map(String).join("."),
    code: i.message,
  }));
}

export function useAutosaveForm<V extends FieldValues, R = unknown>(
  opts: AutosaveOptions<V, R>,
): AutosaveForm<V, R> {
  const form = useForm<V>({
    defaultValues: opts.defaultValues as DefaultValues<V>,
    mode: "onChange",
    // The values are plain texts; the schema checks them without changing them.
    resolver: zodResolver(opts.schema as never) as never,
  });
  const optsRef = useRef(opts);
  optsRef.current = opts;
  // The values of the row copy the form was last brought in step with, and whether the form
  // is being brought in step now (which is not an edit and saves nothing).
  const shown = useRef<V | null>(null);
  const merging = useRef(false);

  const handleError = useCallback(
    (err: ApiError) => {
      if (err.code === "VALIDATION_FAILED") {
        applyFieldErrors(err, (name, e) => form.setError(name as Path<V>, e));
      }
      optsRef.current.onError?.(err);
    },
    [form],
  );

  const getFieldState = useCallback(
    (name: string) => errorAt(form.formState.errors, name),
    [form],
  );

  /** The call that saves the row as the form has it now (`null`: nothing differs). */
  const prepareRow = useCallback((values: V): SaveCall | null => {
    const o = optsRef.current;
    const c = o.build(values);
    if (!("row" in c)) return c;
    if (!o.row) throw new Error("a form that builds rows needs `row`");
    return rowSave(o.row.entity, c.row, c.raw, o.row.lang);
  }, []);

  const request = useCallback(
    (values: V): queue.SaveRequest<R> | null => {
      const o = optsRef.current;
      if (o.ready && !o.ready(values)) return null;
      const issues = zodIssues(o.schema, values);
      // Say at once what is wrong, also for fields not touched yet (e.g. a title still empty
      // while the investment is typed); the save still goes to Rust, which refuses it with
      // its own field errors.
      for (const i of issues) {
        if (!getFieldState(i.field)) form.setError(i.field as Path<V>, { type: "local", message: i.code });
      }
      let c: SaveCall | RowBuild;
      try {
        c = o.build(values);
      } catch {
        queue.block(o.saveKey, localValidationError(issues));
        return null;
      }
      if ("row" in c) {
        // Built again when sent, from the form and the stored row as they are then.
        return {
          method: "",
          params: null,
          prepare: () => prepareRow(form.getValues()),
          onSaved: (r: R | null) => {
            if (r === null) return;
            form.clearErrors(serverErrorNames(form.formState.errors) as Path<V>[]);
            optsRef.current.onSaved?.(r, values);
          },
          onError: handleError,
        };
      }
      return {
        method: c.method,
        params: c.params,
        onSaved: (r: R | null) => {
          if (r === null) return;
          form.clearErrors(serverErrorNames(form.formState.errors) as Path<V>[]);
          optsRef.current.onSaved?.(r, values);
        },
        onError: handleError,
      };
    },
    [handleError, form, getFieldState, prepareRow],
  );

  // The row changed underneath (a sync pull, an import, another window, or this form's own
  // save coming back): every field the user has not changed since follows it.
  const source = opts.row?.source;
  useEffect(() => {
    const r = optsRef.current.row;
    if (!r) return;
    const next = r.toValues(r.source);
    const prev = shown.current;
    shown.current = next;
    if (!prev) return;
    merging.current = true;
    try {
      for (const k of Object.keys(next) as Path<V>[]) {
        const was = (prev as Record<string, unknown>)[k];
        const now = (next as Record<string, unknown>)[k];
        if (!deepEqual(now, was) && deepEqual(form.getValues(k), was)) {
          form.setValue(k, now as never, { shouldDirty: false });
        }
      }
    } finally {
      merging.current = false;
    }
  }, [source, form]);

  useEffect(() => {
    const sub = form.watch((_v, info) => {
      const o = optsRef.current;
      if (merging.current || o.autosave === false || !info.name) return;
      const req = request(form.getValues());
      if (req) queue.schedule(o.saveKey, req, o.delayFor?.(info.name) ?? o.delayMs);
    });
    return () => sub.unsubscribe();
  }, [form, request]);

  // A row that is left keeps its unsent save (the queue outlives it). An edit that was refused
  // is kept too (the header stays "not saved", with a link back), and comes back into the form
  // — and to Rust, which says again what is wrong — when the form is shown again.
  useEffect(() => {
    const key = opts.saveKey;
    // The screen the form is on (by the time it is left, the address is the next screen's).
    const href = window.location.hash;
    const kept = queue.parkedEdit(key);
    if (kept) {
      for (const [k, v] of Object.entries(kept.values)) {
        if (!deepEqual(form.getValues(k as Path<V>), v)) {
          form.setValue(k as Path<V>, v as never, { shouldDirty: true });
        }
      }
      const req = request(form.getValues());
      if (req) queue.schedule(key, req, 0);
    }
    return () => {
      if (queue.refused(key)) {
        queue.park(key, {
          values: form.getValues() as Record<string, unknown>,
          href,
          fields: Object.keys(form.formState.errors),
        });
      }
      queue.forget(key);
    };
    // Only when the form is shown and left (its key), not when its callbacks change.
  }, [opts.saveKey]);

  const save = useCallback(async (): Promise<R | null> => {
    const values = form.getValues();
    const o = optsRef.current;
    if (zodIssues(o.schema, values).length > 0) await form.trigger();
    // Rust decides: an invalid row comes back as VALIDATION_FAILED with its field errors.
    const c = o.build(values);
    const req: queue.SaveRequest<R> =
      "row" in c
        ? { method: "", params: null, prepare: () => prepareRow(form.getValues()) }
        : { method: c.method, params: c.params };
    try {
      const r = await queue.saveNow<R>(o.saveKey, req);
      if (r === null) return null;
      o.onSaved?.(r, values);
      return r;
    } catch (e) {
      handleError(e as ApiError);
      return null;
    }
  }, [form, handleError, prepareRow]);

  const saveSoon = useCallback(() => {
    const o = optsRef.current;
    const req = request(form.getValues());
    if (req) queue.schedule(o.saveKey, req, o.delayMs);
  }, [form, request]);

  return { form, save, saveSoon };
}
