package dev.patchbay.httpqueue;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.BooleanSupplier;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Requests waiting for the store, and the threads that answer them. When the store commits
 * batches (SQLite: one writer), one thread at a time takes everything waiting and answers it
 * in one batch, so requests that arrive while a commit runs share the next one; the other
 * threads wait for their turn without holding requests. Otherwise (PostgreSQL: concurrent
 * transactions) every thread answers one request at a time.
 */
final class RequestDispatcher implements RequestInbox, AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(RequestDispatcher.class);
    static final int MAX_BATCH = 256;
    /** How long the batching thread spins for the next request while they come densely. */
    static final long SPIN_NANOS = 500_000;
    /** Requests come densely when one follows a park within this time (over 10,000 a second). */
    static final long DENSE_NANOS = 100_000;

    private final BlockingQueue<Pending> waiting;
    private final Function<List<HttpQueueRequest>, List<HttpQueueResponse>> service;
    private final BooleanSupplier batching;
    private final Runnable idle;
    private final ReentrantLock batchTurn = new ReentrantLock();
    private final List<Thread> threads = new ArrayList<>();
    private volatile boolean running = true;
    /** Requests have been following each other closely; batching thread only. */
    private boolean dense;

    /**
     * @param service  answers requests in order (the {@link HttpQueueService})
     * @param batching whether the store now commits batches; asked before every batch, since the
     *                 store can be switched at run time
     * @param idle     run by the batching thread when it runs out of requests, before it parks
     *                 (the service commits what it answered before committing)
     */
    RequestDispatcher(Function<List<HttpQueueRequest>, List<HttpQueueResponse>> service, BooleanSupplier batching,
                      Runnable idle, int threadCount, int capacity) {
        this.service = service;
        this.batching = batching;
        this.idle = idle;
        // its size is readable without its locks: the batching thread spins on it (see nextForBatch)
        this.waiting = new LinkedBlockingQueue<>(capacity);
        for (int i = 0; i < threadCount; i++) {
            Thread thread = new Thread(this::serve, "http-queue-worker-" + i);
            thread.setDaemon(true);
            threads.add(thread);
            thread.start();
        }
    }

    /** Refuses when too many requests are waiting. */
    @Override
    public boolean offer(Pending pending) {
        return running && waiting.offer(pending);
    }

    private void serve() {
        while (running) {
            try {
                if (batching.getAsBoolean()) {
                    batchTurn.lockInterruptibly();
                    try {
                        // keep the turn while the store batches: handing it over after every
                        // batch would wake a waiting thread just to find the queue empty
                        while (running && batching.getAsBoolean()) {
                            Pending first = nextForBatch();
                            if (first != null) {
                                List<Pending> batch = new ArrayList<>();
                                batch.add(first);
                                waiting.drainTo(batch, MAX_BATCH - 1);
                                answer(batch);
                            }
                        }
                    } finally {
                        batchTurn.unlock();
                    }
                } else {
                    Pending next = waiting.poll(100, TimeUnit.MILLISECONDS);
                    if (next != null) {
                        answer(List.of(next));
                    }
                }
            } catch (InterruptedException e) {
                return;
            }
        }
    }

    /**
     * The next request for the batching thread. While requests come densely it spins for the next
     * one instead of parking: waking a parked thread cost more than the store's work on a batch
     * (on a 2-core VM a request waited ~60 µs for the worker to run). After a spin that found
     * nothing it parks, and it spins again only once a request follows a park within
     * {@link #DENSE_NANOS}, so a node that is not busy does not spin at all.
     */
    private Pending nextForBatch() throws InterruptedException {
        Pending next = waiting.poll();
        if (next == null && dense) {
            long until = System.nanoTime() + SPIN_NANOS;
            while (waiting.isEmpty() && System.nanoTime() < until) {
                Thread.onSpinWait();
            }
            next = waiting.poll();
        }
        if (next == null) {
            idle.run();
            long parked = System.nanoTime();
            next = waiting.poll(100, TimeUnit.MILLISECONDS);
            dense = next != null && System.nanoTime() - parked < DENSE_NANOS;
        }
        return next;
    }

    private void answer(List<Pending> batch) {
        List<HttpQueueRequest> requests = new ArrayList<>(batch.size());
        for (Pending pending : batch) {
            requests.add(pending.request());
        }
        List<HttpQueueResponse> responses;
        try {
            responses = service.apply(requests);
        } catch (RuntimeException e) {
            LOG.warn("http-queue: answering {} request(s) failed", batch.size(), e);
            responses = null;
        }
        for (int i = 0; i < batch.size(); i++) {
            batch.get(i).reply().accept(responses == null ? HttpQueueService.error(500, "Internal error") : responses.get(i));
        }
    }

    /** Stops taking requests; the threads finish what they hold and end. */
    @Override
    public void close() {
        running = false;
        for (Thread thread : threads) {
            try {
                thread.join(5_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
        // nobody answers these any more: tell their clients rather than leave them waiting
        for (Pending left; (left = waiting.poll()) != null; ) {
            left.reply().accept(HttpQueueService.error(503, "The server is shutting down."));
        }
    }
}
