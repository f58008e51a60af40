#!/usr/bin/env python3
"""Regenerates oracle.jsonl and oracle-files.jsonl: runs pMARS 0.9.4 on each case below and records {argv, stdout,
stderr, exitCode}.

Usage: python3 capture.py [PMARS] [WARRIORS_DIR] [--only FILE]
  (defaults: /work/tools/pmars/src/pmars and /work/shared/corewar/warriors; --only: write that oracle file alone)
pMARS runs in a scratch folder holding two links, pmars-debian -> WARRIORS_DIR/pmars-debian and
params -> this folder's params, so every path in argv and in the parameter files is relative and stable.
"""
import json, os, subprocess, sys, tempfile

args = [a for a in sys.argv[1:] if a != '--only']
only = sys.argv[sys.argv.index('--only') + 1] if '--only' in sys.argv else None
if only:
    args.remove(only)

here = os.path.dirname(os.path.abspath(__file__))
pmars = args[0] if len(args) > 0 else '/work/tools/pmars/src/pmars'
warriors = args[1] if len(args) > 1 else '/work/shared/corewar/warriors'

A, R, V, F = 'pmars-debian/aeka.red', 'pmars-debian/rave.red', 'pmars-debian/validate.red', 'pmars-debian/flashpaper.red'
CASES = [
    # -@: options from a file (comments, quoted formula), mixed with the command line, nested, missing, bad
    ['-@', 'params/basic.par'],
    ['-b', '-r', '10', '-@', 'params/opts.par', A, R],
    ['-b', '-r', '10', '-o@', 'params/opts.par', A, R],
    ['-@', 'params/long-comment.par'],
    ['-@', 'params/nested.par'],
    ['-@', 'params/outer-missing.par', A, R],
    ['-b', '-@', 'params/missing.par', A, R],
    ['-b', '-@'],
    ['-b', '-@x', 'params/opts.par', A, R],
    ['-@', 'params/bad-option.par', A, R],
    ['-@', 'params/nested-bad.par', A, R],
    ['-b', '-r', '3', '-F', '1000', A, '$', R],
    # -=: score formulas (W = warriors, S = survivors), two and three warriors, -o, -k, bad ones
    ['-b', '-r', '50', '-F', '1000', '-=', 'W*W-S', A, R],
    ['-b', '-r', '50', '-F', '1000', '-=', '(S==1)*3+(S==2)', A, R],
    ['-b', '-r', '30', '-f', '-=', '(S==1)*5 + (S==2)*2 + (S==3)', A, R, F],
    ['-b', '-o', '-r', '30', '-F', '2500', '-=', '10*W/S-S', A, R, F],
    ['-bk', '-r', '30', '-F', '2500', '-=', '100/S', A, R, F],
    ['-b', '-r', '20', '-F', '2500', '-=', 'x=x+S', A, R, F],
    ['-b', '-r', '10', '-=', 'W/(S-1)', A, R],
    ['-b', '-r', '10', '-=', '(W*W-1/S', A, R],
    # -r 0: listings only (or nothing with -b)
    ['-r', '0', '-F', '1000', A, R],
    ['-b', '-r', '0', A, R],
    # -F beyond the core size: pMARS takes it as is (its C int wraps at 2^32), seed = F - distance
    ['-b', '-r', '20', '-F', '9000', A, R],
    ['-b', '-r', '20', '-F', '16100', A, R],
    ['-b', '-r', '20', '-F', '4294967396', A, R],
    ['-b', '-r', '20', '-F', '12345678901', A, R],
    # pMARS's usage screen and messages
    ['-b', '-x', A],
    ['-b', '-r'],
    ['-b', '-rb', '5', A],
    ['-b', '-c', '0', A],
    ['-b', '-f', '-F', '50', '-d', '80', A, R],
    ['-b'],
]

# Warrior files that do not open or read, a directory as a parameter file, a PIN in -A's load file, a process limit
# beyond what a round can reach. None prints the usage screen.
FILE_CASES = [
    ['-b', '-F', '400', R, 'pmars-debian/no-such-warrior.red'],
    ['-b', '-F', '400', R, 'pmars-debian'],
    ['-b', '-@', 'params', '-F', '400', A, R],
    ['-A', 'params/pin.red'],
    ['-A', '-s', '80', '-l', '5', '-d', '5', 'params/pin.red'],
    ['-b', '-r', '3', '-F', '500', '-p', '268435457', A, R],
    ['-b', '-r', '3', '-F', '500', '-p', '200000000', A, R, V],
]

with tempfile.TemporaryDirectory() as tmp:
    os.symlink(os.path.join(warriors, 'pmars-debian'), os.path.join(tmp, 'pmars-debian'))
    os.symlink(os.path.join(here, 'params'), os.path.join(tmp, 'params'))
    for name, cases in (('oracle.jsonl', CASES), ('oracle-files.jsonl', FILE_CASES)):
        if only and name != only:
            continue
        with open(os.path.join(here, name), 'w') as out:
            for argv in cases:
                p = subprocess.run([pmars, *argv], cwd=tmp, capture_output=True, text=True, stdin=subprocess.DEVNULL)
                out.write(json.dumps({'argv': argv, 'stdout': p.stdout, 'stderr': p.stderr, 'exitCode': p.returncode}) + '\n')
