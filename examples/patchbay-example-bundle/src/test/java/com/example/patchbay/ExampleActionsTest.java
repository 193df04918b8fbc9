package com.example.patchbay;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

import dev.patchbay.api.tpp.TppReply;
import dev.patchbay.api.tpp.TppRequest;
import java.lang.annotation.Annotation;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.Test;

/** The example's components as plain Java: no framework needed to test them. */
public class ExampleActionsTest {

    private static TppRequest request(String action, Object body) {
        return new TppRequest(action, body, "token#1", "c1", "/127.0.0.1:5000");
    }

    @Test
    public void addAddsAndRefusesWhatIsNotTwoNumbers() {
        assertEquals(TppReply.ok(Map.of("add", 42L)), new AddAction().handle(request("add", Map.of("a", 40, "b", 2)), reply -> { }));
        assertEquals(1, new AddAction().handle(request("add", "forty"), reply -> { }).code());
    }

    @Test
    public void streamSendsItsFramesBeforeTheReply() {
        List<TppReply> frames = new ArrayList<>();
        TppReply last = new StreamAction().handle(request("stream", Map.of("count", 3)), frames::add);
        assertEquals(List.of(TppReply.ok(Map.of("stream", 1)), TppReply.ok(Map.of("stream", 2)), TppReply.ok(Map.of("stream", 3))), frames);
        assertEquals(TppReply.ok(Map.of("stream", "done")), last);
    }

    @Test
    public void sleepRefusesLongNaps() {
        assertEquals(0, new SleepAction().handle(request("sleep", Map.of("seconds", 0)), reply -> { }).code());
        assertEquals(1, new SleepAction().handle(request("sleep", Map.of("seconds", 3600)), reply -> { }).code());
    }

    @Test
    public void theGreeterGreets() {
        assertEquals("Hello, Ada!", new Greeter().greet("Ada"));
    }

    @Test
    public void thePassphraseAuthenticatorAcceptsTheRightAnswerOnly() {
        PassphraseAuthenticator auth = new PassphraseAuthenticator(config("open sesame"));
        Object challenge = auth.challenge("ada");
        String answer = PassphraseAuthenticator.answer(String.valueOf(challenge), "ada", "open sesame".getBytes(StandardCharsets.UTF_8));
        assertTrue(auth.verify("ada", challenge, answer, "/127.0.0.1:5000").accepted());
        assertFalse(auth.verify("bob", challenge, answer, "/127.0.0.1:5000").accepted());
    }

    private static PassphraseAuthenticator.Config config(String passphrase) {
        return new PassphraseAuthenticator.Config() {
            @Override
            public String _passphrase() {
                return passphrase;
            }

            @Override
            public int service_ranking() {
                return 100;
            }

            @Override
            public Class<? extends Annotation> annotationType() {
                return PassphraseAuthenticator.Config.class;
            }
        };
    }
}
