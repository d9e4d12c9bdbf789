// The programme office's portal (served by `sxsh-server serve --portal ui/dist`): a second
// entry of the desktop app's Vite project, with its styles, fonts, catalogs and formats.
import { QueryClient, QueryClientProvider } from "@tanstack/react-query";
import { StrictMode } from "react";
import { createRoot } from "react-dom/client";
import { HashRouter } from "react-router-dom";
import "../fonts";
import "../i18n";
import "../styles.css";
import { PortalApp } from "./PortalApp";

const queryClient = new QueryClient({
  defaultOptions: {
    queries: { retry: false, refetchOnWindowFocus: false, staleTime: 30_000 },
    mutations: { retry: false },
  },
});

const el = document.getElementById("root");
if (!el) throw new Error("#root missing");
createRoot(el).render(
  <StrictMode>
    <QueryClientProvider client={queryClient}>
      <HashRouter>
        <PortalApp />
      </HashRouter>
    </QueryClientProvider>
  </StrictMode>,
);
