package dev.patchbay.itests.reverse;

import dev.patchbay.api.tpp.TppActionHandler;
import dev.patchbay.api.tpp.TppReply;
import dev.patchbay.api.tpp.TppReplyStream;
import dev.patchbay.api.tpp.TppRequest;

/** A third-party TPP action, packed into a bundle at test time: reverses a string body. */
public final class ReverseAction implements TppActionHandler {

    @Override
    public TppReply handle(TppRequest request, TppReplyStream progress) {
        return request.result(new StringBuilder(String.valueOf(request.body())).reverse().toString());
    }
}
