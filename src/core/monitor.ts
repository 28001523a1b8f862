/** A monitor as the runner sees it: the config entry after validation, durations in milliseconds. */
export interface Monitor<Options = unknown> {
  name: string;
  type: string;
  description?: string;
  tags: string[];
  enabled: boolean;
  intervalMs: number;
  timeoutMs: number;
  /** Extra attempts after a failed one, before the check counts as failed. */
  retries: number;
  /** Wait before the first retry; doubles for each further retry. */
  retryDelayMs: number;
  /** Monitors this one depends on: while a parent is down, this one does not alert. */
  dependsOn: string[];
  /** The type's own fields, as validated by its plugin's options schema. */
  options: Options;
  /** Where the monitor is declared, for messages that point at the config. */
  location?: SourceLocation;
}

export interface SourceLocation {
  file: string;
  line: number;
  column: number;
}
