package dev.patchbay.support;

import java.util.concurrent.locks.ReentrantReadWriteLock;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * The service a component uses now (a store), switched while it is in use: what Declarative
 * Services does when a dynamic greedy reference finds a better service, or a new target. A
 * switch waits for the calls holding the current service ({@link #with}), gives the
 * {@link Handover} a chance to prepare the next one while the old one still serves, makes the
 * next one current, then lets the handover finish (move or clean up what the old one holds).
 *
 * <p>SCR may unbind the old service before it binds the new one; the old one is remembered
 * across that gap, so that the handover still sees it (it may be unusable by then).
 *
 * @param <S> the service type
 */
public final class LiveSwitch<S> {

    /**
     * What one switch does with the old and the next service (an object per switch, so that what
     * it prepares is its own state); switches run one at a time.
     */
    public interface Handover<S> {

        /**
         * Before {@code next} becomes current; {@code old} (the service in use, or the last one
         * used before a gap; {@code null} for none) still serves calls.
         */
        default void prepare(S old, S next) {
        }

        /** {@code next} serves calls now; {@code old} no longer does ({@code null} for none). */
        default void finish(S old, S next) {
        }
    }

    private final Object switching = new Object();
    private final ReentrantReadWriteLock inUse = new ReentrantReadWriteLock();
    /** Written under both the switching monitor and the write lock. */
    private volatile S current;
    /** The service last used before a gap; under the switching monitor. */
    private S previous;

    /** The current service, or {@code null}: a look, not a hold (it may be switched the next moment). */
    public S current() {
        return current;
    }

    /**
     * Runs {@code call} with the current service, which no switch replaces meanwhile.
     *
     * @param none the failure to throw when there is no service
     */
    public <T> T with(Function<? super S, T> call, Supplier<? extends RuntimeException> none) {
        inUse.readLock().lock();
        try {
            S service = current;
            if (service == null) {
                throw none.get();
            }
            return call.apply(service);
        } finally {
            inUse.readLock().unlock();
        }
    }

    /** Makes {@code next} the current service (see the class comment); nothing if it is already. */
    public void use(S next, Handover<S> handover) {
        if (next == null) {
            throw new IllegalArgumentException("use(null): call forget with the service that went away");
        }
        synchronized (switching) {
            S active = current;
            if (active == next) {
                return;
            }
            S old = active != null ? active : previous;
            if (old == next) {
                old = null; // the one before the gap came back: nothing to hand over
            }
            handover.prepare(old, next);
            replace(next);
            previous = null;
            handover.finish(old, next);
        }
    }

    /**
     * Stops using {@code gone} if it is the current service (its service went away); it is remembered.
     *
     * @return whether it was the current service
     */
    public boolean forget(S gone) {
        synchronized (switching) {
            if (current != gone || gone == null) {
                return false;
            }
            previous = gone;
            replace(null);
            return true;
        }
    }

    private void replace(S next) {
        inUse.writeLock().lock();
        try {
            current = next;
        } finally {
            inUse.writeLock().unlock();
        }
    }
}
