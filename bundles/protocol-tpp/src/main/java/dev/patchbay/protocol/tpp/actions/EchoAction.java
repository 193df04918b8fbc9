package dev.patchbay.protocol.tpp.actions;

import dev.patchbay.api.tpp.TppActionHandler;
import dev.patchbay.api.tpp.TppActionService;
import dev.patchbay.api.tpp.TppReply;
import dev.patchbay.api.tpp.TppReplyStream;
import dev.patchbay.api.tpp.TppRequest;
import org.osgi.service.component.annotations.Component;

/** {@code echo}: answers {@code {"echo": <body>}}, as the reference contract server does. */
@Component
@TppActionService(action = "echo", blocking = false)
public final class EchoAction implements TppActionHandler {

    @Override
    public TppReply handle(TppRequest request, TppReplyStream progress) {
        return request.result(request.body());
    }
}
