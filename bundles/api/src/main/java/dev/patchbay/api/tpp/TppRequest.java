package dev.patchbay.api.tpp;

import java.util.Collections;
import java.util.Objects;

/**
 * An authenticated TPP request.
 *
 * @param action        the action name
 * @param body          the request body as plain Java values, possibly {@code null}
 * @param principal     who the authenticator says sent it
 * @param connectionId  the connection's id, as it appears in the server's logs
 * @param remoteAddress the client's address
 */
public record TppRequest(String action, Object body, String principal, String connectionId, String remoteAddress) {

    public TppRequest {
        Objects.requireNonNull(action, "action");
    }

    /**
     * The success reply the Python client's {@code request2server} expects:
     * {@code {"code": 0, "body": {"<action>": result}}}.
     */
    public TppReply result(Object result) {
        return TppReply.ok(Collections.singletonMap(action, result));
    }
}
