/// <reference types="vitest/config" />
import react from "@vitejs/plugin-react";
import { defineConfig } from "vite";

// The built UI is served both by Tauri's custom protocol and by `sxsh serve-ui` from `/`,
// so every asset path is relative.
export default defineConfig({
  base: "./",
  plugins: [react()],
  build: {
    outDir: "dist",
    emptyOutDir: true,
    target: "es2022",
    chunkSizeWarningLimit: 1200,
    // The desktop app (index.html) and the office portal that `sxsh-server serve --portal`
    // serves (portal.html), sharing styles, fonts, catalogs and formats.
    rollupOptions: {
      input: { main: "index.html", portal: "portal.html" },
    },
  },
  server: {
    port: 5173,
    strictPort: true,
    proxy: {
      "/api": { target: "http://127.0.0.1:8765", changeOrigin: false },
    },
  },
  test: {
    environment: "jsdom",
    setupFiles: ["./src/test/setup.ts"],
    include: ["src/**/*.test.{ts,tsx}"],
    css: false,
  },
});
