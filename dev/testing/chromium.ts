/**
 * Test helper: headless Chromium driven over the DevTools protocol with Deno's own WebSocket
 * (no npm driver: the protocol calls a test needs are few, and a driver would pin a browser
 * build of its own). Starts `chromium --headless --remote-debugging-port=0` with a throw-away
 * profile, reads the browser's WebSocket address from its stderr, opens pages, records console
 * errors, exceptions, log errors (CSP violations land there) and every network request, and
 * takes screenshots. Loopback only: the DevTools port is bound to 127.0.0.1.
 *
 * @module
 */

/** Where to find the browser: `$CHROMIUM`, else `chromium` on PATH. */
export function chromiumCommand(): string {
  return Deno.env.get("CHROMIUM") ?? "chromium";
}

/**
 * Whether headless Chromium can be started here; the reason when not.
 *
 * @returns null when it can, else why not (one line)
 */
export async function chromiumUnavailable(): Promise<string | null> {
  try {
    const out = await new Deno.Command(chromiumCommand(), {
      args: ["--version"],
      stdout: "piped",
      stderr: "piped",
    }).output();
    return out.success ? null : `"${chromiumCommand()} --version" exited ${out.code}`;
  } catch (e) {
    return `cannot run "${chromiumCommand()}": ${(e as Error).message}`;
  }
}

/** What a page did while it was open. */
export interface PageLog {
  /** Console errors, uncaught exceptions and log entries of level error (e.g. CSP violations). */
  errors: string[];
  /** URLs of every request the page made after its own document. */
  requests: string[];
}

interface Pending {
  resolve: (v: Record<string, unknown>) => void;
  reject: (e: Error) => void;
}

type Listener = (method: string, params: Record<string, unknown>, sessionId: string | undefined) => void;

/** A running headless Chromium. */
export class Browser {
  readonly #child: Deno.ChildProcess;
  readonly #ws: WebSocket;
  readonly #profile: string;
  readonly #pending = new Map<number, Pending>();
  readonly #listeners = new Set<Listener>();
  #next = 1;

  private constructor(child: Deno.ChildProcess, ws: WebSocket, profile: string) {
    this.#child = child;
    this.#ws = ws;
    this.#profile = profile;
    ws.onmessage = (ev) => {
      const msg = JSON.parse(String(ev.data));
      if (typeof msg.id === "number") {
        const p = this.#pending.get(msg.id);
        this.#pending.delete(msg.id);
        if (msg.error) p?.reject(new Error(`${msg.error.message} (${msg.error.code})`));
        else p?.resolve(msg.result ?? {});
      } else if (typeof msg.method === "string") {
        for (const l of this.#listeners) l(msg.method, msg.params ?? {}, msg.sessionId);
      }
    };
  }

  /**
   * Starts the browser (fails after `timeoutMs` when it does not print its DevTools address).
   */
  static async launch(timeoutMs = 30_000): Promise<Browser> {
    const profile = await Deno.makeTempDir({ prefix: "chromium-profile-" });
    const child = new Deno.Command(chromiumCommand(), {
      args: [
        "--headless",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-dev-shm-usage",
        "--no-first-run",
        "--no-default-browser-check",
        "--disable-extensions",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--metrics-recording-only",
        "--hide-scrollbars",
        "--remote-debugging-address=127.0.0.1",
        "--remote-debugging-port=0",
        `--user-data-dir=${profile}`,
        "about:blank",
      ],
      stdin: "null",
      stdout: "null",
      stderr: "piped",
    }).spawn();
    const reader = child.stderr.pipeThrough(new TextDecoderStream()).getReader();
    let seen = "";
    const timer = setTimeout(() => {
      try {
        child.kill("SIGKILL");
      } catch { /* already gone */ }
    }, timeoutMs);
    let url: string | null = null;
    try {
      while (url === null) {
        const { value, done } = await reader.read();
        if (done) throw new Error(`chromium exited before its DevTools address: ${seen.slice(-600)}`);
        seen += value;
        url = /DevTools listening on (ws:\/\/127\.0\.0\.1:\d+\/\S+)/.exec(seen)?.[1] ?? null;
      }
    } finally {
      clearTimeout(timer);
    }
    // Keep draining stderr so the browser never blocks on a full pipe.
    (async () => {
      try {
        while (!(await reader.read()).done) { /* drain */ }
      } catch { /* closed */ }
    })();
    const ws = new WebSocket(url);
    await new Promise<void>((resolve, reject) => {
      ws.onopen = () => resolve();
      ws.onerror = () => reject(new Error(`cannot connect to ${url}`));
    });
    return new Browser(child, ws, profile);
  }

  /** Sends one protocol command (to a page when `sessionId` is given). */
  send(
    method: string,
    params: Record<string, unknown> = {},
    sessionId?: string,
  ): Promise<Record<string, unknown>> {
    const id = this.#next++;
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        this.#pending.delete(id);
        reject(new Error(`${method}: no answer in 30 s`));
      }, 30_000);
      this.#pending.set(id, {
        resolve: (v) => {
          clearTimeout(timer);
          resolve(v);
        },
        reject: (e) => {
          clearTimeout(timer);
          reject(e);
        },
      });
      this.#ws.send(JSON.stringify({ id, method, params, ...(sessionId ? { sessionId } : {}) }));
    });
  }

  /** Calls `l` for every protocol event until the returned function is called. */
  listen(l: Listener): () => void {
    this.#listeners.add(l);
    return () => this.#listeners.delete(l);
  }

  /** Opens a new page (tab) and returns it. */
  async newPage(): Promise<Page> {
    const { targetId } = await this.send("Target.createTarget", { url: "about:blank" }) as {
      targetId: string;
    };
    const { sessionId } = await this.send("Target.attachToTarget", { targetId, flatten: true }) as {
      sessionId: string;
    };
    const page = new Page(this, targetId, sessionId);
    await page.enable();
    return page;
  }

  /** Stops the browser and removes its profile. */
  async close(): Promise<void> {
    try {
      await this.send("Browser.close");
    } catch { /* already closing */ }
    try {
      this.#ws.close();
    } catch { /* closed */ }
    const timer = setTimeout(() => {
      try {
        this.#child.kill("SIGKILL");
      } catch { /* gone */ }
    }, 5_000);
    await this.#child.status;
    clearTimeout(timer);
    await Deno.remove(this.#profile, { recursive: true }).catch(() => {});
  }
}

