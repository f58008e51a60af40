import { defineTask } from 'kaizen';
import courier from '../courier/task.ts';

// The courier contest on two objectives: the case score (the sum over the public cases) and the mean CPU time a case
// takes. The champion is the best score (a multi-case task's champion is always its case score); the front shows
// what a faster solver gives up.
export default defineTask({
  ...courier,
  name: 'contest-courier-pareto',
  program: '../courier/baseline.js',
  objectives: [
    { name: 'score', direction: 'max', reference: 0 },
    { name: 'cpu_ms_mean', direction: 'min', reference: 300 },
  ],
  champion: { primary: 'score' },
});
