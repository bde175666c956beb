/**
 * The one file that imports the Slack SDK (Bolt for JavaScript, which bundles @slack/web-api).
 * Everything else in the adapter imports what it needs from here, so replacing or upgrading the
 * SDK touches one import site. See https://docs.slack.dev/tools/bolt-js/
 */
export { App, ExpressReceiver, LogLevel, SocketModeReceiver, isValidSlackRequest, webApi } from '@slack/bolt';
export type { AuthorizeResult, Logger as BoltLogger, Receiver, types } from '@slack/bolt';
