/**
 * `npm run demo`: watch Brobygger carry a concern from a caretaker on Slack to a municipal team on
 * Teams and back, without Slack or Teams credentials. Everything runs locally and is stopped and
 * removed again at the end.
 */
import { play, JENS } from './scenario.js';
import { startStage } from './stage.js';

const print = (text: string) => process.stdout.write(`${text}\n`);

// Ctrl-C reaches the whole foreground process group, redis-server included, so there is nothing
// left to stop in order: quit. Exit handlers stop redis-server and remove the temporary directory.
process.on('SIGINT', () => {
  print('\nInterrupted.');
  process.exit(130);
});

async function main(): Promise<number> {
  print('Brobygger demo: a caretaker on Slack, the municipality on Teams.');
  print('The real service runs here (PGlite in memory, its own redis-server) against local stand-ins');
  print('for Slack’s Web API and Teams’ Bot Connector. People and teams: config/directory.sample.yaml.');
  print('');

  let stage;
  try {
    stage = await startStage({
      slackWorkspace: JENS.workspace,
      slackUsers: [{ id: JENS.userId, teamId: JENS.workspace, realName: JENS.name, locale: 'da-DK', email: 'jens.pedersen@fjordbo.dk' }],
      print,
    });
  } catch (err) {
    print(`\nThe demo could not start: ${err instanceof Error ? err.message : String(err)}`);
    return 1;
  }

  try {
    await play(stage, print);
    return 0;
  } catch (err) {
    print(`\nThe demo failed: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}`);
    return 1;
  } finally {
    print('\nStopping the service, its redis-server and the stand-ins…');
    await stage.stop();
    print('Done: everything is stopped and the temporary files are removed.');
  }
}

const code = await main();
process.exitCode = code;
// Everything is closed; should a handle linger anyway, do not leave the terminal hanging.
setTimeout(() => {
  print('(a handle was still open after stopping; exiting anyway)');
  process.exit(code);
}, 5_000).unref();
