/**
 * The export's page reader: fetches one page of a slice through the current Graph client
 * (its budget and page time-out apply), checks it with the slice's page-loop guard, and
 * replaces the client after a 401 (one new client per refusal, shared by every cursor).
 *
 * @module
 */
import type { GraphClient } from "../graph/client.ts";
import { PageLoopGuard } from "../graph/guard.ts";
import { getGraphJson, type GraphItem, type GraphRequest, readCollectionPage } from "../graph/request.ts";
import { sliceFilter } from "./slices.ts";
import { type SliceRun, Stop } from "./slice_run.ts";

const noop = () => {};

/** A page's rows and the link to the next one (undefined: the slice is finished). */
export interface ExportPage {
  items: GraphItem[];
  nextLink: string | undefined;
}

/** Reads pages of sign-in slices; one per export run. */
export class PageReader {
  /** The client in use (replaced after a 401). */
  client: GraphClient;
  /** Every client of this run (for the request figures). */
  readonly clients: GraphClient[];
  /** Counts client replacements; a failure carries the generation it was sent with. */
  generation = 0;
  #refreshing: Promise<void> | undefined;
  readonly #createClient: () => Promise<GraphClient>;
  readonly #top: number;
  readonly #onWarning: ((message: string) => void) | undefined;

  /**
   * @param client the first client
   * @param options how to build the next client, `$top`, and where warnings go
   */
  constructor(
    client: GraphClient,
    options: {
      createClient: () => Promise<GraphClient>;
      top?: number;
      onWarning?: (message: string) => void;
    },
  ) {
    this.client = client;
    this.clients = [client];
    this.#createClient = options.createClient;
    this.#top = options.top ?? 1000;
    this.#onWarning = options.onWarning;
  }

  /** Requests sent by every client of this run. */
  requests(): number {
    return this.clients.reduce((n, c) => n + c.stats.requests, 0);
  }

  /** 429s received by every client of this run. */
  throttled(): number {
    return this.clients.reduce((n, c) => n + c.stats.throttled, 0);
  }

  /**
   * Replaces the client after a 401 seen with client generation `seen`; a no-op when another
   * cursor already did, and one shared attempt while it is under way.
   */
  refresh(seen: number): Promise<void> {
    if (seen !== this.generation) return Promise.resolve(); // another cursor already did
    this.#refreshing ??= this.#createClient().then((c) => {
      this.client = c;
      this.clients.push(c);
      this.generation++;
      this.#onWarning?.("Graph refused the token (401); signed in again and continuing");
    }).finally(() => (this.#refreshing = undefined));
    return this.#refreshing;
  }

  /**
   * Reads the next page of `run`. A failure is rejected with its `generation` attached; when
   * `stop` aborts, the wait ends at once with {@linkcode Stop}.
   */
  async read(run: SliceRun, stop: AbortSignal): Promise<ExportPage> {
    const { body } = await this.#fetch(run, stop);
    run.loop ??= new PageLoopGuard(this.client.limits);
    return readCollectionPage(this.client, "signIns", body, run.loop);
  }

  #fetch(run: SliceRun, stop: AbortSignal): Promise<{ body: unknown; generation: number }> {
    const gen = this.generation;
    const req: GraphRequest = {
      version: "beta",
      path: "/auditLogs/signIns",
      query: { $filter: sliceFilter(run.spec), $top: this.#top },
    };
    const request = getGraphJson(this.client, req, run.cursor);
    request.catch(noop);
    // The page time-out is the client's (see timeoutFetch): it starts when the request is sent,
    // not while the request waits for the budget. Here only a stop ends the wait early.
    return new Promise((resolve, reject) => {
      const onStop = () => reject(new Stop());
      stop.addEventListener("abort", onStop, { once: true });
      request.then((body) => {
        stop.removeEventListener("abort", onStop);
        resolve({ body, generation: gen });
      }, (e) => {
        stop.removeEventListener("abort", onStop);
        reject(Object.assign(e instanceof Error ? e : new Error(String(e)), { generation: gen }));
      });
    });
  }
}
