package dev.patchbay.protocol.tpp;

import static java.nio.charset.StandardCharsets.UTF_8;

import dev.patchbay.api.auth.AuthResult;
import dev.patchbay.api.auth.Authenticator;
import dev.patchbay.api.auth.Credentials;
import dev.patchbay.api.tpp.TppActionHandler;
import dev.patchbay.api.tpp.TppReply;
import dev.patchbay.api.tpp.TppRequest;
import dev.patchbay.json.PythonJson;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Turns one request payload into reply frames, with the checks of the reference server in its
 * order (data, token, token verification, action) and its error codes and bodies, then runs the
 * action's handler. Plain Java.
 *
 * <p>It is called on the connection's I/O thread and does there what cannot block: parsing,
 * the checks, a token the authenticator decides at once (a cached verification), and handlers
 * registered as non-blocking. A token that needs a real check (bcrypt) or a handler that may
 * block continues on the {@code blockingWork} executor. Large requests are parsed there too, so
 * that no connection holds an I/O thread for long.
 *
 * <p>Where the reference crashes (valid JSON that is not an object, a token that is not a
 * string) it ends up answering code 1; we answer code 1 directly, without running anything.
 */
public final class TppRequestProcessor {

    static final TppReply BAD_DATA = TppReply.error(1, "Something wrong with your data None");
    static final TppReply NO_TOKEN = TppReply.error(2, "No auth token");
    static final TppReply BAD_TOKEN = TppReply.error(3, "Bad auth token");
    static final TppReply NO_ACTION = new TppReply(1, "No action found!");
    static final TppReply BUSY = TppReply.error(1, "server busy, try again later");

    /** Requests up to this size are parsed on the I/O thread. */
    static final int INLINE_PARSE_LIMIT = 16 * 1024;

    private static final Logger LOG = LoggerFactory.getLogger(TppRequestProcessor.class);
    private static final Executor HERE = Runnable::run;

    private final Supplier<Authenticator> authenticator;
    private final TppActionRegistry actions;
    private final TppRequestCounts counts = new TppRequestCounts();

    public TppRequestProcessor(Supplier<Authenticator> authenticator, TppActionRegistry actions) {
        this.authenticator = authenticator;
        this.actions = actions;
    }

    /** Requests answered so far, by action and code. */
    public TppRequestCounts counts() {
        return counts;
    }

    /**
     * @param blockingWork where work that may block continues; {@code Runnable::run} runs
     *                     everything on the calling thread
     */
    public void process(byte[] payload, ReplyChannel channel, Executor blockingWork) {
        if (payload.length > INLINE_PARSE_LIMIT && blockingWork != HERE) {
            continueOn(blockingWork, channel, TppRequestCounts.NONE, () -> process(payload, channel, HERE));
            return;
        }
        Map<?, ?> request = parse(payload);
        if (request == null || request.isEmpty()) {
            reject(channel, BAD_DATA, "request is not a non-empty JSON object");
            return;
        }
        Object token = request.get("token");
        if (isFalsy(token)) {
            reject(channel, NO_TOKEN, "no token");
            return;
        }
        if (!(token instanceof String tokenText)) {
            reject(channel, BAD_DATA, "token is not a string");
            return;
        }
        Authenticator auth = authenticator.get();
        if (auth == null) {
            reject(channel, TppReply.error(3, "No authenticator available"), "no authenticator service is bound");
            return;
        }
        Credentials credentials = new Credentials("token", "", tokenText.getBytes(UTF_8), channel.remoteAddress());
        AuthResult quick = auth.tryAuthenticateNow(credentials);
        if (quick != null) {
            dispatch(request, quick, channel, blockingWork);
        } else {
            continueOn(blockingWork, channel, TppRequestCounts.NONE,
                    () -> dispatch(request, auth.authenticate(credentials), channel, HERE));
        }
    }

    private void dispatch(Map<?, ?> request, AuthResult authResult, ReplyChannel channel, Executor blockingWork) {
        if (!authResult.accepted()) {
            reject(channel, BAD_TOKEN, "bad token: " + authResult.reason());
            return;
        }
        Object action = request.get("action");
        if (isFalsy(action)) {
            reject(channel, NO_ACTION, "no action");
            return;
        }
        String actionName = action instanceof String s ? s : new String(PythonJson.encode(action), UTF_8);
        TppActionRegistry.Registration registration = actions.lookup(actionName);
        if (registration == null) {
            reject(channel, TppReply.error(1, "Action " + actionName + " does not exist"), "unknown action " + actionName,
                    TppRequestCounts.UNKNOWN);
            return;
        }
        TppRequest tppRequest = new TppRequest(actionName, request.get("body"), authResult.principal(),
                channel.connectionId(), channel.remoteAddress());
        if (registration.blocking()) {
            continueOn(blockingWork, channel, actionName, () -> run(registration.handler(), tppRequest, channel));
        } else {
            run(registration.handler(), tppRequest, channel);
        }
    }

    private void continueOn(Executor executor, ReplyChannel channel, String action, Runnable work) {
        try {
            executor.execute(work);
        } catch (RejectedExecutionException e) {
            reject(channel, BUSY, "worker queue full", action);
        }
    }

    private void run(TppActionHandler handler, TppRequest request, ReplyChannel channel) {
        TppReply reply;
        try {
            reply = handler.handle(request, channel::send);
        } catch (UncheckedIOException clientGone) {
            LOG.info("connection {} from {}: action {} stopped, the client went away: {}", channel.connectionId(),
                    channel.remoteAddress(), request.action(), clientGone.getMessage());
            channel.close();
            return;
        } catch (Exception | LinkageError failure) {
            LOG.warn("connection {} from {}: action {} failed", channel.connectionId(), channel.remoteAddress(),
                    request.action(), failure);
            counts.count(request.action(), 1);
            channel.sendAndClose(TppReply.error(1, describe(failure)));
            return;
        }
        if (reply == null) {
            channel.close();
        } else {
            counts.count(request.action(), reply.code());
            channel.sendAndClose(reply);
        }
    }

    private void reject(ReplyChannel channel, TppReply reply, String reason) {
        reject(channel, reply, reason, TppRequestCounts.NONE);
    }

    private void reject(ReplyChannel channel, TppReply reply, String reason, String action) {
        LOG.debug("connection {} from {}: rejected, {}", channel.connectionId(), channel.remoteAddress(), reason);
        counts.count(action, reply.code());
        channel.sendAndClose(reply);
    }

    private static Map<?, ?> parse(byte[] payload) {
        try {
            return PythonJson.decode(payload) instanceof Map<?, ?> map ? map : null;
        } catch (IOException e) {
            return null;
        }
    }

    /** Python truthiness of a JSON value. */
    private static boolean isFalsy(Object value) {
        return value == null
                || Boolean.FALSE.equals(value)
                || (value instanceof String s && s.isEmpty())
                || (value instanceof Number n && n.doubleValue() == 0)
                || (value instanceof Map<?, ?> m && m.isEmpty())
                || (value instanceof List<?> l && l.isEmpty());
    }

    private static String describe(Throwable failure) {
        String message = failure.getMessage();
        return failure.getClass().getSimpleName() + (message == null ? "" : ": " + message);
    }
}
