/**
 * The baseline of scenario 1: a bare Bolt app on ExpressReceiver with the same signing secret,
 * which verifies and acknowledges a view_submission and does nothing else. Run as a child process
 * by the bench (node --import tsx bench/baseline-bolt.ts) with PORT, SLACK_SIGNING_SECRET,
 * SLACK_BOT_TOKEN and SLACK_API_URL set.
 */
import { App, ExpressReceiver, LogLevel } from '@slack/bolt';

const port = Number(process.env.PORT);
const signingSecret = process.env.SLACK_SIGNING_SECRET;
const botToken = process.env.SLACK_BOT_TOKEN;
if (!Number.isInteger(port) || !signingSecret || !botToken) {
  console.error('baseline-bolt needs PORT, SLACK_SIGNING_SECRET and SLACK_BOT_TOKEN');
  process.exit(2);
}

const receiver = new ExpressReceiver({ signingSecret, endpoints: '/slack/events', processBeforeResponse: false });
receiver.router.get('/healthz', (_req, res) => {
  res.json({ status: 'ok' });
});
const app = new App({
  receiver,
  // Static, like a single-workspace app whose ids are known: no Web API call on the request path.
  authorize: async () => ({ botToken, botId: 'B0BOT00001', botUserId: 'U0BOT00001' }),
  clientOptions: process.env.SLACK_API_URL ? { slackApiUrl: process.env.SLACK_API_URL } : {},
  logLevel: LogLevel.WARN,
  convoStore: false,
});
app.view({ type: 'view_submission' }, async ({ ack }) => {
  await ack();
});

await receiver.start({ port, host: '127.0.0.1' });
console.log(`baseline Bolt app listening on ${port}`);

const stop = async () => {
  await app.stop();
  process.exit(0);
};
process.on('SIGTERM', () => void stop());
process.on('SIGINT', () => void stop());
