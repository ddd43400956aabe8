// A suite as loaded: its templates kept opaque until an instance is drawn (resolve.ts); the
// instance itself (ResolvedTask) is part of the contract (contract/task.ts).
export interface Suite {
  name: string;
  file: string;
  /** Resolved base URL ('' when none); relative URLs in tasks resolve against it. */
  base_url: string;
  /** The suite asks for cairn's practice apps to be served (base_url is filled in at run time). */
  practice_apps: boolean;
  /** A folder to serve as the site (base_url is filled in at run time); see site.ts. */
  local_site?: LocalSite;
  /** The app identity of tasks that name none (`app:`). */
  app?: string;
  seeds: number[];
  /** Origins/packages navigation may reach besides each task's own. */
  allowed: string[];
  templates: TaskTemplate[];
}

/** A task as declared, before an instance is drawn. Kept opaque to everything but tasks/. */
export interface TaskTemplate {
  id: string;
  at: string;
  raw: unknown;
}

/** `base_url: ./site` or `${VAR}`: a folder served on 127.0.0.1 for the run. */
export interface LocalSite {
  /** As written in the suite: a path, maybe naming environment variables. */
  folder: string;
  /** The suite file's directory: a relative folder is read from there. */
  relative_to: string;
  /** Where base_url is written: `suite.yaml:3`. */
  at: string;
}
