package dev.patchbay.httpqueue;

import static org.junit.Assert.assertEquals;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Locale;
import java.util.Random;
import org.junit.Test;

public class SciroccoFormatTest {

    @Test
    public void headerDateIsJavaScriptsDateToStringInUtc() {
        assertEquals("Tue Nov 24 2026 10:15:30 GMT+0000 (Coordinated Universal Time)",
                SciroccoFormat.headerDate(Instant.parse("2026-11-24T10:15:30.999Z")));
        assertEquals("Thu Jan 01 1970 00:00:00 GMT+0000 (Coordinated Universal Time)",
                SciroccoFormat.headerDate(Instant.EPOCH));
    }

    @Test
    public void headerDateMatchesThePatternFormatterEverywhere() {
        DateTimeFormatter pattern = DateTimeFormatter
                .ofPattern("EEE MMM dd yyyy HH:mm:ss 'GMT+0000 (Coordinated Universal Time)'", Locale.US)
                .withZone(ZoneOffset.UTC);
        Random random = new Random(42);
        for (int i = 0; i < 10_000; i++) {
            Instant time = Instant.ofEpochMilli(random.nextLong(253_402_300_799_000L)); // up to the year 9999
            assertEquals(pattern.format(time), SciroccoFormat.headerDate(time));
        }
        // the round trip a client does: what we write, parseTime reads back
        Instant now = Instant.parse("2026-12-02T03:04:05Z");
        assertEquals(now, SciroccoFormat.parseTime(SciroccoFormat.headerDate(now)));
    }
}
