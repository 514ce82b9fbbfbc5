/**
 * The dashboard's own static files, served from `/ui/assets/`: one stylesheet, one small
 * script (live updates by polling) and an icon. No build step, no CDN, no remote font: the
 * system font stack.
 *
 * @module
 */

/** The stylesheet (`/ui/assets/app.css`). */
export const APP_CSS = `
:root {
  --bg: #f4f5f7; --panel: #fff; --ink: #1c2330; --muted: #5b6474; --line: #dde1e7;
  --brand: #1f3a5f; --brand-ink: #fff; --accent: #2457c5; --focus: #f0a500;
  --allow: #3d8b5d; --warn: #c99412; --ask: #2f6fd6; --deny: #c2412d; --block: #7a3ea1;
  --ok-bg: #e7f4ec; --ok-ink: #1e5b37; --err-bg: #fbe9e6; --err-ink: #8a2414;
  font: 15px/1.45 system-ui, -apple-system, "Segoe UI", Roboto, Ubuntu, "DejaVu Sans", sans-serif;
  color: var(--ink); background: var(--bg);
}
* { box-sizing: border-box; }
body { margin: 0; min-height: 100vh; display: flex; flex-direction: column; }
a { color: var(--accent); }
:focus-visible { outline: 3px solid var(--focus); outline-offset: 2px; border-radius: 3px; }
.skip { position: absolute; left: -999px; top: 0; background: var(--panel); padding: .5rem 1rem; z-index: 9; }
.skip:focus { left: .5rem; top: .5rem; }
.visually-hidden { position: absolute; width: 1px; height: 1px; overflow: hidden; clip: rect(0 0 0 0); white-space: nowrap; }
header.top { background: var(--brand); color: var(--brand-ink); }
header.top .bar { max-width: 1280px; margin: 0 auto; padding: 0 1.25rem; display: flex; align-items: center; gap: 1.5rem; min-height: 3.25rem; }
.brand { display: flex; align-items: center; gap: .5rem; font-weight: 700; letter-spacing: .02em; color: inherit; text-decoration: none; }
.brand img { width: 22px; height: 22px; }
nav.main ul { list-style: none; display: flex; gap: .25rem; margin: 0; padding: 0; }
nav.main a { color: #d8e2f0; text-decoration: none; padding: .45rem .7rem; border-radius: 6px; display: inline-flex; align-items: center; gap: .4rem; }
nav.main a:hover { background: rgba(255,255,255,.1); color: #fff; }
nav.main a[aria-current="page"] { background: rgba(255,255,255,.18); color: #fff; font-weight: 600; }
.badge { background: var(--deny); color: #fff; border-radius: 999px; font-size: .75rem; padding: 0 .45rem; font-weight: 700; min-width: 1.4rem; text-align: center; }
.badge[hidden] { display: none; }
.top .spacer { flex: 1; }
.live { font-size: .8rem; color: #b9c6d8; }
.live::before { content: ""; display: inline-block; width: .5rem; height: .5rem; border-radius: 50%; background: #5ecb8a; margin-right: .4rem; }
.top form { margin: 0; }
.top button { background: transparent; color: #fff; border: 1px solid rgba(255,255,255,.4); }
main { flex: 1; width: 100%; max-width: 1280px; margin: 0 auto; padding: 1.25rem; }
h1 { font-size: 1.45rem; margin: .25rem 0 1rem; }
h2 { font-size: 1.05rem; margin: 0 0 .75rem; }
.lede { color: var(--muted); margin: -.5rem 0 1rem; }
.grid { display: grid; gap: 1rem; }
.cols-2 { grid-template-columns: minmax(0, 3fr) minmax(0, 2fr); }
.cols-half { grid-template-columns: 1fr 1fr; }
.stats { display: grid; grid-template-columns: repeat(auto-fit, minmax(150px, 1fr)); gap: 1rem; margin-bottom: 1rem; }
.stat, section.panel { background: var(--panel); border: 1px solid var(--line); border-radius: 10px; padding: 1rem 1.1rem; }
.stat .n { font-size: 1.7rem; font-weight: 700; font-variant-numeric: tabular-nums; display: block; }
.stat .l { color: var(--muted); font-size: .85rem; }
section.panel { margin-bottom: 1rem; min-width: 0; overflow-x: auto; }
.nowrap code { white-space: nowrap; overflow-wrap: normal; }
table { width: 100%; border-collapse: collapse; font-size: .9rem; }
th, td { text-align: left; padding: .45rem .5rem; border-bottom: 1px solid var(--line); vertical-align: top; }
th { font-weight: 600; color: var(--muted); font-size: .8rem; text-transform: uppercase; letter-spacing: .03em; }
td.num, th.num { text-align: right; font-variant-numeric: tabular-nums; }
tbody tr:hover { background: #f8f9fb; }
code, pre { font-family: ui-monospace, "SFMono-Regular", "DejaVu Sans Mono", Menlo, monospace; font-size: .85rem; }
code { background: #eef1f5; padding: .05rem .3rem; border-radius: 4px; overflow-wrap: anywhere; }
pre code { background: none; padding: 0; color: inherit; }
pre { background: #0f1722; color: #e2e8f0; padding: 1rem; border-radius: 8px; overflow: auto; max-height: 28rem; }
.muted { color: var(--muted); }
.empty { color: var(--muted); padding: 1rem 0; }
.pill { display: inline-block; padding: .05rem .5rem; border-radius: 999px; font-size: .78rem; font-weight: 600; border: 1px solid transparent; white-space: nowrap; }
.pill.allow, .pill.ok, .pill.closed, .pill.approved, .pill.low { background: var(--ok-bg); color: var(--ok-ink); }
.pill.warn, .pill.medium, .pill.half_open, .pill.expired { background: #fbf1d6; color: #7a5a00; }
.pill.ask, .pill.pending { background: #e4edfb; color: #1d4e9e; }
.pill.deny, .pill.fail, .pill.open, .pill.rejected, .pill.high { background: var(--err-bg); color: var(--err-ink); }
.pill.block, .pill.critical { background: #efe3f6; color: #5a2780; }
.pill.none { background: #eef1f5; color: var(--muted); }
svg.chart { width: 100%; height: auto; display: block; }
svg.chart .gl line { stroke: var(--line); }
svg.chart text { font-size: 11px; fill: var(--muted); }
.s-allow { fill: var(--allow); } .s-warn { fill: var(--warn); } .s-ask { fill: var(--ask); }
.s-deny { fill: var(--deny); } .s-block { fill: var(--block); }
.s-p0 { fill: #2457c5; } .s-p1 { fill: #d9822b; } .s-p2 { fill: #3d8b5d; } .s-p3 { fill: #7a3ea1; }
.s-p4 { fill: #c2412d; } .s-p5 { fill: #0f8b8d; } .s-p6 { fill: #8c6d1f; } .s-p7 { fill: #5b6474; }
ul.legend { list-style: none; display: flex; flex-wrap: wrap; gap: .25rem 1rem; padding: 0; margin: .5rem 0 0; font-size: .85rem; color: var(--muted); }
ul.legend li { display: flex; align-items: center; gap: .35rem; }
svg.swatch { width: 10px; height: 10px; border-radius: 2px; }
progress.bar { width: 7rem; height: .7rem; accent-color: var(--accent); }
progress.bar.over { accent-color: var(--deny); }
label { display: block; font-weight: 600; font-size: .85rem; margin-bottom: .25rem; }
input[type=text], input[type=password], textarea, select { font: inherit; padding: .5rem .6rem; border: 1px solid #b9c1cd; border-radius: 6px; width: 100%; background: #fff; color: var(--ink); }
button, .button { font: inherit; font-weight: 600; padding: .45rem .9rem; border-radius: 6px; border: 1px solid #b9c1cd; background: #fff; color: var(--ink); cursor: pointer; text-decoration: none; display: inline-block; }
button.primary, .button.primary { background: var(--accent); border-color: var(--accent); color: #fff; }
button.approve { background: var(--allow); border-color: var(--allow); color: #fff; }
button.reject { background: #fff; border-color: var(--deny); color: var(--deny); }
button:hover { filter: brightness(.95); }
.flash { border-radius: 8px; padding: .7rem 1rem; margin-bottom: 1rem; border: 1px solid; }
.flash.ok { background: var(--ok-bg); color: var(--ok-ink); border-color: #b9dcc6; }
.flash.error { background: var(--err-bg); color: var(--err-ink); border-color: #efc1b8; }
.item { border: 1px solid var(--line); border-radius: 10px; padding: 1rem; margin-bottom: 1rem; background: var(--panel); }
.item header { display: flex; gap: .6rem; align-items: center; flex-wrap: wrap; margin-bottom: .5rem; }
.item h3 { margin: 0; font-size: 1rem; }
.item dl { display: grid; grid-template-columns: max-content 1fr; gap: .25rem .9rem; margin: .5rem 0 .75rem; font-size: .9rem; }
.item dt { color: var(--muted); }
.item dd { margin: 0; min-width: 0; overflow-wrap: anywhere; }
.decide { display: flex; gap: .6rem; align-items: flex-end; flex-wrap: wrap; }
.decide .field { flex: 1; min-width: 16rem; }
.login { max-width: 26rem; margin: 10vh auto 0; }
.login section.panel { padding: 1.5rem; }
.login p { color: var(--muted); }
.login .row { margin: 1rem 0; }
footer { color: var(--muted); font-size: .8rem; text-align: center; padding: 1rem; }
details summary { cursor: pointer; color: var(--accent); }
.filters { display: flex; gap: .6rem; align-items: flex-end; flex-wrap: wrap; margin-bottom: 1rem; }
.filters .field { min-width: 12rem; }
.nowrap { white-space: nowrap; }
.clip { max-width: 38rem; overflow-wrap: anywhere; }
@media (max-width: 900px) { .cols-2, .cols-half { grid-template-columns: 1fr; } nav.main a { padding: .4rem .45rem; } }
`;

