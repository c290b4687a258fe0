#!/usr/bin/env node
// npm's preinstall, and scripts/node-env.sh's test of the machine's Node: is this Node the one
// package.json's "engines" asks for? Plain CommonJS with nothing newer than ES5 syntax, so that
// even a very old Node gets to print the one line of advice instead of a syntax error.
//   node scripts/check-node.cjs            one line on stderr and exit 1 when the Node is too old
//   node scripts/check-node.cjs --quiet    the same verdict as the exit code only
'use strict';
/* eslint-disable @typescript-eslint/no-require-imports -- CommonJS on purpose: the oldest Node must be able to read this file */
var fs = require('fs');
var path = require('path');

var root = path.join(__dirname, '..');
var wanted = JSON.parse(fs.readFileSync(path.join(root, 'package.json'), 'utf8')).engines.node;
// The project states its engine as one lower bound (">=22.12"); anything else is a mistake here.
var bound = /^>=\s*(\d+)(?:\.(\d+))?(?:\.(\d+))?$/.exec(wanted);
if (!bound) {
  process.stderr.write('mailscreen: package.json engines.node is "' + wanted + '"; scripts/check-node.cjs reads only ">=MAJOR.MINOR"\n');
  process.exit(2);
}

function parts(version) {
  return String(version).replace(/^v/, '').split('.').map(function (n) { return parseInt(n, 10) || 0; });
}

function atLeast(have, need) {
  for (var i = 0; i < 3; i++) {
    if ((have[i] || 0) !== (need[i] || 0)) return (have[i] || 0) > (need[i] || 0);
  }
  return true;
}

var need = [bound[1], bound[2] || 0, bound[3] || 0].map(Number);
var have = parts(process.versions.node);
if (atLeast(have, need)) process.exit(0);
if (process.argv.indexOf('--quiet') === -1) {
  process.stderr.write(
    'mailscreen: this is Node ' + process.version + ' and Mailscreen needs Node ' + wanted +
      ': run `scripts/node-env.sh npm ci` instead (it uses Node 24 from the npm registry, kept in .tools/)\n'
  );
}
process.exit(1);
