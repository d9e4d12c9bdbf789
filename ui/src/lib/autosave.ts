// A react-hook-form form that saves itself: every change is checked at once (zod) for an
// instant message, and queued for saving (debounced). Rust validates every save again — it is
// the judge: an invalid row is refused there, nothing is written, and Rust's field errors
// replace the instant ones on the fields they name.

import { zodResolver } from "@hookform/resolvers/zod";
import { useCallback, useEffect, useRef } from "react";
import type { DefaultValues, FieldValues, Path, UseFormReturn } from "react-hook-form";
import { useForm } from "react-hook-form";
import type { z } from "zod";
import type { ApiError } from "../backend/types";
import { applyFieldErrors, errorAt, localValidationError } from "./errors";
import * as queue from "./saveQueue";

export interface SaveCall {
  method: string;
  params: unknown;
}

export interface AutosaveOptions<V extends FieldValues, R> {
  /** Queue key: one per row, stable for the life of the row. */
  saveKey: string;
  defaultValues: V;
  schema: z.ZodType<V>;
  /** The save call for valid values. */
  build: (values: V) => SaveCall;
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
      let c: SaveCall;
      try {
        c = o.build(values);
      } catch {
        queue.block(o.saveKey, localValidationError(issues));
        return null;
      }
      return {
        method: c.method,
        params: c.params,
        onSaved: (r: R) => optsRef.current.onSaved?.(r, values),
        onError: handleError,
      };
    },
    [handleError, form, getFieldState],
  );

  useEffect(() => {
    const sub = form.watch((_v, info) => {
      const o = optsRef.current;
      if (o.autosave === false || !info.name) return;
      const req = request(form.getValues());
      if (req) queue.schedule(o.saveKey, req, o.delayFor?.(info.name) ?? o.delayMs);
    });
    return () => sub.unsubscribe();
  }, [form, request]);

  // A row that is left keeps its unsent save (the queue outlives it) but not its error.
  useEffect(() => {
    const key = opts.saveKey;
    return () => queue.forget(key);
  }, [opts.saveKey]);

  const save = useCallback(async (): Promise<R | null> => {
    const values = form.getValues();
    const o = optsRef.current;
    if (zodIssues(o.schema, values).length > 0) await form.trigger();
    // Rust decides: an invalid row comes back as VALIDATION_FAILED with its field errors.
    const c = o.build(values);
    try {
      const r = await queue.saveNow<R>(o.saveKey, { method: c.method, params: c.params });
      o.onSaved?.(r, values);
      return r;
    } catch (e) {
      handleError(e as ApiError);
      return null;
    }
  }, [form, handleError]);

  const saveSoon = useCallback(() => {
    const o = optsRef.current;
    const req = request(form.getValues());
    if (req) queue.schedule(o.saveKey, req, o.delayMs);
  }, [form, request]);

  return { form, save, saveSoon };
}
