import { useQuery } from "@tanstack/react-query";
import { useTranslation } from "react-i18next";
import type { Lang, UiReference } from "../backend/types";
import { api, qk } from "./api";

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

export type Reference = UiReference;
