export declare const REPO_ROOT: string;
export declare function ensurePulumi(): string;
export interface OfflineWorkspace {
  root: string;
  backend: string;
  home: string;
  env: NodeJS.ProcessEnv;
  cleanup(): void;
}
export declare function offlineWorkspace(options: { binDir: string; extraEnv?: Record<string, string>; prefix?: string }): OfflineWorkspace;
export interface PulumiResult {
  code: number | null;
  stdout: string;
  stderr: string;
  output: string;
}
export interface PulumiOptions {
  cwd: string;
  env: NodeJS.ProcessEnv;
  echo?: boolean;
  timeoutMs?: number;
}
export declare function pulumi(args: string[], options: PulumiOptions): Promise<PulumiResult>;
export declare function pulumiOk(args: string[], options: PulumiOptions): Promise<PulumiResult>;
export interface EmulatorProcess {
  url: string;
  env: Record<string, string>;
  printed: string;
  pid: number;
  stop(): Promise<void>;
}
/** extraArgs: more CLI flags, e.g. ["--tls"]. */
export declare function startEmulatorProcess(options: { seedFile: string; stateFile?: string; cwd?: string; extraArgs?: string[] }): Promise<EmulatorProcess>;
