/**
 * Images into a Slack conversation with the current upload flow (files.upload is retired):
 *   1. files.getUploadURLExternal { filename, length, alt_txt } → { upload_url, file_id }
 *   2. POST the bytes to upload_url (HTTP 200 when received)
 *   3. files.completeUploadExternal { files: [{ id, title }], channel_id } shares it in the channel
 * https://docs.slack.dev/messaging/working-with-files#uploading_files
 * Not WebClient#filesUploadV2: it sends the alt text as `alt_text`, while the method documents
 * `alt_txt` (https://docs.slack.dev/reference/methods/files.getUploadURLExternal), and the alt
 * text is the point for people using screen readers. Needs the bot scope `files:write`.
 */
import type { webApi } from './sdk.js';
import { z } from 'zod';
import type { ImageBlock, NeutralMessage } from '../../src/core/messages.js';
import { DeliveryError } from '../../src/core/ports.js';
import { toDeliveryError } from './errors.js';

/** alt_txt over 1000 characters is refused (alt_txt_too_large). */
const MAX_ALT = 1000;

const uploadUrlSchema = z.looseObject({ upload_url: z.url(), file_id: z.string().min(1) });

/** An uploaded file, not yet visible to anyone until it is shared with `shareFile`. */
export interface PendingUpload {
  fileId: string;
  title: string;
}

/** Steps 1 and 2: the bytes are with Slack, nobody sees them yet. Errors are DeliveryErrors. */
export async function uploadImage(client: webApi.WebClient, image: ImageBlock & { png: Uint8Array }): Promise<PendingUpload> {
  let answer: unknown;
  try {
    answer = await client.apiCall('files.getUploadURLExternal', {
      filename: image.filename,
      length: image.png.byteLength,
      alt_txt: image.alt.slice(0, MAX_ALT),
    });
  } catch (error) {
    throw toDeliveryError(error);
  }
  const parsed = uploadUrlSchema.safeParse(answer);
  if (!parsed.success) throw new DeliveryError('unavailable', 'files.getUploadURLExternal answered without upload_url/file_id');
  let response: Response;
  try {
    response = await fetch(parsed.data.upload_url, { method: 'POST', body: image.png, headers: { 'content-type': 'image/png' } });
  } catch (error) {
    throw new DeliveryError('unavailable', `the file upload to Slack failed: ${(error as Error).message}`);
  }
  await response.arrayBuffer().catch(() => undefined);
  if (response.status !== 200) throw new DeliveryError('unavailable', `the file upload to Slack answered HTTP ${response.status}`);
  return { fileId: parsed.data.file_id, title: image.title };
}

/** Step 3: the uploaded files appear in the conversation (a channel or DM id, not a user id). */
export async function shareFiles(client: webApi.WebClient, channelId: string, uploads: readonly PendingUpload[]): Promise<void> {
  if (uploads.length === 0) return;
  try {
    await client.files.completeUploadExternal({
      files: uploads.map((u) => ({ id: u.fileId, title: u.title })) as [{ id: string; title: string }],
      channel_id: channelId,
    });
  } catch (error) {
    throw toDeliveryError(error);
  }
}

/** Steps 1 and 2 for every PNG image of a message, in order. */
export async function uploadImages(client: webApi.WebClient, message: NeutralMessage): Promise<PendingUpload[]> {
  const uploads: PendingUpload[] = [];
  for (const block of message.blocks) {
    if (block.kind === 'image' && block.png) uploads.push(await uploadImage(client, { ...block, png: block.png }));
  }
  return uploads;
}

/** Uploads every PNG image of a message and shares them in the conversation, after the message. */
export async function postImages(client: webApi.WebClient, channelId: string, message: NeutralMessage): Promise<void> {
  await shareFiles(client, channelId, await uploadImages(client, message));
}
