// Loads the server's configuration, then starts the app with wagmi and TanStack Query around it.
import { QueryClient, QueryClientProvider } from "@tanstack/react-query";
import { StrictMode } from "react";
import { createRoot } from "react-dom/client";
import { BrowserRouter } from "react-router";
import { WagmiProvider } from "wagmi";
import { App } from "./App.tsx";
import { ConfigProvider } from "./chain/context.tsx";
import { loadConfig } from "./config.ts";
import "./styles.css";
import { createWagmiConfig } from "./wagmi.ts";

const root = createRoot(document.getElementById("root") as HTMLElement);

try {
  const config = await loadConfig();
  const wagmiConfig = createWagmiConfig(config);
  // bigints in query keys are strings already; data stays as the SDK returns it.
  const queryClient = new QueryClient({ defaultOptions: { queries: { retry: 2, refetchOnWindowFocus: false } } });
  root.render(
    <StrictMode>
      <ConfigProvider config={config}>
        <WagmiProvider config={wagmiConfig}>
          <QueryClientProvider client={queryClient}>
            <BrowserRouter>
              <App />
            </BrowserRouter>
          </QueryClientProvider>
        </WagmiProvider>
      </ConfigProvider>
    </StrictMode>,
  );
} catch (error) {
  root.render(
    <main id="main">
      <h1>Keel cannot start</h1>
      <p role="alert">{error instanceof Error ? error.message : String(error)}</p>
    </main>,
  );
}
