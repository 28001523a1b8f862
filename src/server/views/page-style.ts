/**
 * The dashboard's one stylesheet (a site's heatmap view uses it too), inlined in a single <style>
 * element and allowed by its hash (no 'unsafe-inline'). It is a constant, so the hash is computed
 * once at module load. Nothing in the page uses a style="" attribute: a CSP without 'unsafe-inline'
 * would block it, so every look is a class.
 * Colours are custom properties, switched by prefers-color-scheme.
 */
import { createHash } from 'node:crypto';

export const PAGE_STYLE = `
:root{color-scheme:light dark;--bg:#f6f7f9;--card:#fff;--fg:#1f2328;--muted:#59636e;--line:#d8dee4;--soft:#eef1f4;
--up:#1a7f37;--warn:#bf8700;--down:#cf222e;--unknown:#8250df;--none:#d0d7de;--accent:#0969da;--chart:#0969da}
@media (prefers-color-scheme:dark){:root{--bg:#0d1117;--card:#161b22;--fg:#e6edf3;--muted:#9198a1;--line:#30363d;--soft:#21262d;
--up:#3fb950;--warn:#d29922;--down:#f85149;--unknown:#a371f7;--none:#30363d;--accent:#4493f8;--chart:#4493f8}}
*{box-sizing:border-box}
html{-webkit-text-size-adjust:100%}
body{margin:0;background:var(--bg);color:var(--fg);font:15px/1.5 system-ui,-apple-system,"Segoe UI",Roboto,"Helvetica Neue",Arial,sans-serif;overflow-wrap:anywhere}
.wrap{max-width:960px;margin:0 auto;padding:0 16px}
header.top{padding-top:32px;padding-bottom:8px}
h1{font-size:1.75rem;line-height:1.25;margin:0 0 4px}
h2{font-size:1.05rem;margin:32px 0 12px}
h3{font-size:1rem;margin:0}
p{margin:0}
a{color:var(--accent)}
.lede,.muted{color:var(--muted)}
.banner{display:flex;flex-wrap:wrap;align-items:center;gap:6px 12px;margin:20px 0 8px;padding:14px 18px;border-radius:10px;background:var(--card);border:1px solid var(--line);border-left:6px solid var(--c)}
.banner strong{font-size:1.1rem}
.banner .meta{margin-left:auto;color:var(--muted);font-size:.85rem}
.s-up{--c:var(--up)}.s-degraded{--c:var(--warn)}.s-down{--c:var(--down)}.s-unknown{--c:var(--unknown)}.s-nodata{--c:var(--none)}
.dot{display:inline-block;width:10px;height:10px;border-radius:50%;background:var(--c);flex:none}
.live{font-size:.8rem;padding:1px 8px;border-radius:99px;background:var(--soft)}
.live.on::before{content:"";display:inline-block;width:6px;height:6px;margin-right:5px;border-radius:50%;background:var(--up);vertical-align:middle}
.notice{background:var(--card);border:1px solid var(--line);border-left:4px solid var(--c);border-radius:8px;padding:10px 14px;margin:0 0 8px}
.notice p+p{margin-top:2px}
.cards{display:grid;gap:12px}
.card{background:var(--card);border:1px solid var(--line);border-radius:10px;padding:16px 18px}
.card-head{display:flex;flex-wrap:wrap;align-items:center;gap:4px 10px}
.type{font-size:.75rem;color:var(--muted);border:1px solid var(--line);border-radius:4px;padding:0 6px}
.pill{margin-left:auto;display:inline-flex;align-items:center;gap:6px;font-size:.85rem;font-weight:600;color:var(--c)}
.desc{color:var(--muted);margin-top:2px}
.msg{margin-top:8px;font-size:.875rem;padding:6px 10px;border-radius:6px;background:var(--soft)}
.card.s-up .msg{color:var(--muted);background:none;padding:0}
.since{margin-top:6px;font-size:.875rem;color:var(--c);font-weight:600}
.figures{display:flex;flex-wrap:wrap;gap:8px 22px;margin:12px 0 0;padding:0}
.figures div{min-width:0}
.figures dt{font-size:.75rem;color:var(--muted)}
.figures dd{margin:0;font-variant-numeric:tabular-nums;font-weight:600}
.scores{display:flex;flex-wrap:wrap;gap:8px 14px;list-style:none;margin:12px 0 0;padding:0;font-size:.8rem;color:var(--muted)}
.scores b{display:inline-grid;place-items:center;width:2.2rem;height:2.2rem;margin-right:6px;border-radius:50%;border:3px solid var(--c);color:var(--fg);font-size:.85rem}
.vitals{margin-top:8px;font-size:.8rem;color:var(--muted)}
.bars{display:flex;gap:2px;height:34px;list-style:none;margin:14px 0 4px;padding:0}
.bars li{flex:1 1 0;min-width:0;border-radius:2px;background:var(--up)}
.bars li:hover{opacity:.6}
.bars .w{background:var(--warn)}.bars .x{background:var(--down)}.bars .n{background:var(--none)}
.axis{display:flex;justify-content:space-between;gap:8px;font-size:.75rem;color:var(--muted)}
.chart{margin:14px 0 0}
.chart svg{display:block;width:100%;height:64px}
.chart path{fill:var(--chart);fill-opacity:.12;stroke:var(--chart);stroke-width:1.5;vector-effect:non-scaling-stroke;stroke-linejoin:round}
.chart .bd{fill:var(--down);opacity:.25}.chart .bw{fill:var(--warn);opacity:.22}
.chart figcaption{font-size:.75rem;color:var(--muted);margin-top:2px}
.scroll{overflow-x:auto}
h4{font-size:.75rem;font-weight:600;margin:12px 0 0}
.empty{color:var(--muted);font-size:.875rem;margin-top:12px}
table{width:100%;border-collapse:collapse;background:var(--card);border:1px solid var(--line);border-radius:10px;font-size:.875rem}
th,td{text-align:left;padding:8px 12px;border-top:1px solid var(--line);vertical-align:top}
th{border-top:0;color:var(--muted);font-weight:600;font-size:.75rem}
.tag{font-weight:600;color:var(--c)}
.grid2{display:grid;grid-template-columns:repeat(auto-fit,minmax(260px,1fr));gap:12px}
.list{list-style:none;margin:8px 0 0;padding:0;font-size:.875rem}
.list li{display:flex;justify-content:space-between;gap:12px;padding:3px 0;border-top:1px solid var(--soft)}
.list span{min-width:0;overflow:hidden;text-overflow:ellipsis;white-space:nowrap}
code{font:.85em ui-monospace,SFMono-Regular,Menlo,Consolas,monospace}
.hbars{list-style:none;margin:8px 0 0;padding:0;font-size:.875rem}
.hbars li{display:grid;grid-template-columns:minmax(0,1fr) auto;gap:2px 12px;padding:5px 0;border-top:1px solid var(--soft)}
.hbars code,.hbars span{min-width:0;overflow:hidden;text-overflow:ellipsis;white-space:nowrap}
.hbars b{font-variant-numeric:tabular-nums}
.hbars svg{grid-column:1/-1;display:block;width:100%;height:6px}
.hbars rect{fill:var(--accent)}.hbars .track{fill:var(--soft)}
.pages li{flex-wrap:wrap}.pages .page{flex:1 1 0;min-width:0;overflow:hidden;text-overflow:ellipsis;white-space:nowrap}
.chips{display:flex;flex-wrap:wrap;gap:4px;width:100%}
.chip{font-size:.75rem;border:1px solid var(--line);border-radius:99px;padding:0 8px;text-decoration:none}
[aria-current=page]{font-weight:600}.chip[aria-current=page]{background:var(--soft)}
footer{margin:40px auto 32px;font-size:.8rem;color:var(--muted)}
@media (max-width:560px){body{font-size:14px}header.top{padding-top:20px}.banner .meta{margin-left:0;width:100%}
.figures{gap:6px 16px}th,td{padding:6px 8px}.hide-s{display:none}}
`.trim();

/** `'sha256-…'` for the CSP's style-src. */
export const PAGE_STYLE_HASH = `'sha256-${createHash('sha256').update(PAGE_STYLE).digest('base64')}'`;
