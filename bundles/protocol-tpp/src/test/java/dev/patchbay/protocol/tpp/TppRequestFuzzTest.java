package dev.patchbay.protocol.tpp;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.patchbay.api.auth.AuthResult;
import dev.patchbay.api.auth.Authenticator;
import dev.patchbay.json.PythonJson;
import java.util.Map;

/**
 * Jazzer fuzz test of a TPP request payload (the JSON after the length line): any bytes get
 * exactly one reply frame that is valid JSON {@code {"code": int, "body": ...}}, and the
 * connection is closed; no exception escapes.
 *
 * <p>Regression inputs: {@code src/test/resources/dev/patchbay/protocol/tpp/TppRequestFuzzTestInputs};
 * to fuzz: {@code JAZZER_FUZZ=1 mvn test -pl bundles/protocol-tpp -Dtest=TppRequestFuzzTest -Djazzer.max_duration=5m}.
 */
class TppRequestFuzzTest {

    private static final Authenticator TOKEN = credentials ->
            new String(credentials.secret(), UTF_8).equals("tpp-secret-token")
                    ? AuthResult.accept("fuzzer") : AuthResult.reject("wrong");

    private final TppActionRegistry actions = new TppActionRegistry();
    private final TppRequestProcessor processor = new TppRequestProcessor(() -> TOKEN, actions);

    {
        actions.add("echo", (request, progress) -> request.result(request.body()), false);
    }

    @FuzzTest
    void request(byte[] payload) throws Exception {
        RecordingReplies replies = new RecordingReplies();
        processor.process(payload, replies, Runnable::run);
        assertEquals(1, replies.frames.size());
        assertTrue(replies.closed);
        Object reply = PythonJson.decode(replies.frames.get(0));
        assertTrue(reply instanceof Map<?, ?> map && map.get("code") instanceof Number && map.containsKey("body"),
                "reply " + new String(replies.frames.get(0), UTF_8));
    }
}
