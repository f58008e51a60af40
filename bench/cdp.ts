// A Chromium driven over the bare DevTools protocol, for the dashboard benchmark's cold loads. Playwright, which drives
// the benchmark's interactive steps, instruments every page it opens: it enables the Network, Page and Runtime domains,
// creates a utility world in each frame and sends the driver an event for each request, response and script context,
// serialized over a pipe by the browser process, on the same two cores as the page. A user's browser does none of
// that. Here a load enables only the Page domain (for the probe script) and reads the page's own timestamp with
// Runtime.evaluate: on this machine the same loads measured 18 ms faster for the static page and 28 ms for the
// overview than through Playwright (bench/ui-figures.md, tenth round), which is why the benchmark prints both.
import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import CDP from 'chrome-remote-interface';

/**
 * The switches Playwright 1.65 starts headless Chromium with (as `ps` shows them), less the automation ones: the two
 * harnesses differ in what they do in the page, not in how the browser runs.
 */
const FLAGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--no-startup-window',
  '--no-default-browser-check',
  '--hide-scrollbars',
  '--mute-audio',
  '--disable-field-trial-config',
  '--disable-background-networking',
  '--disable-background-timer-throttling',
  '--disable-backgrounding-occluded-windows',
  '--disable-renderer-backgrounding',
  '--disable-back-forward-cache',
  '--disable-breakpad',
  '--disable-component-extensions-with-background-pages',
  '--disable-component-update',
  '--disable-default-apps',
  '--disable-dev-shm-usage',
  '--disable-extensions',
  '--disable-features=AvoidUnnecessaryBeforeUnloadCheckSync,DestroyProfileOnBrowserClose,HttpsUpgrades,HttpsFirstBalancedModeAutoEnable,LensOverlay,MediaRouter,PaintHolding,ThirdPartyStoragePartitioning,AvoidCorsURLLoaderRestartOnRedirect,OptimizationHints,NetworkTimeServiceQuerying,PreconnectToSearch',
  '--allow-pre-commit-input',
  '--disable-hang-monitor',
  '--disable-ipc-flooding-protection',
  '--disable-popup-blocking',
  '--disable-prompt-on-repost',
  '--force-color-profile=srgb',
  '--metrics-recording-only',
  '--password-store=basic',
  '--use-mock-keychain',
  '--no-service-autorun',
  '--disable-search-engine-choice-screen',
  '--blink-settings=primaryHoverType=2,availableHoverTypes=2,primaryPointerType=4,availablePointerTypes=4',
];

const LOAD_TIMEOUT_MS = 60_000;
const POLL_MS = 50;

export class BareChromium {
  private readonly process: ChildProcess;
  private readonly client: CDP.Client;
  private readonly profile: string;

  private constructor(process: ChildProcess, client: CDP.Client, profile: string) {
    this.process = process;
    this.client = client;
    this.profile = profile;
  }

  static async launch(executable: string): Promise<BareChromium> {
    const profile = mkdtempSync(join(tmpdir(), 'kaizen-bench-chromium-'));
    const child = spawn(executable, [...FLAGS, `--user-data-dir=${profile}`, '--remote-debugging-port=0'], { stdio: ['ignore', 'ignore', 'pipe'] });
    try {
      const endpoint = await new Promise<string>((resolve, reject) => {
        let said = '';
        child.stderr!.on('data', (d: Buffer) => {
          said += d;
          const m = /DevTools listening on (ws:\/\/\S+)/.exec(said);
          if (m) resolve(m[1]);
        });
        child.once('exit', (code) => reject(new Error(`${executable} exited (${code}) before it listened: ${said.slice(-500)}`)));
        child.once('error', reject);
      });
      child.stderr!.resume(); // keep draining: a full pipe would block the browser
      return new BareChromium(child, await CDP({ target: endpoint }), profile);
    } catch (e) {
      child.kill('SIGKILL');
      rmSync(profile, { recursive: true, force: true });
      throw e;
    }
  }

  /**
   * One cold load in a fresh browser context: `probe` runs before the page's own scripts and sets `window.__benchDone`
   * (ms since navigation start) when the page counts as drawn; resolves with that value, or fails after `timeoutMs`.
   */
  async load(url: string, probe: string, viewport: { width: number; height: number }, timeoutMs = LOAD_TIMEOUT_MS): Promise<number> {
    const { browserContextId } = await this.client.Target.createBrowserContext({ disposeOnDetach: true });
    try {
      const { targetId } = await this.client.Target.createTarget({ url: 'about:blank', browserContextId, ...viewport });
      const { sessionId } = await this.client.Target.attachToTarget({ targetId, flatten: true });
      const send = (method: string, params: object = {}) => this.client.send(method as never, params as never, sessionId) as Promise<unknown>;
      await send('Emulation.setDeviceMetricsOverride', { ...viewport, deviceScaleFactor: 1, mobile: false });
      await send('Page.enable');
      await send('Page.addScriptToEvaluateOnNewDocument', { source: probe });
      await send('Page.navigate', { url });
      const started = Date.now();
      for (;;) {
        await new Promise((r) => setTimeout(r, POLL_MS));
        // Between documents there is no context to evaluate in: that poll reads nothing.
        const { result } = (await send('Runtime.evaluate', { expression: 'window.__benchDone', returnByValue: true }).catch(() => ({ result: {} }))) as {
          result: { value?: number };
        };
        if (typeof result.value === 'number') return result.value;
        if (Date.now() - started > timeoutMs) throw new Error(`${url}: not drawn within ${timeoutMs / 1000} s`);
      }
    } finally {
      await this.client.Target.disposeBrowserContext({ browserContextId });
    }
  }

  async close(): Promise<void> {
    await this.client.close().catch(() => {});
    const ended = this.process.exitCode !== null || this.process.signalCode !== null;
    if (!ended) {
      const exited = new Promise((r) => this.process.once('exit', r));
      this.process.kill();
      await exited;
    }
    rmSync(this.profile, { recursive: true, force: true });
  }
}
