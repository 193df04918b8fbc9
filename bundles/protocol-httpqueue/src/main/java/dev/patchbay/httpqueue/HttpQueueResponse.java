package dev.patchbay.httpqueue;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What to answer: status, content type ({@code null} for no body), headers in the exact casing
 * scirocco's Python client looks for, and the body.
 */
public record HttpQueueResponse(int status, String contentType, Map<String, String> headers, byte[] body) {

    static final String JSON = "application/json; charset=utf-8";

    static HttpQueueResponse json(int status, byte[] json) {
        return new HttpQueueResponse(status, JSON, new LinkedHashMap<>(), json);
    }

    static HttpQueueResponse noContent() {
        return new HttpQueueResponse(204, null, new LinkedHashMap<>(), new byte[0]);
    }
}
