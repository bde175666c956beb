#!/usr/bin/env node
// Prepares a fresh machine for Brobygger: npm dependencies, the build (dist/), redis-server, .env and ./data.
// Runs before `npm ci`, so it may only use node: built-ins.
//
//   npm run setup                      everything
//   node scripts/setup.mjs --skip-npm  skip the npm step (dependencies already installed)
//   node scripts/setup.mjs --skip-redis
import { spawnSync } from 'node:child_process';
import console from 'node:console';
import { accessSync, constants, copyFileSync, existsSync, mkdirSync } from 'node:fs';
import { delimiter, dirname, join, relative } from 'node:path';
import process from 'node:process';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const flags = new Set(process.argv.slice(2));
const warnings = [];
let stepNumber = 0;

function step(title) {
  stepNumber += 1;
  console.log(`\n[${stepNumber}] ${title}`);
}
const done = (message) => console.log(`    ok: ${message}`);
const warn = (message) => {
  warnings.push(message);
  console.log(`    warning: ${message}`);
};

function findOnPath(command) {
  for (const dir of (process.env.PATH ?? '').split(delimiter)) {
    if (!dir) continue;
    try {
      accessSync(join(dir, command), constants.X_OK);
      return join(dir, command);
    } catch {
      // not in this directory
    }
  }
  return null;
}

/** Runs a command in the repository with its output shown; returns its exit status. */
function run(command, args, env = process.env) {
  console.log(`    $ ${[command, ...args].join(' ')}`);
  const result = spawnSync(command, args, {
    cwd: root,
    env,
    stdio: 'inherit',
    shell: process.platform === 'win32',
  });
  if (result.error) console.log(`    ${result.error.message}`);
  return result.status ?? 1;
}

function installDependencies() {
  const hasLock = existsSync(join(root, 'package-lock.json'));
  step(hasLock ? 'Installing npm dependencies (npm ci)' : 'Installing npm dependencies (npm install: no package-lock.json)');
  if (flags.has('--skip-npm')) return done('skipped (--skip-npm)');
  const status = run('npm', [hasLock ? 'ci' : 'install']);
  if (status !== 0) {
    console.error(`\nSetup failed: npm ${hasLock ? 'ci' : 'install'} exited with status ${status}.`);
    process.exit(status);
  }
  done('dependencies installed');
}

function buildService() {
  step('Building the service (npm run build → dist/cli/)');
  const status = run(process.execPath, [join('scripts', 'build.mjs')]);
  if (status !== 0) {
    console.error(`\nSetup failed: the build exited with status ${status}.`);
    process.exit(status);
  }
  done('built dist/cli/');
}

function canUseSudo() {
  return findOnPath('sudo') !== null && spawnSync('sudo', ['-n', 'true'], { stdio: 'ignore' }).status === 0;
}

function printRedisInstructions() {
  console.log(`    Install redis-server yourself, then run \`npm run setup\` again:
      Debian/Ubuntu:  sudo apt-get install -y redis-server
      Fedora/RHEL:    sudo dnf install -y redis
      macOS:          brew install redis
    Or set REDIS_URL in .env to a Redis server you already run.`);
}

function installRedis() {
  step('Checking for redis-server (used when REDIS_URL is not set)');
  if (flags.has('--skip-redis')) return done('skipped (--skip-redis)');
  const found = findOnPath('redis-server');
  if (found) return done(`found ${found}`);

  const isRoot = process.getuid?.() === 0;
  const sudo = !isRoot && canUseSudo();
  if (!findOnPath('apt-get') || (!isRoot && !sudo)) {
    warn(findOnPath('apt-get') ? 'redis-server is missing and this user cannot install packages' : 'redis-server is missing');
    return printRedisInstructions();
  }

  console.log(`    redis-server is missing; installing it with apt-get${sudo ? ' (through sudo)' : ''}`);
  const aptEnv = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
  // sudo resets the environment, so the variable is passed through env(1).
  const apt = (args) =>
    sudo ? run('sudo', ['-n', 'env', 'DEBIAN_FRONTEND=noninteractive', 'apt-get', ...args]) : run('apt-get', args, aptEnv);
  if (apt(['update']) !== 0) warn('apt-get update failed; trying the install anyway');
  apt(['install', '-y', 'redis-server']);

  const installed = findOnPath('redis-server');
  if (!installed) {
    warn('installing redis-server failed');
    return printRedisInstructions();
  }
  done(`installed ${installed}`);
  console.log('    (Brobygger starts its own redis-server under ./data; a system Redis service is not needed.)');
}

function createEnvFile() {
  step('Creating .env');
  const target = join(root, '.env');
  const example = join(root, '.env.example');
  if (existsSync(target)) return done('kept the existing .env');
  if (!existsSync(example)) return warn('.env.example is missing; no .env created');
  copyFileSync(example, target);
  done('copied .env.example to .env; fill in the Slack and/or Teams settings there');
}

function createDataDir() {
  step('Creating the data directory');
  const dir = join(root, 'data');
  const existed = existsSync(dir);
  mkdirSync(dir, { recursive: true });
  done(existed ? `${relative(root, dir)}/ already exists` : `created ${relative(root, dir)}/`);
}

installDependencies();
buildService();
installRedis();
createEnvFile();
createDataDir();

console.log(
  warnings.length === 0
    ? '\nSetup finished. Next: edit .env, then `npm start`.'
    : `\nSetup finished with ${warnings.length} warning(s):\n${warnings.map((w) => `  - ${w}`).join('\n')}\nNext: edit .env, then \`npm start\`.`,
);
