package dev.patchbay.api.testing;

import org.junit.rules.ExternalResource;

/**
 * For {@code @ClassRule}: something a test class needs running (a throwaway database or message
 * server), started before its first test and closed after its last.
 *
 * @param <T> what is started
 */
public final class ClassResource<T extends AutoCloseable> extends ExternalResource {

    /** Starts the resource; may install and launch a server. */
    @FunctionalInterface
    public interface Starter<T> {
        T start() throws Exception;
    }

    private final Starter<T> starter;
    private T running;

    public ClassResource(Starter<T> starter) {
        this.starter = starter;
    }

    /** The running resource (between the first test's start and the last one's end). */
    public T get() {
        return running;
    }

    @Override
    protected void before() throws Throwable {
        running = starter.start();
    }

    @Override
    protected void after() {
        if (running != null) {
            try {
                running.close();
            } catch (Exception e) {
                throw new IllegalStateException("stopping " + running + " failed", e);
            }
        }
    }
}
