/**
 * Teams shows pictures by URL only (Adaptive Card `Image.url`), and a card must stay under the
 * 28 KB message limit (https://learn.microsoft.com/en-us/microsoftteams/platform/bots/how-to/format-your-bot-messages),
 * so PNG bytes are never inlined as a data URI: they are published under PUBLIC_URL first.
 */
import type { MessageBlock, NeutralMessage } from '../../src/core/messages.js';

/** Publishes PNG bytes and answers the URL Teams fetches them from (src/chart/chart-links.ts). */
export interface ImageLinks {
  publish(png: Uint8Array): Promise<string>;
}

/**
 * The message with every PNG image replaced by its published URL. Without links (no PUBLIC_URL)
 * the images are left out: the digest's text carries the same figures.
 */
export async function linkImages(message: NeutralMessage, links: ImageLinks | undefined): Promise<NeutralMessage> {
  if (!message.blocks.some((b) => b.kind === 'image' && b.png)) return message;
  const blocks: MessageBlock[] = [];
  for (const block of message.blocks) {
    if (block.kind !== 'image' || !block.png) {
      blocks.push(block);
      continue;
    }
    if (!links) continue;
    const { png, ...rest } = block;
    blocks.push({ ...rest, url: await links.publish(png) });
  }
  return { ...message, blocks };
}
