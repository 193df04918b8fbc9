package dev.patchbay.shell;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;

/**
 * Text as typed into the node's console. Felix's Gogo console reads the terminal byte by byte
 * and makes each byte a char, whatever the JVM's charset, so "ž" typed in a UTF-8 terminal
 * arrives as the two chars "Å¾" (issue 16.7). When every char of an argument is such a byte
 * and the bytes are valid UTF-8 with something beyond ASCII, they are decoded as UTF-8. Text
 * that came in decoded (Karaf's shell over SSH, a script) has chars beyond U+00FF, or its
 * Latin-1 bytes are not valid UTF-8, and passes unchanged.
 */
final class ConsoleText {

    private ConsoleText() {
    }

    static String decode(String typed) {
        boolean beyondAscii = false;
        for (int i = 0; i < typed.length(); i++) {
            char c = typed.charAt(i);
            if (c > 0xFF) {
                return typed;
            }
            beyondAscii |= c > 0x7F;
        }
        if (!beyondAscii) {
            return typed;
        }
        try {
            return StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(typed.getBytes(StandardCharsets.ISO_8859_1)))
                    .toString();
        } catch (CharacterCodingException notUtf8) {
            return typed;
        }
    }
}
