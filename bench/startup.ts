// Start-up benchmark: `kaizen --version` and `kaizen corewar battle` (no round, then one), as whole processes, beside a bare
// `node -e ''` measured in the same run (target: within 100 ms of it), and the whole-process aeka vs rave battle
// (1,000 rounds) beside pMARS when $PMARS names its binary.
// Run: node bench/startup.ts   (or: npm run bench -- startup)
import { pathToFileURL } from 'node:url';
import { corewarData } from './data.ts';
import { kaizen, kaizenRuns, referenceBinary, timeProcesses } from './processes.ts';

const TARGET_MS = 100;

export async function startupBench(runs = 10): Promise<string[]> {
  const lines = [kaizenRuns()];
  const data = corewarData();
  const pair = 'missing' in data ? null : [data.warrior('pmars-debian/aeka.red'), data.warrior('pmars-debian/rave.red')];
  const timed = timeProcesses(
    [
      { label: "node -e ''", argv: [process.execPath, '-e', ''] },
      { label: 'kaizen --version', argv: kaizen('--version') },
      ...(pair
        ? [
            // -r 0 assembles both warriors and stops before the first instruction (as pMARS does): start-up proper.
            { label: 'kaizen corewar battle -b -r 0 aeka.red rave.red (load + assemble)', argv: kaizen('corewar', 'battle', '-b', '-r', '0', ...pair) },
            {
              label: 'kaizen corewar battle -b -r 1 -F 4000 aeka.red rave.red (one round, cold JIT)',
              argv: kaizen('corewar', 'battle', '-b', '-r', '1', '-F', '4000', ...pair),
            },
          ]
        : []),
    ],
    runs,
  );
  const bare = timed[0].medianMs;
  lines.push(`median of ${runs} runs each, interleaved:`);
  for (const t of timed) {
    const over = t.medianMs - bare;
    lines.push(
      t === timed[0]
        ? `  ${t.label}: ${t.medianMs.toFixed(1)} ms`
        : `  ${t.label}: ${t.medianMs.toFixed(1)} ms, ${over >= 0 ? '+' : ''}${over.toFixed(1)} ms over bare Node (target ≤ ${TARGET_MS}: ${over <= TARGET_MS ? 'met' : 'NOT met'})`,
    );
  }
  if ('missing' in data) {
    lines.push(`corewar start-up and whole battle skipped: ${data.missing}`);
    return lines;
  }
  lines.push(...wholeBattle(data.warrior('pmars-debian/aeka.red'), data.warrior('pmars-debian/rave.red')));
  return lines;
}

/** `-b -r 1000 -F 4000 aeka.red rave.red` as a whole process, Kaizen beside pMARS ($PMARS) when given. */
export function wholeBattle(aeka: string, rave: string, runs = 5): string[] {
  const args = ['-b', '-r', '1000', '-F', '4000', aeka, rave];
  const pmars = referenceBinary('PMARS');
  const timed = timeProcesses(
    [
      { label: 'kaizen corewar battle', argv: kaizen('corewar', 'battle', ...args) },
      ...('path' in pmars ? [{ label: 'pmars', argv: [pmars.path, ...args] }] : []),
    ],
    runs,
  );
  const [k, p] = timed;
  const lines = [`aeka vs rave, -b -r 1000 -F 4000, whole process (median of ${runs}): kaizen ${(k.medianMs / 1000).toFixed(3)} s`];
  if ('missing' in pmars || !p) {
    lines.push(`  no pMARS figure: ${'missing' in pmars ? pmars.missing : ''} (set it to a pMARS 0.9.4 binary to compare)`);
    return lines;
  }
  const same =
    p.stdout.trim() === k.stdout.trim()
      ? 'same results'
      : `RESULTS DIFFER: pMARS "${p.stdout.trim().split('\n').at(-1)}" vs Kaizen "${k.stdout.trim().split('\n').at(-1)}"`;
  lines.push(`  pMARS (${pmars.path}) ${(p.medianMs / 1000).toFixed(3)} s; Kaizen runs at ${(p.medianMs / k.medianMs).toFixed(2)}x pMARS speed; ${same}`);
  return lines;
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  for (const line of await startupBench()) console.log(line);
}
