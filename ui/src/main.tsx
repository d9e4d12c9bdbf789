import { QueryClient, QueryClientProvider } from "@tanstack/react-query";
import { StrictMode } from "react";
import { createRoot } from "react-dom/client";
import { HashRouter } from "react-router-dom";
import { App } from "./App";
import { initBackend } from "./backend";
import "./fonts";
import "./i18n";
import { followChanges } from "./lib/feed";
import { flushAll, takePending } from "./lib/saveQueue";
import "./styles.css";

const queryClient = new QueryClient({
  defaultOptions: {
    queries: { retry: false, refetchOnWindowFocus: false, staleTime: 5_000 },
    mutations: { retry: false },
  },
});

async function start() {
  const backend = await initBackend();
  backend.onBeforeClose(flushAll, takePending);
  // Screens follow rows changed underneath (sync, import, restore, another window).
  followChanges(queryClient);
  const el = document.getElementById("root");
  if (!el) throw new Error("#root missing");
  createRoot(el).render(
    <StrictMode>
      <QueryClientProvider client={queryClient}>
        <HashRouter>
          <App />
        </HashRouter>
      </QueryClientProvider>
    </StrictMode>,
  );
}

void start();
