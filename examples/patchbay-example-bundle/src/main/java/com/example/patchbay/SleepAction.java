package com.example.patchbay;

import dev.patchbay.api.tpp.TppActionHandler;
import dev.patchbay.api.tpp.TppActionService;
import dev.patchbay.api.tpp.TppReply;
import dev.patchbay.api.tpp.TppReplyStream;
import dev.patchbay.api.tpp.TppRequest;
import java.util.Map;
import org.osgi.service.component.annotations.Component;

/**
 * TPP action {@code sleep}: body {@code {"seconds": 0.5}} (at most 10), replies once that time
 * has passed: the shape of any action that waits on something slow. It blocks, so it runs on one
 * of the listener's workers (the default), never on an I/O thread.
 */
@Component
@TppActionService(action = "sleep")
public final class SleepAction implements TppActionHandler {

    static final double MAX_SECONDS = 10;

    @Override
    public TppReply handle(TppRequest request, TppReplyStream progress) {
        double seconds = request.body() instanceof Map<?, ?> body && body.get("seconds") instanceof Number n ? n.doubleValue() : 1;
        if (seconds < 0 || seconds > MAX_SECONDS) {
            return TppReply.error(1, "seconds must be 0.." + MAX_SECONDS);
        }
        try {
            Thread.sleep((long) (seconds * 1000));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return TppReply.error(1, "interrupted");
        }
        return request.result("slept " + seconds + " s");
    }
}
