package dev.patchbay.httpqueue;

import java.util.Locale;
import java.util.Map;

/**
 * One HTTP request as the queue sees it.
 *
 * @param headers header values by lower-case name (the first value of each)
 * @param body          the whole body (the HTTP layer has bounded it)
 * @param remoteAddress the client's address, for authentication and logs
 */
public record HttpQueueRequest(String method, String path, Map<String, String> query, Map<String, String> headers,
                               byte[] body, String remoteAddress) {

    /** A header by name, any case; {@code null} if absent. */
    public String header(String name) {
        return headers.get(name.toLowerCase(Locale.ROOT));
    }
}
