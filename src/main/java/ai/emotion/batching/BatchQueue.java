package ai.emotion.batching;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import org.jboss.logging.Logger;

import ai.emotion.batching.BatchRejectedException.Reason;
import ai.emotion.config.EmotionAiConfig;
import ai.emotion.model.ModelId;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;

/**
 * Joins the requests for one model version into shared session runs. Callers block on their own result;
 * workers take whatever queued while the previous run was busy (so batches grow with load, and a lone
 * request waits at most max-queue-delay), run it once, and hand each caller its slice of every output.
 * The queue is bounded: a full queue is refused at once rather than piling up latency.
 */
public final class BatchQueue {
    private static final Logger LOG = Logger.getLogger(BatchQueue.class);

    private final ModelId id;
    private final int itemSize;
    private final BatchEngine engine;
    private final int maxBatch;
    private final long maxDelayNanos;
    private final long timeoutNanos;
    private final BlockingQueue<PendingRun> queue;
    private final List<Thread> workers = new ArrayList<>();
    private volatile boolean stopping;

    private final DistributionSummary batchSizes;
    private final Timer queueWait;
    private final Counter rejectedFull;
    private final Counter rejectedTimeout;

    /** A queue for model {@code id}, whose inputs have {@code itemSize} values per item. */
    public BatchQueue(ModelId id, int itemSize, BatchEngine engine, EmotionAiConfig.Batching config,
            MeterRegistry registry) {
        this.id = id;
        this.itemSize = itemSize;
        this.engine = engine;
        this.maxBatch = Math.max(1, config.maxBatchSize());
        this.maxDelayNanos = TimeUnit.MICROSECONDS.toNanos(Math.max(0, config.maxQueueDelayMicros()));
        this.timeoutNanos = config.timeout().toNanos();
        this.queue = new LinkedBlockingQueue<>(Math.max(1, config.maxQueueSize()));
        String name = id.name();
        String version = id.version();
        this.batchSizes = DistributionSummary.builder("emotion_ai.batch.size")
                .description("Items per session run of the dynamic batcher").tags("model", name, "version", version)
                .publishPercentileHistogram().minimumExpectedValue(1.0).maximumExpectedValue((double) maxBatch)
                .register(registry);
        this.queueWait = Timer.builder("emotion_ai.batch.queue.wait")
                .description("Time a request waited in the batch queue before its run started")
                .tags("model", name, "version", version).publishPercentileHistogram().register(registry);
        this.rejectedFull = rejections(registry, name, version, "queue_full");
        this.rejectedTimeout = rejections(registry, name, version, "timeout");
        for (int i = 0; i < Math.max(1, config.workers()); i++) {
            Thread worker = new Thread(this::work, "batch-" + name + "-" + version + "-" + i);
            worker.setDaemon(true);
            worker.start();
            workers.add(worker);
        }
    }

    private static Counter rejections(MeterRegistry registry, String name, String version, String reason) {
        return Counter.builder("emotion_ai.batch.rejected").description("Requests refused by the batcher")
                .tags("model", name, "version", version, "reason", reason).register(registry);
    }

    /** Runs {@code items} items laid out in {@code input} as part of a shared batch; blocks for the result. */
    public Map<String, float[]> run(float[] input, int items) {
        return submit(input, items).await();
    }

    /** Queues the items without waiting (a full queue is refused here, at once); await the result later. */
    public Pending submit(float[] input, int items) {
        if (stopping) {
            throw new BatchRejectedException(Reason.STOPPING, id + " is no longer served; retry");
        }
        PendingRun run = new PendingRun(this, input, items);
        if (!queue.offer(run)) {
            rejectedFull.increment();
            throw new BatchRejectedException(Reason.QUEUE_FULL, id + " has " + queue.size()
                    + " requests queued; retry shortly");
        }
        return run;
    }

