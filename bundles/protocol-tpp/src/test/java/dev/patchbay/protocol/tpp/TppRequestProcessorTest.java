package dev.patchbay.protocol.tpp;

import static java.nio.charset.StandardCharsets.US_ASCII;
import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.patchbay.api.auth.AuthResult;
import dev.patchbay.api.auth.Authenticator;
import dev.patchbay.api.tpp.TppReply;
import io.netty.buffer.ByteBufUtil;
import java.io.File;
import java.io.IOException;
import java.util.List;
import java.util.Map;
import org.junit.Test;

public class TppRequestProcessorTest {

    private static final Authenticator SECRET_TOKEN = credentials ->
            new String(credentials.secret(), UTF_8).equals("tpp-secret-token")
                    ? AuthResult.accept("tester") : AuthResult.reject("wrong");

    private final TppActionRegistry actions = new TppActionRegistry();
    private final TppRequestProcessor processor = new TppRequestProcessor(() -> SECRET_TOKEN, actions);

    {
        actions.add("echo", (request, progress) -> request.result(request.body()));
    }

    @Test
    public void rejectionsMatchTheReferenceServerByteForByte() throws IOException {
        JsonNode vectors = new ObjectMapper().readTree(new File(System.getProperty("patchbay.vectors"), "tpp.json"));
        int checked = 0;
        for (JsonNode vector : vectors.get("server_check_data")) {
            if (!vector.get("connection_closed").asBoolean()) {
                continue; // the accepted request: the reference stops before the action runs
            }
            RecordingReplies replies = run(ByteBufUtil.decodeHexDump(vector.at("/request/hex").asText()));
            String expected = new String(ByteBufUtil.decodeHexDump(vector.at("/response/hex").asText()), US_ASCII);
            assertEquals(vector.get("name").asText(), expected.substring(expected.indexOf('\n') + 1),
                    new String(replies.frames.get(0), US_ASCII));
            assertEquals(1, replies.frames.size());
            assertTrue(replies.closed);
            checked++;
        }
        assertEquals(8, checked);
    }

    @Test
    public void echoRepliesAsTheReferenceContractServer() {
        RecordingReplies replies = run("{\"action\": \"echo\", \"body\": {\"x\": 1}, \"token\": \"tpp-secret-token\"}");
        assertEquals(List.of("{\"code\": 0, \"body\": {\"echo\": {\"x\": 1}}}"), texts(replies));
        assertTrue(replies.closed);
    }

    @Test
    public void answersAreCountedByRegisteredActionAndCode() {
        run("{\"action\": \"echo\", \"token\": \"tpp-secret-token\"}");
        run("{\"action\": \"echo\", \"token\": \"tpp-secret-token\"}");
        run("{\"action\": \"echo\", \"token\": \"wrong\"}");
        run("{\"action\": \"invented-" + System.nanoTime() + "\", \"token\": \"tpp-secret-token\"}");
        TppRequestCounts counts = processor.counts();
        assertEquals(2, counts.answered("echo", 0));
        assertEquals(1, counts.answered(TppRequestCounts.NONE, 3));
        assertEquals("invented names share one label", 1, counts.answered(TppRequestCounts.UNKNOWN, 1));
        assertEquals(3, counts.metrics("tpp").size());
    }

    @Test
    public void missingBodyReachesTheActionAsNull() {
        assertEquals(List.of("{\"code\": 0, \"body\": {\"echo\": null}}"),
                texts(run("{\"action\": \"echo\", \"token\": \"tpp-secret-token\"}")));
    }

    @Test
    public void validJsonThatIsNotARequestObjectGetsCode1WithoutRunningAnything() {
        for (String odd : new String[] {"[1, 2]", "\"text\"", "5", "{\"token\": 123, \"action\": \"echo\"}",
                                        "{\"token\": [\"x\"], \"action\": \"echo\"}"}) {
            RecordingReplies replies = run(odd);
            assertEquals(odd, List.of("{\"code\": 1, \"body\": {\"error\": \"Something wrong with your data None\"}}"),
                    texts(replies));
        }
    }

    @Test
    public void invalidUtf8IsBadData() {
        byte[] request = "{\"action\": \"echo\", \"token\": \"tpp-secret-token\", \"body\": \"\u00ff\"}".getBytes(UTF_8);
        request[request.length - 3] = (byte) 0xff;
        assertTrue(texts(processorRun(request)).get(0).startsWith("{\"code\": 1,"));
    }

    @Test
    public void unknownActionIsCode1AsToxicBuildAnswersIt() {
        assertEquals(List.of("{\"code\": 1, \"body\": {\"error\": \"Action zzz does not exist\"}}"),
                texts(run("{\"action\": \"zzz\", \"body\": {}, \"token\": \"tpp-secret-token\"}")));
    }

    @Test
    public void wrongTokenNeverReachesTheAction() {
        actions.add("explode", (request, progress) -> {
            throw new AssertionError("must not run");
        });
        assertEquals(List.of("{\"code\": 3, \"body\": {\"error\": \"Bad auth token\"}}"),
                texts(run("{\"action\": \"explode\", \"token\": \"guess\"}")));
    }

