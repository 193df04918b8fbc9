package dev.patchbay.shell;

import static org.junit.Assert.assertEquals;

import java.nio.charset.StandardCharsets;
import org.junit.Test;

public class ConsoleTextTest {

    /** What Felix's console makes of UTF-8 typed into it: one char per byte. */
    private static String bytewise(String typed) {
        return new String(typed.getBytes(StandardCharsets.UTF_8), StandardCharsets.ISO_8859_1);
    }

    @Test
    public void textTypedIntoTheFelixConsoleIsDecodedAsUtf8() {
        assertEquals("ž", ConsoleText.decode(bytewise("ž")));
        assertEquals("Grüße, 日本 🎉", ConsoleText.decode(bytewise("Grüße, 日本 🎉")));
    }

    @Test
    public void textThatCameInDecodedPassesUnchanged() {
        assertEquals("plain ascii", ConsoleText.decode("plain ascii"));
        assertEquals("日本", ConsoleText.decode("日本"));
        assertEquals("café", ConsoleText.decode("café")); // é alone is not valid UTF-8 as a byte
        assertEquals("ž", ConsoleText.decode("ž"));
    }
}
