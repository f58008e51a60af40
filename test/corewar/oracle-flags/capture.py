#!/usr/bin/env python3
"""Regenerates oracle.jsonl, oracle-files.jsonl and oracle-assembly.jsonl: runs pMARS 0.9.4 on each case below and
records {argv, stdout, stderr, exitCode}.

Usage: python3 capture.py [PMARS] [WARRIORS_DIR] [--only FILE]
  (defaults: /work/tools/pmars/src/pmars and /work/shared/corewar/warriors; --only: write that oracle file alone)
pMARS runs in a scratch folder holding links to each folder of WARRIORS_DIR (pmars-debian, drq, ...) and to this
folder's params and broken, so every path in argv and in the parameter files is relative and stable.
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
# beyond what a round can reach, listings of odd warriors. None prints the usage screen.
FILE_CASES = [
    ['-b', '-F', '400', R, 'pmars-debian/no-such-warrior.red'],
    ['-b', '-F', '400', R, 'pmars-debian'],
    ['-b', '-@', 'params', '-F', '400', A, R],
    ['-A', 'params/pin.red'],
    ['-A', '-s', '80', '-l', '5', '-d', '5', 'params/pin.red'],
    ['-b', '-r', '3', '-F', '500', '-p', '268435457', A, R],
    ['-b', '-r', '3', '-F', '500', '-p', '200000000', A, R, V],
    # Listings (no -b) of a warrior without instructions and of one that starts outside its code.
    ['-r', '0', 'params/empty.red'],
    ['-r', '0', 'params/outside.red', A],
]

# Warriors that fail to assemble or assemble with warnings: pMARS's messages, counts and repeats on stderr (and the
# failed check it prints on stdout for a message in a predefined constant's text). Each file of broken/ alone, then
# real warriors and several warriors in one run (listings, -A, a battle, a failure that ends the run).
B = lambda name: f'broken/{name}.red'
J, L, E = 'corewar.io/doligez-archive/1984/juggernaut.red', 'pycorewar/Koenigstuhl/lp/lazy.red', 'yacereloaded/error/error.red'
ASSEMBLY_CASES = [['-b', '-r', '0', f'broken/{f}'] for f in sorted(os.listdir(os.path.join(here, 'broken')))] + [
    ['-b', '-r', '0', w] for w in [
        'pmars-debian/pspace.red', J, L, E,
        'corewar.io/parser-tests/ICWS-86/dwarf.red',
        'corewar.io/parser-tests/regression/no-modifier.red',
        'corewar.io/doligez-archive/1987/JR-26-8192.red',
        'corewar.io/doligez-archive/1987/KILLER1.1.red',
        'pycorewar/Koenigstuhl/94x/55hsb.red',
    ]
] + [
    ['-r', '0', B('dupelabel'), B('undeflabel')],
    ['-b', '-r', '0', B('undeflabel'), B('dupelabel')],
    ['-b', '-r', '0', B('warn-only'), B('assertbad'), B('toomany')],
    ['-r', '0', A, B('predefined-equ'), R],
    ['-A', B('assertbad')],
    ['-A', B('mixed')],
    ['-b', '-r', '3', '-F', '500', B('warn-only'), B('repeated-warning')],
    ['-b', '-k', '-r', '3', '-F', '500', J, A],
    ['-r', '0', J, 'corewar.io/doligez-archive/1986/mice.red'],
    ['-b', '-r', '0', B('dupelabel'), 'pmars-debian/no-such-warrior.red'],
    ['-b', '-r', '0', '-l', '5', '-d', '5', A],
    ['-b', '-r', '0', '-s', '55440', 'pycorewar/Koenigstuhl/94x/55hsb.red'],
]

with tempfile.TemporaryDirectory() as tmp:
    for folder in os.listdir(warriors):
        os.symlink(os.path.join(warriors, folder), os.path.join(tmp, folder))
    for folder in ('params', 'broken'):
        os.symlink(os.path.join(here, folder), os.path.join(tmp, folder))
    for name, cases in (('oracle.jsonl', CASES), ('oracle-files.jsonl', FILE_CASES), ('oracle-assembly.jsonl', ASSEMBLY_CASES)):
        if only and name != only:
            continue
        with open(os.path.join(here, name), 'w') as out:
            for argv in cases:
                # (pMARS hangs on some sources, e.g. lines of 255 characters or more: none is listed here.)
                p = subprocess.run([pmars, *argv], cwd=tmp, capture_output=True, text=True, stdin=subprocess.DEVNULL, timeout=60)
                out.write(json.dumps({'argv': argv, 'stdout': p.stdout, 'stderr': p.stderr, 'exitCode': p.returncode}) + '\n')
