package dev.patchbay.support;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * Keeps an outgoing connection up: connects, waits for the connection to end, waits a while,
 * connects again, until closed. The wait starts at {@code firstDelay} and doubles while attempts
 * keep failing, up to {@code maxDelay} (equal delays: a fixed interval); a connection that came
 * up resets it. The snakeMQ connectors and the nucos links dial this way.
 */
public final class Redial implements AutoCloseable {

    private final Supplier<CompletionStage<? extends CompletionStage<?>>> connect;
    private final Duration firstDelay;
    private final Duration maxDelay;
    private final ScheduledExecutorService scheduler;
    private final Consumer<Throwable> failed;
    private final AtomicLong connections = new AtomicLong();
    private volatile boolean closed;
    private Duration delay;

    /**
     * @param connect   one attempt: completes when connected, with a stage that completes when
     *                  that connection ends; fails when the attempt fails
     * @param scheduler runs the attempts after their delay; {@code null}: a shared JDK timer
     * @param failed    told of each failed attempt (for a log line), with the delay until the next
     */
    public Redial(Supplier<CompletionStage<? extends CompletionStage<?>>> connect, Duration firstDelay, Duration maxDelay,
                  ScheduledExecutorService scheduler, Consumer<Throwable> failed) {
        this.connect = connect;
        this.firstDelay = firstDelay.isNegative() || firstDelay.isZero() ? Duration.ofMillis(100) : firstDelay;
        this.maxDelay = maxDelay.compareTo(this.firstDelay) < 0 ? this.firstDelay : maxDelay;
        this.scheduler = scheduler;
        this.failed = failed;
        this.delay = this.firstDelay;
    }

    /** Makes the first attempt now. */
    public Redial start() {
        attempt();
        return this;
    }

    /** Connections made so far. */
    public long connections() {
        return connections.get();
    }

    /** The wait before the next attempt, as it stands. */
    public synchronized Duration nextDelay() {
        return delay;
    }

    private void attempt() {
        if (closed) {
            return;
        }
        CompletionStage<? extends CompletionStage<?>> attempt;
        try {
            attempt = connect.get();
        } catch (RuntimeException e) {
            attempt = CompletableFuture.failedFuture(e);
        }
        attempt.whenComplete((connection, failure) -> {
            if (failure != null) {
                failed.accept(failure);
                later();
                return;
            }
            connections.incrementAndGet();
            synchronized (this) {
                delay = firstDelay;
            }
            connection.whenComplete((ended, error) -> later());
        });
    }

    private void later() {
        if (closed) {
            return;
        }
        long wait;
        synchronized (this) {
            wait = delay.toMillis();
            Duration doubled = delay.multipliedBy(2);
            delay = doubled.compareTo(maxDelay) > 0 ? maxDelay : doubled;
        }
        try {
            if (scheduler != null) {
                scheduler.schedule(this::attempt, wait, TimeUnit.MILLISECONDS);
            } else {
                Executor delayed = CompletableFuture.delayedExecutor(wait, TimeUnit.MILLISECONDS);
                delayed.execute(this::attempt);
            }
        } catch (RejectedExecutionException shuttingDown) {
            // the owner is closing
        }
    }

    /** No further attempts; the connection of the moment is the caller's to close. */
    @Override
    public void close() {
        closed = true;
    }

    public boolean isClosed() {
        return closed;
    }
}
