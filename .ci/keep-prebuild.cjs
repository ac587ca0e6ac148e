/**
 * node .ci/keep-prebuild.cjs: after `npm ci`, keeps the better-sqlite3 addon it compiled as a
 * prebuilt binary in npm's cache, where better-sqlite3's install step (prebuild-install) looks
 * before it downloads: no prebuilt binary can be fetched on these machines, so every `npm ci`
 * compiled SQLite again (1 to 2.5 minutes of CI). Kept under prebuild-install's own name for it
 * (its URL: package version, Node ABI, platform and architecture), so another version, Node or
 * machine never gets it; prebuild-install loads the addon after unpacking and compiles when that
 * fails. Does nothing when the cache already holds one.
 */
const { execFileSync } = require('node:child_process');
const { existsSync, mkdirSync, renameSync } = require('node:fs');
const { dirname, join } = require('node:path');

const pkgDir = join(__dirname, '..', 'node_modules', 'better-sqlite3');
const addon = join(pkgDir, 'build', 'Release', 'better_sqlite3.node');
const fromPkg = (name) => require(require.resolve(name, { paths: [pkgDir] }));
const util = fromPkg('prebuild-install/util');
const pkg = require(join(pkgDir, 'package.json'));
const opts = { ...fromPkg('prebuild-install/rc')(pkg), pkg };
const cached = util.cachedPrebuild(util.getDownloadUrl(opts));

if (!existsSync(cached) && existsSync(addon)) {
  new (require(pkgDir))(':memory:').close(); // only an addon that loads under this Node
  mkdirSync(dirname(cached), { recursive: true });
  const temp = `${cached}.${process.pid}.tmp`;
  execFileSync('tar', ['-czf', temp, '-C', pkgDir, 'build/Release/better_sqlite3.node']);
  renameSync(temp, cached);
  console.log(`better-sqlite3's addon kept for the next npm ci: ${cached}`);
}
