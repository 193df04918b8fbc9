package dev.patchbay.client.tpp;

/** One reply frame: {@code {"code": code, "body": body}}. */
public record TppResponse(int code, Object body) {

    public boolean isSuccess() {
        return code == 0;
    }
}
