// The dashboard benchmark's bare-protocol Chromium (bench/cdp.ts): a load resolves with the time the page's own probe
// took, each load is a fresh browser context, a page that never draws fails within its limit, and a browser that
// cannot start says so.
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BareChromium } from '../../bench/cdp.ts';
import { CHROMIUM, HAS_CHROMIUM } from './browser.ts';

// The page draws its marker 120 ms after it starts, and counts the loads its origin's storage has seen.
const PAGE = `<!doctype html><meta charset="utf-8"><title>t</title><body><script>
  const seen = Number(localStorage.getItem('seen') ?? 0) + 1;
  localStorage.setItem('seen', String(seen));
  setTimeout(() => { const p = document.createElement('p'); p.id = 'ready'; p.dataset.seen = String(seen); document.body.append(p); }, 120);
</script></body>`;
// As the benchmark's probe: when the marker appears, the time after two frames.
const probe = (ready: string) => `(() => {
  const check = () => {
    if (window.__found || !(${ready})) return;
    window.__found = true;
    requestAnimationFrame(() => requestAnimationFrame(() => { window.__benchDone = performance.now(); }));
  };
  new MutationObserver(check).observe(document, { subtree: true, childList: true });
})();`;

describe.skipIf(!HAS_CHROMIUM)('bench/cdp.ts: cold loads over the bare DevTools protocol', () => {
  let server: Server;
  let url: string;
  let browser: BareChromium;
  beforeAll(async () => {
    server = createServer((_req, res) => res.writeHead(200, { 'content-type': 'text/html' }).end(PAGE));
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/`;
    browser = await BareChromium.launch(CHROMIUM);
  }, 60_000);
  afterAll(async () => {
    await browser?.close();
    await new Promise((r) => server?.close(r));
  });

  it('resolves with the page-side time of the probe, after the marker appeared', async () => {
    const viewport = { width: 800, height: 600 };
    const first = await browser.load(url, probe(`document.getElementById('ready')`), viewport);
    const second = await browser.load(url, probe(`document.getElementById('ready')`), viewport);
    for (const t of [first, second]) {
      expect(t).toBeGreaterThanOrEqual(120);
      expect(t).toBeLessThan(30_000);
    }
  }, 120_000);

  it('loads each page in a fresh context: no storage carried over from the load before', async () => {
    const seen = `(() => { const p = document.getElementById('ready'); return p ? Number(p.dataset.seen) : 0; })()`;
    // The probe reports the counter's value as its "time" once the marker is there: 1 in every fresh context.
    const counting = `(() => { new MutationObserver(() => { const v = ${seen}; if (v && window.__benchDone === undefined) window.__benchDone = v; }).observe(document, { subtree: true, childList: true }); })();`;
    const viewport = { width: 800, height: 600 };
    expect(await browser.load(url, counting, viewport)).toBe(1);
    expect(await browser.load(url, counting, viewport)).toBe(1);
  }, 120_000);

  it('fails a page that never draws within the limit, and goes on loading afterwards', async () => {
    await expect(browser.load(url, probe('false'), { width: 800, height: 600 }, 1_500)).rejects.toThrow(/not drawn within 1\.5 s/);
    expect(await browser.load(url, probe(`document.getElementById('ready')`), { width: 800, height: 600 })).toBeGreaterThanOrEqual(120);
  }, 120_000);

  it('says which browser failed to start', async () => {
    await expect(BareChromium.launch('/nonexistent/chromium')).rejects.toThrow(/nonexistent\/chromium/);
  });
});
