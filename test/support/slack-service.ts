/** The whole service with Slack on (HTTP mode) against a fake Slack, and the sample directory. */
import type { FakeSlack } from '../fakes/slack-web-api.js';
import { sampleDirectoryWithTeamsAt } from './directories.js';
import { startTestService, type TestService } from './service.js';

export function startSlackTestService(slack: FakeSlack, signingSecret: string): Promise<TestService> {
  return startTestService({
    env: { SLACK_BOT_TOKEN: 'xoxb-test', SLACK_SIGNING_SECRET: signingSecret, SLACK_API_URL: slack.apiUrl },
    directory: sampleDirectoryWithTeamsAt('http://127.0.0.1:9/'),
  });
}
