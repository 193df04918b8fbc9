package dev.patchbay.httpqueue;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.Test;

public class RequestDispatcherTest {

    private static HttpQueueRequest request(String path) {
        return new HttpQueueRequest("GET", path, Map.of(), Map.of(), new byte[0], "test");
    }

    /** Answers each request with its path as body; the first call waits until {@code release}. */
    private static final class RecordingService {
        final List<List<String>> calls = Collections.synchronizedList(new ArrayList<>());
        final CountDownLatch firstCallStarted = new CountDownLatch(1);
        final CountDownLatch release = new CountDownLatch(1);

        List<HttpQueueResponse> answer(List<HttpQueueRequest> requests) {
            calls.add(requests.stream().map(HttpQueueRequest::path).toList());
            firstCallStarted.countDown();
            try {
                release.await(10, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            return requests.stream().map(r -> HttpQueueResponse.json(200, r.path().getBytes())).toList();
        }
    }

    private static final class Answers {
        final BlockingQueue<String> bodies = new ArrayBlockingQueue<>(100);

        RequestInbox.Pending pending(String path) {
            return new RequestInbox.Pending(request(path), answer -> bodies.add(answer.status() + " " + new String(answer.body())));
        }

        String next() throws InterruptedException {
            String body = bodies.poll(10, TimeUnit.SECONDS);
            assertTrue("no answer", body != null);
            return body;
        }
    }

    @Test
    public void theBatchingThreadRunsTheIdleWorkOnceOutOfRequestsAndAfterAnswering() throws Exception {
        RecordingService service = new RecordingService();
        service.release.countDown();
        Answers answers = new Answers();
        List<String> events = Collections.synchronizedList(new ArrayList<>());
        CountDownLatch idleAfterAnswer = new CountDownLatch(1);
        Runnable idle = () -> {
            events.add("idle");
            if (events.contains("answered")) {
                idleAfterAnswer.countDown();
            }
        };
        try (RequestDispatcher dispatcher = new RequestDispatcher(service::answer, () -> true, idle, 1, 100)) {
            assertTrue(dispatcher.offer(new RequestInbox.Pending(request("/1"), answer -> events.add("answered"))));
            // the answer (given before any commit it may defer) comes first, the idle work after it
            assertTrue(idleAfterAnswer.await(10, TimeUnit.SECONDS));
            assertEquals(List.of("/1"), service.calls.get(0));
        }
    }

    @Test
    public void whenTheStoreCommitsBatchesRequestsWaitingDuringABatchShareTheNext() throws Exception {
        RecordingService service = new RecordingService();
        Answers answers = new Answers();
        try (RequestDispatcher dispatcher = new RequestDispatcher(service::answer, () -> true, () -> { }, 4, 100)) {
            assertTrue(dispatcher.offer(answers.pending("/1")));
            assertTrue(service.firstCallStarted.await(10, TimeUnit.SECONDS));
            for (int i = 2; i <= 4; i++) {
                assertTrue(dispatcher.offer(answers.pending("/" + i)));
            }
            service.release.countDown();
            List<String> got = new ArrayList<>();
            for (int i = 0; i < 4; i++) {
                got.add(answers.next());
            }
            assertEquals(List.of("200 /1", "200 /2", "200 /3", "200 /4"), got);
            assertEquals(List.of(List.of("/1"), List.of("/2", "/3", "/4")), service.calls);
        }
    }

    @Test
    public void otherwiseEachThreadAnswersOneRequestAtATime() throws Exception {
        RecordingService service = new RecordingService();
        Answers answers = new Answers();
        try (RequestDispatcher dispatcher = new RequestDispatcher(service::answer, () -> false, () -> { }, 4, 100)) {
            for (int i = 1; i <= 4; i++) {
                assertTrue(dispatcher.offer(answers.pending("/" + i)));
            }
            // four threads: all four requests are being answered at once, each on its own
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
            while (service.calls.size() < 4 && System.nanoTime() < deadline) {
                Thread.sleep(5);
            }
            service.release.countDown();
            for (int i = 0; i < 4; i++) {
                answers.next();
            }
            assertEquals(4, service.calls.size());
            service.calls.forEach(call -> assertEquals(1, call.size()));
        }
    }

    @Test
    public void aFullInboxRefusesAndClosingAnswersWhatIsLeft() throws Exception {
        RecordingService service = new RecordingService();
        Answers answers = new Answers();
        AtomicBoolean batching = new AtomicBoolean(true);
        RequestDispatcher dispatcher = new RequestDispatcher(service::answer, batching::get, () -> { }, 1, 2);
        assertTrue(dispatcher.offer(answers.pending("/held")));
        assertTrue(service.firstCallStarted.await(10, TimeUnit.SECONDS));
        assertTrue(dispatcher.offer(answers.pending("/a")));
        assertTrue(dispatcher.offer(answers.pending("/b")));
        assertEquals("capacity 2", false, dispatcher.offer(answers.pending("/c")));
        Thread closing = new Thread(dispatcher::close);
        closing.start();
        service.release.countDown();
        closing.join(10_000);
        List<String> got = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            got.add(answers.next());
        }
        // the held request is answered; the two waiting ones are either answered or told the server stops
        assertEquals("200 /held", got.get(0));
        got.subList(1, 3).forEach(answer -> assertTrue(answer, answer.startsWith("200 /") || answer.startsWith("503 ")));
        assertEquals(false, dispatcher.offer(answers.pending("/late")));
    }
}
