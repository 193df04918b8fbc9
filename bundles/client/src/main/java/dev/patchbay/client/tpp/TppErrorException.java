package dev.patchbay.client.tpp;

import java.util.Map;

/**
 * The server answered with a code other than 0. The message is the body's {@code error} text
 * when there is one (as the Python client's {@code ToxicClientException}), else the body.
 */
public class TppErrorException extends TppException {
    private static final long serialVersionUID = 1L;

    private final int code;
    private final transient Object body;

    public TppErrorException(int code, Object body) {
        super(errorText(body));
        this.code = code;
        this.body = body;
    }

    /** 1 = bad request or action failure, 2 = no token, 3 = bad token; others are the application's. */
    public int code() {
        return code;
    }

    public Object body() {
        return body;
    }

    private static String errorText(Object body) {
        if (body instanceof Map<?, ?> map && map.get("error") != null) {
            return String.valueOf(map.get("error"));
        }
        return String.valueOf(body);
    }
}
