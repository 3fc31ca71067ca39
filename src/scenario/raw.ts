/** The scenario as written in YAML, once the schema has accepted it. */
export interface RawScenario {
  version?: 1;
  name: string;
  description?: string;
  tags?: string[];
  timeout?: string;
  images?: Record<string, { build: string; dockerfile?: string }>;
  networks?: Record<string, RawNetwork | null>;
  containers?: Record<string, RawContainer>;
  steps?: RawStep[];
}

export interface RawNetwork {
  driver?: string;
  internal?: boolean;
  subnet?: string;
  gateway?: string;
  labels?: Record<string, string>;
}

export type RawCommand = string | string[];

export interface RawPortObject {
  host?: number;
  container: number;
  protocol?: "tcp" | "udp";
  host_ip?: string;
}

export interface RawContainer {
  image: string;
  command?: RawCommand;
  entrypoint?: RawCommand;
  environment?: Record<string, string | number | boolean> | string[];
  ports?: (string | RawPortObject)[];
  networks?: string[] | Record<string, { aliases?: string[]; ipv4_address?: string } | null>;
  network_mode?: string;
  links?: string[];
  hostname?: string;
  user?: string;
  working_dir?: string;
  labels?: Record<string, string>;
  init?: boolean;
  files?: Record<string, string>;
  healthcheck?: { test: RawCommand; interval?: string; timeout?: string; start_period?: string; retries?: number };
  wait?: { healthy?: true; log?: string; port?: number; timeout?: string };
  start?: boolean;
}

export type RawStep = Record<string, unknown> & {
  name?: string;
  expect?: "pass" | "fail";
  error?: string;
  timeout?: string;
  hint?: string;
};

/** Keys every step may carry besides its one kind key. */
export const COMMON_STEP_KEYS = ["name", "expect", "error", "timeout", "hint"] as const;
