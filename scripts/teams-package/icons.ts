/**
 * The Teams app icons, drawn in code: a bridge (arch, deck, hangers, abutments).
 * color.png: 192×192, white bridge on the accent colour. outline.png: 32×32, white on transparent
 * (Teams' rules for the outline icon: only white and transparency).
 */
import { encodePng } from './png.js';

export const ACCENT_COLOR = '#1F6F8B';

type Shape = (x: number, y: number) => boolean;

/** The bridge in a unit square (0..1, y downwards). */
const bridge: Shape = (x, y) => {
  const deckTop = 0.6;
  const deckBottom = 0.67;
  const deck = y >= deckTop && y <= deckBottom && x >= 0.1 && x <= 0.9;
  const abutment = y >= deckBottom && y <= 0.82 && ((x >= 0.1 && x <= 0.19) || (x >= 0.81 && x <= 0.9));
  const dx = x - 0.5;
  const dy = y - deckTop;
  const r = Math.hypot(dx, dy);
  const arch = y <= deckTop && r >= 0.3 && r <= 0.37;
  const hanger = y <= deckTop && r <= 0.31 && [-0.16, 0, 0.16].some((hx) => Math.abs(dx - hx) <= 0.022);
  return deck || abutment || arch || hanger;
};

/** Share of a pixel the shape covers, by 4×4 supersampling (smooth edges without a rasteriser). */
function coverage(shape: Shape, px: number, py: number, size: number, inset: number): number {
  const samples = 4;
  let hits = 0;
  for (let sy = 0; sy < samples; sy++) {
    for (let sx = 0; sx < samples; sx++) {
      const u = (px + (sx + 0.5) / samples) / size;
      const v = (py + (sy + 0.5) / samples) / size;
      // The symbol sits inside a safe margin.
      const x = (u - inset) / (1 - 2 * inset);
      const y = (v - inset) / (1 - 2 * inset);
      if (x >= 0 && x <= 1 && y >= 0 && y <= 1 && shape(x, y)) hits += 1;
    }
  }
  return hits / (samples * samples);
}

function hexColor(hex: string): [number, number, number] {
  const n = Number.parseInt(hex.slice(1), 16);
  return [(n >> 16) & 0xff, (n >> 8) & 0xff, n & 0xff];
}

export function colorIcon(size = 192, accent = ACCENT_COLOR): Buffer {
  const [r, g, b] = hexColor(accent);
  const rgba = new Uint8Array(size * size * 4);
  for (let y = 0; y < size; y++) {
    for (let x = 0; x < size; x++) {
      const c = coverage(bridge, x, y, size, 0.12);
      const i = (y * size + x) * 4;
      rgba[i] = Math.round(r + (255 - r) * c);
      rgba[i + 1] = Math.round(g + (255 - g) * c);
      rgba[i + 2] = Math.round(b + (255 - b) * c);
      rgba[i + 3] = 255;
    }
  }
  return encodePng(size, size, rgba);
}

export function outlineIcon(size = 32): Buffer {
  const rgba = new Uint8Array(size * size * 4);
  for (let y = 0; y < size; y++) {
    for (let x = 0; x < size; x++) {
      const i = (y * size + x) * 4;
      rgba[i] = 255;
      rgba[i + 1] = 255;
      rgba[i + 2] = 255;
      rgba[i + 3] = Math.round(255 * coverage(bridge, x, y, size, 0.02));
    }
  }
  return encodePng(size, size, rgba);
}
