package dev.patchbay.storage.postgresql;

import java.time.Duration;
import java.util.Objects;
import java.util.function.Consumer;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Opens a resource on a thread of its own, trying again with growing pauses while that fails (a
 * database that is down when the node starts, or still starting), and hands it over once it is
 * open. Closing stops the tries; a resource opened by then is handed to {@code beforeClose} and
 * closed. Plain Java; the DS component uses it so that activation never waits for the network.
 */
public final class BackgroundConnector<T extends AutoCloseable> implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(BackgroundConnector.class);

    private final String what;
    private final Supplier<T> open;
    private final Consumer<T> onOpen;
    private final Consumer<T> beforeClose;
    private final Duration firstPause;
    private final Duration maxPause;
    private final Thread thread;
    private boolean closed;
    private T opened;

    /**
     * @param what        names the resource in logs
     * @param open        opens it, throwing a {@link RuntimeException} on failure
     * @param onOpen      called once, on the connector's thread, with the open resource
     * @param beforeClose called on {@link #close} with the resource if it was opened
     */
    public BackgroundConnector(String what, Supplier<T> open, Consumer<T> onOpen, Consumer<T> beforeClose,
                               Duration firstPause, Duration maxPause) {
        this.what = what;
        this.open = Objects.requireNonNull(open);
        this.onOpen = Objects.requireNonNull(onOpen);
        this.beforeClose = Objects.requireNonNull(beforeClose);
        this.firstPause = firstPause;
        this.maxPause = maxPause;
        this.thread = new Thread(this::connect, "patchbay-connect " + what);
        thread.setDaemon(true);
    }

    public BackgroundConnector<T> start() {
        thread.start();
        return this;
    }

    private void connect() {
        Duration pause = firstPause;
        for (int attempt = 1; ; attempt++) {
            synchronized (this) {
                if (closed) {
                    return;
                }
            }
            T resource;
            try {
                resource = open.get();
            } catch (RuntimeException e) {
                LOG.warn("cannot open {} (attempt {}): {}; trying again in {} ms", what, attempt, e.getMessage(), pause.toMillis());
                try {
                    Thread.sleep(pause.toMillis());
                } catch (InterruptedException stop) {
                    return;
                }
                pause = pause.multipliedBy(2).compareTo(maxPause) > 0 ? maxPause : pause.multipliedBy(2);
                continue;
            }
            synchronized (this) {
                if (closed) {
                    closeQuietly(resource);
                    return;
                }
                opened = resource;
                if (attempt > 1) {
                    LOG.info("{} open after {} attempts", what, attempt);
                }
                onOpen.accept(resource);
                return;
            }
        }
    }

    /** Whether the resource is open (and was handed over). */
    public synchronized boolean isOpen() {
        return opened != null;
    }

    @Override
    public void close() {
        synchronized (this) {
            closed = true;
        }
        thread.interrupt();
        try {
            // an attempt under way ends by its own timeout; it closes what it opened then
            thread.join(Duration.ofSeconds(30).toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        T resource;
        synchronized (this) {
            resource = opened;
            opened = null;
        }
        if (resource != null) {
            beforeClose.accept(resource);
            closeQuietly(resource);
        }
    }

    private void closeQuietly(T resource) {
        try {
            resource.close();
        } catch (Exception e) {
            LOG.warn("closing {} failed: {}", what, e.toString());
        }
    }
}
