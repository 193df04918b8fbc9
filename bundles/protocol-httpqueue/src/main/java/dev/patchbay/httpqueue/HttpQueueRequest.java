package dev.patchbay.httpqueue;

import java.util.Locale;
import java.util.Map;

/**
 * One HTTP request as the queue sees it.
 *
 * @param headers header values by lower-case name (the first value of each)
 * @param body          the whole body (the HTTP layer has bounded it)
 * @param remoteAddress the client's address, for authentication and logs
 * @param tokenVerified   the token was checked (and accepted) before the request was queued, off
 *                        the store's thread; the service then does not check it again
 */
public record HttpQueueRequest(String method, String path, Map<String, String> query, Map<String, String> headers,
                               byte[] body, String remoteAddress, boolean tokenVerified) {

    public HttpQueueRequest(String method, String path, Map<String, String> query, Map<String, String> headers,
                            byte[] body, String remoteAddress) {
        this(method, path, query, headers, body, remoteAddress, false);
    }

    /** This request, with its token known to be good. */
    HttpQueueRequest withVerifiedToken() {
        return new HttpQueueRequest(method, path, query, headers, body, remoteAddress, true);
    }

    /** A header by name, any case; {@code null} if absent. */
    public String header(String name) {
        return headers.get(name.toLowerCase(Locale.ROOT));
    }
}
