/**
 * Draws the heatmap over a page in headless Chromium: each click group's selector is resolved to the
 * element's box at this width, its clicks are accumulated as blurred radial blots on a canvas
 * (density in the alpha channel), then coloured blue → red by density; scroll-reach bands are lines
 * at the depths 100/75/50/25 % of page views reached. Runs inside the page (serialised by
 * playwright-core), so it uses only DOM APIs and its arguments.
 */
import type { HeatmapClickGroup, ScrollReach } from './heatmap-figures.js';

export interface OverlayResult {
  /** Per click group: the element's box in page pixels, or null when the selector matches nothing here. */
  boxes: ({ left: number; top: number; width: number; height: number } | null)[];
  pageHeight: number;
}

/* eslint-disable @typescript-eslint/no-explicit-any */
export function drawOverlay(input: { clicks: HeatmapClickGroup[]; reach: ScrollReach; radius: number }): OverlayResult {
  const d = (globalThis as any).document;
  const root = d.documentElement;
  const width = Math.max(root.scrollWidth, root.clientWidth);
  const height = Math.max(root.scrollHeight, root.clientHeight);
  const density = d.createElement('canvas');
  density.width = width;
  density.height = height;
  const dc = density.getContext('2d');
  const boxes: OverlayResult['boxes'] = [];
  const sx = (globalThis as any).scrollX;
  const sy = (globalThis as any).scrollY;
  for (const group of input.clicks) {
    let element: any = null;
    try {
      element = d.querySelector(group.selector);
    } catch {
      element = null;
    }
    if (!element) {
      boxes.push(null);
      continue;
    }
    const r = element.getBoundingClientRect();
    const box = { left: r.left + sx, top: r.top + sy, width: r.width, height: r.height };
    boxes.push(box);
    const cx = box.left + group.x * box.width;
    const cy = box.top + group.y * box.height;
    const blot = dc.createRadialGradient(cx, cy, 0, cx, cy, input.radius);
    blot.addColorStop(0, 'rgba(0,0,0,0.25)');
    blot.addColorStop(1, 'rgba(0,0,0,0)');
    dc.fillStyle = blot;
    for (let i = 0; i < group.count; i++) dc.fillRect(cx - input.radius, cy - input.radius, input.radius * 2, input.radius * 2);
  }
  // Colour by density: the densest spot is the reddest.
  const image = dc.getImageData(0, 0, width, height);
  const px = image.data;
  let max = 1;
  for (let i = 3; i < px.length; i += 4) if (px[i] > max) max = px[i];
  for (let i = 0; i < px.length; i += 4) {
    const t = px[i + 3] / max;
    if (t === 0) continue;
    px[i] = Math.round(255 * t);
    px[i + 1] = Math.round(80 * (1 - Math.abs(2 * t - 1)));
    px[i + 2] = Math.round(255 * (1 - t));
    px[i + 3] = Math.round(255 * (0.35 + 0.55 * t));
  }
  const overlay = d.createElement('canvas');
  overlay.width = width;
  overlay.height = height;
  Object.assign(overlay.style, { position: 'absolute', left: '0', top: '0', width: `${width}px`, height: `${height}px`, pointerEvents: 'none', zIndex: '2147483647' });
  const oc = overlay.getContext('2d');
  oc.putImageData(image, 0, 0);
  oc.font = '14px sans-serif';
  for (const { share, depth } of input.reach.reached) {
    const y = Math.min(height - 1, Math.round(depth * height));
    oc.fillStyle = 'rgba(20,20,20,0.08)';
    oc.fillRect(0, y, width, height - y);
    oc.fillStyle = 'rgba(20,20,20,0.85)';
    oc.fillRect(0, y, width, 2);
    oc.fillText(`${share}% of ${input.reach.views} page views reach here`, 8, Math.max(16, y - 6));
  }
  d.body.appendChild(overlay);
  return { boxes, pageHeight: height };
}
