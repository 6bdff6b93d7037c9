import { jest } from '@jest/globals';
import { BatchedDestination } from './batched-destination.js';

/** A sink that records each write (each one is one system call in production). */
function recordingSink() {
  const writes: string[] = [];
  return { writes, write: (chunk: string) => (writes.push(chunk), true) };
}

describe('BatchedDestination', () => {
  afterEach(() => jest.useRealTimers());

  it('writes nothing until a batch is full, then the whole batch in one write, in order', () => {
    const sink = recordingSink();
    const destination = new BatchedDestination(sink, 30, 1_000);
    destination.write('line-1\n');
    destination.write('line-2\n');
    destination.write('line-3\n');
    expect(sink.writes).toEqual([]);
    destination.write('line-4\nline-5\n'); // 35 characters now
    expect(sink.writes).toEqual(['line-1\nline-2\nline-3\nline-4\nline-5\n']);
    destination.write('line-6\n');
    destination.flushSync();
    expect(sink.writes).toEqual(['line-1\nline-2\nline-3\nline-4\nline-5\n', 'line-6\n']);
  });

  it('writes a partial batch once the delay has passed since its first line', () => {
    jest.useFakeTimers();
    const sink = recordingSink();
    const destination = new BatchedDestination(sink, 1_000, 100);
    destination.write('a\n');
    jest.advanceTimersByTime(60);
    destination.write('b\n'); // does not push the deadline back
    jest.advanceTimersByTime(39);
    expect(sink.writes).toEqual([]);
    jest.advanceTimersByTime(1);
    expect(sink.writes).toEqual(['a\nb\n']);
    expect(jest.getTimerCount()).toBe(0); // idle: no timer left running
  });

  it('flush(cb) writes what is pending before calling back, and reports a failing sink', () => {
    const sink = recordingSink();
    const destination = new BatchedDestination(sink, 1_000, 100);
    destination.write('pending\n');
    const done = jest.fn();
    destination.flush(done);
    expect(sink.writes).toEqual(['pending\n']);
    expect(done).toHaveBeenCalledWith();

    const failing = new BatchedDestination(
      {
        write: () => {
          throw new Error('EBADF');
        },
      },
      1_000,
      100,
    );
    failing.write('lost\n');
    const reported = jest.fn();
    failing.flush(reported);
    expect(reported).toHaveBeenCalledWith(expect.objectContaining({ message: 'EBADF' }));
  });
});
