import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { useNavigate } from "react-router-dom";
import type { AssessmentKind, Enterprise, Lang, UiReference } from "../backend/types";
import { api, qk } from "./api";
import { useDebounced } from "./useDebounced";

export function useLang(): Lang {
  const { i18n } = useTranslation();
  return i18n.language === "en" ? "en" : "vi";
}

export function useReference() {
  return useQuery({ queryKey: qk.reference, queryFn: api.reference, staleTime: Infinity });
}

export function useSettings() {
  return useQuery({ queryKey: qk.settings, queryFn: api.settingsGet, staleTime: Infinity });
}

export function useInfo() {
  return useQuery({ queryKey: qk.info, queryFn: api.info, staleTime: Infinity });
}

/** The name of a coded thing in the display language. */
export function nameOf(
  list: { code: string; name_vi: string; name_en: string }[] | undefined,
  code: string,
  lang: Lang,
): string {
  const found = list?.find((x) => x.code === code);
  if (!found) return code;
  return lang === "vi" ? found.name_vi : found.name_en;
}

/** Bilingual reference text in the display language. */
export function inLang(vi: string | null | undefined, en: string | null | undefined, lang: Lang) {
  return (lang === "vi" ? vi : en) || vi || en || "";
}

/** The enterprises matching the text of a search box (`query`), searched once it has settled
 * for 200 ms (`q`). The server searches ignoring accents ("kim lan" finds "Làng gốm Kim
 * Lan") and returns Vietnamese order. */
export function useEnterpriseSearch() {
  const [query, setQuery] = useState("");
  const q = useDebounced(query, 200);
  const list = useQuery({ queryKey: qk.enterprises(q), queryFn: () => api.enterpriseList(q) });
  return { query, setQuery, q, list };
}

/** "Kind · sector · craft village" of an enterprise (the parts it has), under its name. */
export function useEnterpriseSummary() {
  const { t } = useTranslation();
  const lang = useLang();
  const ref = useReference();
  return (e: Enterprise): string =>
    [t(`enterpriseKind.${e.kind}`), e.sector ? nameOf(ref.data?.sectors, e.sector, lang) : "", e.craft_village]
      .filter(Boolean)
      .join(" · ");
}

/** Creates a quick (or detailed) assessment of an enterprise (`mutate(enterpriseId)`) and
 * opens it at its first stage or task. */
export function useCreateAssessment(kind: AssessmentKind = "quick") {
  const qc = useQueryClient();
  const nav = useNavigate();
  return useMutation({
    mutationFn: (enterpriseId: string) => api.assessmentCreate(enterpriseId, kind),
    onSuccess: (a) => {
      void qc.invalidateQueries({ queryKey: qk.assessmentsAll });
      nav(`/assessment/${a.id}/${kind === "detailed" ? "nv1" : "a"}`);
    },
  });
}

export type Reference = UiReference;
