package dev.patchbay.httpqueue;

import dev.patchbay.api.auth.AuthResult;
import dev.patchbay.api.auth.Authenticator;
import dev.patchbay.api.auth.Credentials;
import dev.patchbay.support.Workers;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.function.Supplier;

/**
 * Checks each request's token before it joins the store's queue. A token the authenticator can
 * decide at once (a cached verification, a cached or throttled rejection) is decided on the
 * event loop; one that needs a real check (bcrypt: tens of milliseconds) waits for it on a small
 * pool of its own. Before, the check ran on the store's single batching thread, so clients
 * sending wrong tokens delayed every valid request behind them (issue 14.5). Refused requests
 * never reach the store; when the pool is full the request is answered 503.
 */
final class TokenCheckingInbox implements RequestInbox, AutoCloseable {

    private final RequestInbox store;
    private final Supplier<Authenticator> authenticator;
    private final ThreadPoolExecutor checks;

    TokenCheckingInbox(RequestInbox store, Supplier<Authenticator> authenticator, int threads, int queued) {
        this.store = store;
        this.authenticator = authenticator;
        this.checks = Workers.boundedPool("http-queue-token-check", threads, threads, queued);
    }

    @Override
    public boolean offer(Pending pending) {
        HttpQueueRequest request = pending.request();
        String token = request.header("Authorization");
        Authenticator check = authenticator.get();
        if (check == null || token == null) {
            return store.offer(pending); // the service answers 403 without touching the store
        }
        Credentials credentials = new Credentials("token", "", token.getBytes(StandardCharsets.UTF_8), request.remoteAddress());
        AuthResult now = check.tryAuthenticateNow(credentials);
        if (now != null) {
            return decided(pending, now);
        }
        try {
            checks.execute(() -> {
                if (!decided(pending, check.authenticate(credentials))) {
                    pending.reply().accept(HttpQueueService.error(503, "The server is busy; try again."));
                }
            });
            return true;
        } catch (RejectedExecutionException full) {
            return false;
        }
    }

    private boolean decided(Pending pending, AuthResult result) {
        if (!result.accepted()) {
            pending.reply().accept(HttpQueueService.error(403, "Incorrect auth token."));
            return true;
        }
        return store.offer(new Pending(pending.request().withVerifiedToken(result.principal()), pending.reply()));
    }

    @Override
    public void close() {
        checks.shutdownNow();
    }
}
