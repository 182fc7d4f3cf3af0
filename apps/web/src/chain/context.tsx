// The app's configuration, available to every component.
import { createContext, type ReactNode, useContext } from "react";
import type { AppConfig } from "../config.ts";

const ConfigContext = createContext<AppConfig | undefined>(undefined);

export function ConfigProvider({ config, children }: { config: AppConfig; children: ReactNode }) {
  return <ConfigContext.Provider value={config}>{children}</ConfigContext.Provider>;
}

export function useAppConfig(): AppConfig {
  const config = useContext(ConfigContext);
  if (!config) throw new Error("useAppConfig outside ConfigProvider");
  return config;
}
