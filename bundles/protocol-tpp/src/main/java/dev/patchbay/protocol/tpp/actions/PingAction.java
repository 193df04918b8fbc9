package dev.patchbay.protocol.tpp.actions;

import dev.patchbay.api.tpp.TppActionHandler;
import dev.patchbay.api.tpp.TppReply;
import dev.patchbay.api.tpp.TppReplyStream;
import dev.patchbay.api.tpp.TppRequest;
import org.osgi.service.component.annotations.Component;

/** {@code ping}: answers {@code {"ping": "pong"}}; a liveness check that needs no body. */
@Component(property = {TppActionHandler.ACTION_PROPERTY + "=ping", TppActionHandler.BLOCKING_PROPERTY + "=false"})
public final class PingAction implements TppActionHandler {

    @Override
    public TppReply handle(TppRequest request, TppReplyStream progress) {
        return request.result("pong");
    }
}
