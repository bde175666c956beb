/**
 * The chart renderer's child process (forked by render-process.ts; built to dist/cli/render-child.js).
 * It loads Vega, Vega-Lite and resvg, so the service process never does (issue 18: ≤ 30 MiB of
 * extra RSS per chart in the service; these libraries cost ~100 MiB). Requests arrive over IPC as
 * `{ id, spec, scale }` and are answered `{ id, png }` or `{ id, error }` (advanced serialisation,
 * so the PNG travels as bytes). The process ends when its parent disconnects: the parent closes
 * the channel once the child has been idle for a while, or the parent itself goes away.
 */
import process from 'node:process';
import { z } from 'zod';
import { renderChartPng } from './render.js';

const requestSchema = z.object({
  id: z.number().int(),
  spec: z.record(z.string(), z.unknown()),
  scale: z.number().positive().max(8).optional(),
});

/** What the child answers for each request. */
export type RenderReply = { id: number; png: Uint8Array } | { id: number; error: string };

function reply(message: RenderReply): void {
  process.send?.(message);
}

process.on('message', (raw: unknown) => {
  const parsed = requestSchema.safeParse(raw);
  if (!parsed.success) {
    const id = typeof (raw as { id?: unknown })?.id === 'number' ? (raw as { id: number }).id : -1;
    return reply({ id, error: `bad render request: ${parsed.error.message}` });
  }
  const { id, spec, scale } = parsed.data;
  renderChartPng(spec, scale === undefined ? {} : { scale }).then(
    (png) => reply({ id, png }),
    (error: unknown) => reply({ id, error: error instanceof Error ? error.message : String(error) }),
  );
});
process.on('disconnect', () => process.exit(0));
