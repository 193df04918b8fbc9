package dev.patchbay.protocol.tpp.actions;

import dev.patchbay.api.tpp.TppActionHandler;
import dev.patchbay.api.tpp.TppActionService;
import dev.patchbay.api.tpp.TppReply;
import dev.patchbay.api.tpp.TppReplyStream;
import dev.patchbay.api.tpp.TppRequest;
import org.osgi.service.component.annotations.Component;

/** {@code ping}: answers {@code {"ping": "pong"}}; a liveness check that needs no body. */
@Component
@TppActionService(action = "ping", blocking = false)
public final class PingAction implements TppActionHandler {

    @Override
    public TppReply handle(TppRequest request, TppReplyStream progress) {
        return request.result("pong");
    }
}
