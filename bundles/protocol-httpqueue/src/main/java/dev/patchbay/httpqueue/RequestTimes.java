package dev.patchbay.httpqueue;

import dev.patchbay.api.metrics.LatencyHistogram;
import dev.patchbay.api.metrics.MetricValue;
import dev.patchbay.support.LatencyBuckets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;

/**
 * How long the queue takes to answer, per route, from the complete request to the answer
 * being handed to the socket: waiting for a worker, the store and its commit.
 * Buckets: {@link LatencyBuckets}.
 */
public final class RequestTimes {

    /** What a request did, as far as timing goes. */
    enum Route {
        PUSH, PULL, ACK, MESSAGES, OTHER;

        static Route of(String method, String path) {
            String lower = path.toLowerCase(Locale.ROOT);
            if (lower.startsWith("/messagequeue")) {
                if (method.equals("POST")) {
                    return PUSH;
                }
                if (method.equals("GET")) {
                    return PULL;
                }
                if (method.equals("PATCH") && lower.endsWith("/ack")) {
                    return ACK;
                }
            } else if (lower.startsWith("/messages")) {
                return MESSAGES;
            }
            return OTHER;
        }
    }

    private final LatencyBuckets[] byRoute = new LatencyBuckets[Route.values().length];
    /** Answers by route and status; statuses are the server's own, so the series stay few. */
    private final Map<Answer, LongAdder> answers = new ConcurrentHashMap<>();

    private record Answer(Route route, int status) {
    }

    public RequestTimes() {
        for (int i = 0; i < byRoute.length; i++) {
            byRoute[i] = new LatencyBuckets();
        }
    }

    void record(Route route, long nanos, int status) {
        byRoute[route.ordinal()].record(nanos);
        answered(route, status);
    }

    /** An answer that was not timed (refused before reaching the store: the server was busy). */
    void answered(Route route, int status) {
        answers.computeIfAbsent(new Answer(route, status), key -> new LongAdder()).increment();
    }

    /** Answers so far, by route and HTTP status. */
    public List<MetricValue> answerCounts(String endpoint) {
        List<MetricValue> values = new ArrayList<>();
        answers.forEach((answer, count) -> values.add(MetricValue.counter("patchbay_httpqueue_requests_total",
                "Requests answered, by route and HTTP status", Map.of("endpoint", endpoint,
                        "route", answer.route().name().toLowerCase(Locale.ROOT), "status", Integer.toString(answer.status())),
                count.sum())));
        return values;
    }

    /** One histogram per route that has answered anything. */
    public List<LatencyHistogram> snapshot() {
        List<LatencyHistogram> histograms = new ArrayList<>();
        for (Route route : Route.values()) {
            LatencyHistogram histogram = byRoute[route.ordinal()].snapshot("patchbay_httpqueue_request",
                    "HTTP queue requests, from complete request to answer written",
                    Map.of("route", route.name().toLowerCase(Locale.ROOT)));
            if (histogram != null) {
                histograms.add(histogram);
            }
        }
        return histograms;
    }
}
