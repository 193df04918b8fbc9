package com.example.patchbay;

import dev.patchbay.api.tpp.TppActionHandler;
import dev.patchbay.api.tpp.TppActionService;
import dev.patchbay.api.tpp.TppReply;
import dev.patchbay.api.tpp.TppReplyStream;
import dev.patchbay.api.tpp.TppRequest;
import java.util.Map;
import org.osgi.service.component.annotations.Component;

/**
 * TPP action {@code add}: body {@code {"a": 40, "b": 2}}, reply {@code {"add": 42}}. It never
 * blocks, so it declares {@code patchbay.tpp.blocking=false} and runs on the I/O thread.
 */
@Component
@TppActionService(action = "add", blocking = false)
public final class AddAction implements TppActionHandler {

    @Override
    public TppReply handle(TppRequest request, TppReplyStream progress) {
        if (!(request.body() instanceof Map<?, ?> body) || !(body.get("a") instanceof Number a)
                || !(body.get("b") instanceof Number b)) {
            return TppReply.error(1, "add needs a body {\"a\": number, \"b\": number}");
        }
        return request.result(a.longValue() + b.longValue());
    }
}