    @Test
    public void handlerExceptionBecomesCode1WithTheMessage() {
        actions.add("fail", (request, progress) -> {
            throw new IllegalStateException("builder b1 is busy");
        });
        assertEquals(List.of("{\"code\": 1, \"body\": {\"error\": \"IllegalStateException: builder b1 is busy\"}}"),
                texts(run("{\"action\": \"fail\", \"token\": \"tpp-secret-token\"}")));
    }

    @Test
    public void streamingHandlerSendsEveryFrameThenTheFinalOne() {
        actions.add("build", (request, progress) -> {
            progress.send(TppReply.ok(Map.of("step", 1)));
            progress.send(TppReply.ok(Map.of("step", 2)));
            return TppReply.ok("done");
        });
        RecordingReplies replies = run("{\"action\": \"build\", \"token\": \"tpp-secret-token\"}");
        assertEquals(List.of("{\"code\": 0, \"body\": {\"step\": 1}}", "{\"code\": 0, \"body\": {\"step\": 2}}",
                "{\"code\": 0, \"body\": \"done\"}"), texts(replies));
        assertTrue(replies.closed);
    }

    @Test
    public void onlyWhatMayBlockIsHandedToTheWorkers() {
        TokenCache cache = new TokenCache();
        TppRequestProcessor cached = new TppRequestProcessor(() -> cache, actions);
        actions.add("quick", (request, progress) -> request.result("inline"), false);
        actions.add("slow", (request, progress) -> request.result("worker"), true);
        java.util.ArrayDeque<Runnable> workers = new java.util.ArrayDeque<>();

        // First sight of the token: bcrypt-like check on a worker, the quick handler right after.
        RecordingReplies first = new RecordingReplies();
        cached.process("{\"action\": \"quick\", \"token\": \"tpp-secret-token\"}".getBytes(UTF_8), first, workers::add);
        assertTrue(first.frames.isEmpty());
        workers.poll().run();
        assertEquals(List.of("{\"code\": 0, \"body\": {\"quick\": \"inline\"}}"), texts(first));

        // Token known now: a non-blocking handler completes on the calling thread...
        RecordingReplies second = new RecordingReplies();
        cached.process("{\"action\": \"quick\", \"token\": \"tpp-secret-token\"}".getBytes(UTF_8), second, workers::add);
        assertEquals(1, second.frames.size());
        assertTrue(workers.isEmpty());

        // ...and a blocking one is handed over.
        RecordingReplies third = new RecordingReplies();
        cached.process("{\"action\": \"slow\", \"token\": \"tpp-secret-token\"}".getBytes(UTF_8), third, workers::add);
        assertTrue(third.frames.isEmpty());
        workers.poll().run();
        assertEquals(List.of("{\"code\": 0, \"body\": {\"slow\": \"worker\"}}"), texts(third));
    }

    @Test
    public void fullWorkerQueueIsAnsweredBusy() {
        RecordingReplies replies = new RecordingReplies();
        processor.process("{\"action\": \"echo\", \"token\": \"tpp-secret-token\"}".getBytes(UTF_8), replies,
                work -> {
                    throw new java.util.concurrent.RejectedExecutionException("full");
                });
        assertEquals(List.of("{\"code\": 1, \"body\": {\"error\": \"server busy, try again later\"}}"), texts(replies));
        assertTrue(replies.closed);
    }

    /** Verifies like SECRET_TOKEN, but answers tryAuthenticateNow only once a token was verified. */
    private static final class TokenCache implements Authenticator {
        private final java.util.Set<String> verified = new java.util.HashSet<>();

        @Override
        public AuthResult authenticate(dev.patchbay.api.auth.Credentials credentials) {
            AuthResult result = SECRET_TOKEN.authenticate(credentials);
            if (result.accepted()) {
                verified.add(new String(credentials.secret(), UTF_8));
            }
            return result;
        }

        @Override
        public AuthResult tryAuthenticateNow(dev.patchbay.api.auth.Credentials credentials) {
            return verified.contains(new String(credentials.secret(), UTF_8)) ? AuthResult.accept("tester") : null;
        }
    }

    @Test
    public void withoutAnAuthenticatorEveryRequestIsRefused() {
        RecordingReplies replies = new RecordingReplies();
        new TppRequestProcessor(() -> null, actions)
                .process("{\"action\": \"echo\", \"token\": \"tpp-secret-token\"}".getBytes(UTF_8), replies, Runnable::run);
        assertTrue(texts(replies).get(0).startsWith("{\"code\": 3,"));
    }

    private RecordingReplies run(String request) {
        return processorRun(request.getBytes(UTF_8));
    }

    private RecordingReplies run(byte[] request) {
        return processorRun(request);
    }

    private RecordingReplies processorRun(byte[] request) {
        RecordingReplies replies = new RecordingReplies();
        processor.process(request, replies, Runnable::run);
        return replies;
    }

    private static List<String> texts(RecordingReplies replies) {
        return replies.frames.stream().map(f -> new String(f, US_ASCII)).toList();
    }
}