/**
 * The script (`/ui/assets/app.js`): live updates. Every few seconds it asks
 * `/ui/live.json` for the figures; it updates the counters marked `data-live`, and when the
 * data changed it fetches the page again and swaps `<main>`, unless the user is typing or has
 * focus inside it (then it says so instead). Without JavaScript every page still works.
 */
export const APP_JS = `"use strict";
(() => {
  const body = document.body;
  const status = document.getElementById("live-status");
  if (!status || !body.dataset.stamp) return;
  const every = Number(body.dataset.poll || 3000);
  let stamp = body.dataset.stamp;
  const focusInMain = () => {
    const main = document.querySelector("main");
    const active = document.activeElement;
    return main && active && active !== document.body && main.contains(active);
  };
  async function refresh() {
    const page = await fetch(location.href, { credentials: "same-origin" });
    if (!page.ok) return false;
    const doc = new DOMParser().parseFromString(await page.text(), "text/html");
    const fresh = doc.querySelector("main");
    const main = document.querySelector("main");
    if (!fresh || !main) return false;
    main.replaceWith(fresh);
    return true;
  }
  async function poll() {
    try {
      const res = await fetch("/ui/live.json", { credentials: "same-origin", headers: { accept: "application/json" } });
      if (res.status === 401) {
        status.textContent = "Session ended: log in again";
        location.assign("/ui/login");
        return;
      }
      const live = await res.json();
      for (const el of document.querySelectorAll("[data-live]")) {
        const value = live[el.dataset.live];
        if (value === undefined) continue;
        el.textContent = String(value);
        if ("hideZero" in el.dataset) el.hidden = value === 0;
      }
      if (live.stamp !== stamp) {
        if (focusInMain()) {
          status.textContent = "New data: reload the page to see it";
        } else if (await refresh()) {
          stamp = live.stamp;
          body.dataset.stamp = stamp;
          status.textContent = "Live, updated " + new Date().toLocaleTimeString();
        }
      } else {
        status.textContent = "Live, checked " + new Date().toLocaleTimeString();
      }
    } catch {
      status.textContent = "Live updates paused: the server did not answer";
    }
    setTimeout(poll, every);
  }
  setTimeout(poll, every);
})();
`;

/** The icon (`/ui/assets/icon.svg`): a shield. */
export const ICON_SVG =
  `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 24 24"><path fill="#7fb3ff" d="M12 2 4 5v6c0 5 3.4 9.3 8 11 4.6-1.7 8-6 8-11V5z"/><path fill="#1f3a5f" d="m10.6 15.6-3.2-3.2 1.4-1.4 1.8 1.8 4.6-4.6 1.4 1.4z"/></svg>`;

/** The static files by route. */
export const ASSETS: Record<string, { body: string; type: string }> = {
  "/ui/assets/app.css": { body: APP_CSS, type: "text/css; charset=utf-8" },
  "/ui/assets/app.js": { body: APP_JS, type: "text/javascript; charset=utf-8" },
  "/ui/assets/icon.svg": { body: ICON_SVG, type: "image/svg+xml" },
};