/** One open page. */
export class Page {
  readonly log: PageLog = { errors: [], requests: [] };
  readonly #browser: Browser;
  readonly #targetId: string;
  readonly #session: string;
  readonly #stop: () => void;
  #loaded: (() => void) | null = null;
  #document: string | null = null;

  constructor(browser: Browser, targetId: string, session: string) {
    this.#browser = browser;
    this.#targetId = targetId;
    this.#session = session;
    this.#stop = browser.listen((method, p, sessionId) => {
      if (sessionId !== this.#session) return;
      if (method === "Page.loadEventFired") this.#loaded?.();
      else if (method === "Runtime.consoleAPICalled" && (p.type === "error" || p.type === "assert")) {
        this.log.errors.push(`console.${p.type}: ${JSON.stringify(p.args)}`);
      } else if (method === "Runtime.exceptionThrown") {
        this.log.errors.push(`exception: ${JSON.stringify(p.exceptionDetails)}`);
      } else if (method === "Log.entryAdded") {
        const e = p.entry as { level: string; text: string; source: string };
        if (e.level === "error") this.log.errors.push(`${e.source}: ${e.text}`);
      } else if (method === "Network.requestWillBeSent") {
        const url = (p.request as { url: string }).url;
        if (url !== this.#document) this.log.requests.push(url);
      }
    });
  }

  /** Turns on the event domains the log needs. */
  async enable(): Promise<void> {
    for (const d of ["Page", "Runtime", "Log", "Network"]) await this.send(`${d}.enable`);
  }

  /** Sends a command to this page. */
  send(method: string, params: Record<string, unknown> = {}): Promise<Record<string, unknown>> {
    return this.#browser.send(method, params, this.#session);
  }

  /** Sets the viewport (CSS pixels) and the emulated media features. */
  async viewport(
    width: number,
    height: number,
    o: { mobile?: boolean; dark?: boolean; print?: boolean } = {},
  ) {
    await this.send("Emulation.setDeviceMetricsOverride", {
      width,
      height,
      deviceScaleFactor: 1,
      mobile: o.mobile === true,
    });
    await this.send("Emulation.setEmulatedMedia", {
      media: o.print ? "print" : "",
      features: [{ name: "prefers-color-scheme", value: o.dark ? "dark" : "light" }],
    });
  }

  /** Opens `url` and waits for its load event. */
  async goto(url: string): Promise<void> {
    this.#document = url;
    const loaded = new Promise<void>((resolve) => (this.#loaded = resolve));
    const r = await this.send("Page.navigate", { url }) as { errorText?: string };
    if (r.errorText) throw new Error(`cannot open ${url}: ${r.errorText}`);
    await loaded;
    this.#loaded = null;
  }

  /** Evaluates an expression in the page and returns its value (JSON-serialisable). */
  async evaluate<T>(expression: string): Promise<T> {
    const r = await this.send("Runtime.evaluate", {
      expression,
      returnByValue: true,
      awaitPromise: true,
    }) as {
      result: { value: T };
      exceptionDetails?: unknown;
    };
    if (r.exceptionDetails) throw new Error(`evaluate failed: ${JSON.stringify(r.exceptionDetails)}`);
    return r.result.value;
  }

  /** A PNG of the viewport. */
  async screenshot(): Promise<Uint8Array> {
    const { data } = await this.send("Page.captureScreenshot", { format: "png" }) as { data: string };
    return Uint8Array.from(atob(data), (c) => c.charCodeAt(0));
  }

  /** A PNG of the whole page at `width` CSS pixels (at most `maxHeight` tall). */
  async fullScreenshot(width: number, maxHeight = 16_000): Promise<Uint8Array> {
    const height = Math.min(
      maxHeight,
      await this.evaluate<number>("document.documentElement.scrollHeight"),
    );
    await this.send("Emulation.setDeviceMetricsOverride", {
      width,
      height,
      deviceScaleFactor: 1,
      mobile: false,
    });
    return await this.screenshot();
  }

  /** Closes the page. */
  async close(): Promise<void> {
    this.#stop();
    await this.#browser.send("Target.closeTarget", { targetId: this.#targetId }).catch(() => {});
  }
}
