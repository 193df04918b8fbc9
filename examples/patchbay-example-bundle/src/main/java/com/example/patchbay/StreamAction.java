package com.example.patchbay;

import dev.patchbay.api.tpp.TppActionHandler;
import dev.patchbay.api.tpp.TppActionService;
import dev.patchbay.api.tpp.TppReply;
import dev.patchbay.api.tpp.TppReplyStream;
import dev.patchbay.api.tpp.TppRequest;
import java.util.Map;
import org.osgi.service.component.annotations.Component;

/**
 * TPP action {@code stream}: body {@code {"count": 3}}: three frames {@code {"stream": 1}} ...
 * {@code {"stream": 3}} sent as they are made, then the reply {@code {"stream": "done"}}. A
 * progress frame blocks while the client reads slower than this writes, so the handler runs on a
 * worker (the default).
 */
@Component
@TppActionService(action = "stream")
public final class StreamAction implements TppActionHandler {

    static final int MAX_FRAMES = 1000;

    @Override
    public TppReply handle(TppRequest request, TppReplyStream progress) {
        int count = request.body() instanceof Map<?, ?> body && body.get("count") instanceof Number n ? n.intValue() : 3;
        if (count < 0 || count > MAX_FRAMES) {
            return TppReply.error(1, "count must be 0.." + MAX_FRAMES);
        }
        for (int i = 1; i <= count; i++) {
            progress.send(request.result(i));
        }
        return request.result("done");
    }
}
