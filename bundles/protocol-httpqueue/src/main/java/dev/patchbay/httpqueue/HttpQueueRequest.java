package dev.patchbay.httpqueue;

import java.util.Locale;
import java.util.Map;

/**
 * One HTTP request as the queue sees it.
 *
 * @param headers header values by lower-case name (the first value of each)
 * @param body          the whole body (the HTTP layer has bounded it)
 * @param remoteAddress the client's address, for authentication and logs
 * @param principal     who the token was accepted as, when it was checked before the request was
 *                      queued (off the store's thread; the service then does not check it again);
 *                      {@code null} if not checked yet
 */
public record HttpQueueRequest(String method, String path, Map<String, String> query, Map<String, String> headers,
                               byte[] body, String remoteAddress, String principal) {

    public HttpQueueRequest(String method, String path, Map<String, String> query, Map<String, String> headers,
                            byte[] body, String remoteAddress) {
        this(method, path, query, headers, body, remoteAddress, null);
    }

    /** This request, with its token accepted as {@code acceptedAs}. */
    HttpQueueRequest withVerifiedToken(String acceptedAs) {
        return new HttpQueueRequest(method, path, query, headers, body, remoteAddress, acceptedAs);
    }

    /** A header by name, any case; {@code null} if absent. */
    public String header(String name) {
        return headers.get(name.toLowerCase(Locale.ROOT));
    }
}