    /** The run's outputs, or a TIMED_OUT rejection once the timeout (counted from queueing) has passed. */
    Map<String, float[]> await(PendingRun run) {
        long timeoutNanos = this.timeoutNanos - (System.nanoTime() - run.enqueuedNanos);
        try {
            return run.result.get(Math.max(0, timeoutNanos), TimeUnit.NANOSECONDS);
        } catch (TimeoutException e) {
            run.result.cancel(false); // a worker that takes it later skips it
            queue.remove(run);
            rejectedTimeout.increment();
            throw new BatchRejectedException(Reason.TIMED_OUT, "no result within "
                    + TimeUnit.NANOSECONDS.toMillis(this.timeoutNanos) + " ms (emotion-ai.batching.timeout)");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new BatchRejectedException(Reason.STOPPING, "the service is shutting down");
        } catch (ExecutionException e) {
            if (e.getCause() instanceof RuntimeException runtime) {
                throw runtime;
            }
            throw new IllegalStateException(e.getCause());
        }
    }

    /** Requests now waiting. */
    public int depth() {
        return queue.size();
    }

    /** Refuses new requests, lets the workers finish everything already queued, then returns. */
    public void drainAndStop() {
        stopping = true;
        for (Thread worker : workers) {
            try {
                // a run in progress must end before the session closes under it
                worker.join(TimeUnit.NANOSECONDS.toMillis(timeoutNanos) + 30_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    private void work() {
        PendingRun carried = null;
        while (!stopping || carried != null || !queue.isEmpty()) {
            try {
                PendingRun first = carried != null ? carried : queue.poll(50, TimeUnit.MILLISECONDS);
                carried = null;
                if (first == null || first.result.isDone()) {
                    continue;
                }
                List<PendingRun> batch = new ArrayList<>();
                batch.add(first);
                int items = first.items;
                long deadline = first.enqueuedNanos + maxDelayNanos;
                while (items < maxBatch) {
                    PendingRun next = queue.poll();
                    if (next == null) {
                        long wait = deadline - System.nanoTime();
                        next = wait > 0 ? queue.poll(wait, TimeUnit.NANOSECONDS) : null;
                        if (next == null) {
                            break;
                        }
                    }
                    if (next.result.isDone()) {
                        continue;
                    }
                    if (items + next.items > maxBatch) {
                        carried = next; // first of the next batch
                        break;
                    }
                    batch.add(next);
                    items += next.items;
                }
                execute(batch, items);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            } catch (RuntimeException | Error e) {
                LOG.error("batch worker failure", e); // the worker keeps serving; callers got the error
            }
        }
    }

    private void execute(List<PendingRun> batch, int items) {
        long start = System.nanoTime();
        for (PendingRun run : batch) {
            queueWait.record(start - run.enqueuedNanos, TimeUnit.NANOSECONDS);
        }
        batchSizes.record(items);
        try {
            if (batch.size() == 1) {
                batch.get(0).result.complete(engine.run(batch.get(0).input, items));
                return;
            }
            float[] joined = new float[items * itemSize];
            int offset = 0;
            for (PendingRun run : batch) {
                System.arraycopy(run.input, 0, joined, offset, run.input.length);
                offset += run.input.length;
            }
            Map<String, float[]> outputs = engine.run(joined, items);
            int first = 0;
            for (PendingRun run : batch) {
                run.result.complete(slice(outputs, items, first, run.items));
                first += run.items;
            }
        } catch (RuntimeException e) {
            batch.forEach(run -> run.result.completeExceptionally(e));
        }
    }

    /** Items [first, first + count) of every output, each output holding {@code total} items. */
    static Map<String, float[]> slice(Map<String, float[]> outputs, int total, int first, int count) {
        Map<String, float[]> mine = new HashMap<>();
        outputs.forEach((name, values) -> {
            int per = values.length / total;
            float[] part = new float[per * count];
            System.arraycopy(values, first * per, part, 0, part.length);
            mine.put(name, part);
        });
        return mine;
    }
}
