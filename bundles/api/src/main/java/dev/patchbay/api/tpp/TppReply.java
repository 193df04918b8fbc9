package dev.patchbay.api.tpp;

import java.util.Collections;

/**
 * One reply frame: {@code {"code": <code>, "body": <body>}}. Code 0 is success.
 */
public record TppReply(int code, Object body) {

    /** Code 0 with an arbitrary body, for actions whose clients read the raw response. */
    public static TppReply ok(Object body) {
        return new TppReply(0, body);
    }

    /** An error reply with the reference's body shape {@code {"error": message}}. */
    public static TppReply error(int code, String message) {
        if (code == 0) {
            throw new IllegalArgumentException("an error reply needs a code other than 0");
        }
        return new TppReply(code, Collections.singletonMap("error", message));
    }
}
