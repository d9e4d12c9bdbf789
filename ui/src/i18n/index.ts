import i18n from "i18next";
import { initReactI18next } from "react-i18next";
import type { Lang } from "../backend/types";
import en from "./en.json";
import vi from "./vi.json";

export const resources = {
  vi: { translation: vi },
  en: { translation: en },
} as const;

void i18n.use(initReactI18next).init({
  resources,
  lng: "vi",
  fallbackLng: "vi",
  interpolation: { escapeValue: false },
  returnNull: false,
});

/** Switches the UI language (numbers and dates follow it). */
export async function applyLang(lang: Lang): Promise<void> {
  if (i18n.language !== lang) await i18n.changeLanguage(lang);
  document.documentElement.lang = lang;
}

export default i18n;
