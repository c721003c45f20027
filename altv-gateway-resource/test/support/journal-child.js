// Appends commands to a journal as fast as acknowledgements come, printing each acknowledged key;
// the parent test kills it with SIGKILL at some moment and reopens the journal.
import { Journal } from '../../src/core/journal.js';

const journal = new Journal({ dir: process.argv[2], maxBytes: 64 * 1024 * 1024, segmentBytes: 16 * 1024 });
await journal.open();
let n = 0;
const one = () => {
  const key = `k-${n++}`;
  const { durable } = journal.append({ key, command: { type: 'transfer', idempotencyKey: key, amountMinor: n }, meta: { op: 'pay' } });
  durable.then(() => process.stdout.write(key + '\n'));
};
setInterval(() => { for (let i = 0; i < 20; i++) one(); }, 1);
