import { fileURLToPath } from 'node:url';
import { corewarTask } from 'kaizen';

// A small nano hill: the five test warriors shipped with examples/corewar-nano.
export default corewarTask({
  name: 'suite-corewar-nano',
  program: '../../../../corewar-nano/seed.red',
  hill: 'nano',
  opponents: [fileURLToPath(new URL('../../../../corewar-nano/opponents', import.meta.url))],
  rounds: 10,
});
