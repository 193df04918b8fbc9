package dev.patchbay.support;

import static org.junit.Assert.assertEquals;

import org.junit.Test;

public class LogThrottleTest {

    @Test
    public void oneLinePerIntervalWithTheCountSinceTheLastOne() {
        long start = System.nanoTime();
        LogThrottle throttle = new LogThrottle(1000);
        assertEquals("the first occurrence is logged", 1, throttle.occurred(start));
        assertEquals(0, throttle.occurred(start + 10));
        assertEquals(0, throttle.occurred(start + 20));
        assertEquals("the next line reports all three since", 3, throttle.occurred(start + 1000));
        assertEquals(0, throttle.occurred(start + 1500));
        assertEquals(2, throttle.occurred(start + 2500));
    }
}
