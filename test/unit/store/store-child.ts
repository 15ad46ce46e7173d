/**
 * A second process for the store tests, run with `process.execPath` (Node 24 runs .ts directly):
 *   crash <dir>  records a run with one task done, one in flight and one waiting, then SIGKILLs itself
 *   exit <dir>   records a run with a task in flight, then exits without closing the store
 *   hold <dir>   opens the store, prints "ready" and keeps it open until killed
 */
import { openRunStore } from '../../../electron/store/open-database.ts';
import type { EngineEventBody } from '../../../shared/domain/events.ts';
import { RunSettingsSchema } from '../../../shared/domain/settings.ts';

const [mode, dir] = process.argv.slice(2);
if (!dir) throw new Error('usage: store-child.ts crash|exit|hold <dir>');
const store = openRunStore(dir);

if (mode === 'hold') {
  process.stdout.write('ready\n');
  setInterval(() => {}, 60_000);
} else {
  const settings = RunSettingsSchema.parse({ model: 'gpt-test' });
  const tasks = ['t1', 't2', 't3'].map((id, index) => ({ id, index, topic: id, vars: { topic: id }, prompt: `About ${id}` }));
  store.createRun({ id: 'r1', settings, tasks });
  let seq = 0;
  const emit = (body: EngineEventBody) => store.applyEvent({ ...body, seq: ++seq, at: 1_000 + seq, runId: 'r1' });
  emit({ type: 'run.started', total: 3, settings });
  emit({ type: 'task.waiting', taskId: 't1', reason: 'requests', waitMs: 0 });
  emit({ type: 'attempt.started', taskId: 't1', attempt: 1, estimatedTokens: 10 });
  if (mode === 'exit') process.exit(0);
  const usage = { promptTokens: 3, completionTokens: 7, totalTokens: 10 };
  emit({ type: 'task.done', taskId: 't1', attempt: 1, text: 'Paid for once.', usage, latencyMs: 20 });
  emit({ type: 'task.waiting', taskId: 't2', reason: 'requests', waitMs: 0 });
  emit({ type: 'attempt.started', taskId: 't2', attempt: 1, estimatedTokens: 10 });
  emit({ type: 'task.waiting', taskId: 't3', reason: 'tokens', waitMs: 500 });
  process.kill(process.pid, 'SIGKILL');
}
