// Differential-test oracle: converts Unicode text to TCVN3 and VNI with the npm package
// `vietnamese-conversion` (installed by scripts/test-deps.sh, never copied here).
// Usage: node vietnamese-conversion.js <test-deps folder>  < one text per line
// Prints one line per input line: <TCVN3> TAB <VNI>.
'use strict';
const path = require('path');
const deps = process.argv[2];
const vc = require(path.join(deps, 'node_modules', 'vietnamese-conversion'));
let input = '';
process.stdin.setEncoding('utf8');
process.stdin.on('data', (chunk) => { input += chunk; });
process.stdin.on('end', () => {
  const lines = input.split('\n');
  if (lines[lines.length - 1] === '') lines.pop();
  const out = lines.map((t) => vc.toTCVN3(t, 'unicode') + '\t' + vc.toVNI(t, 'unicode'));
  process.stdout.write(out.join('\n') + '\n');
});
