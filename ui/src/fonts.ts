// Noto Sans bundled with the app (no CDN): the Latin and Vietnamese subsets, which together
// hold every letter of Vietnamese (Ă Â Đ Ê Ô Ơ Ư and the tone marks) and English. Latin
// Extended is left out: Chromium fetched it for every weight (≈ 230 KB of the portal's first
// visit) though no Vietnamese text needs it; a rare letter outside these subsets falls back to
// the system's sans-serif.
import "@fontsource/noto-sans/latin-400.css";
import "@fontsource/noto-sans/vietnamese-400.css";
import "@fontsource/noto-sans/latin-500.css";
import "@fontsource/noto-sans/vietnamese-500.css";
import "@fontsource/noto-sans/latin-600.css";
import "@fontsource/noto-sans/vietnamese-600.css";
import "@fontsource/noto-sans/latin-700.css";
import "@fontsource/noto-sans/vietnamese-700.css";
