package dev.patchbay.support;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

import java.net.InetSocketAddress;
import org.junit.Test;

public class FailureThrottleTest {

    private static final long SECOND = 1_000_000_000L;

    @Test
    public void anAddressMayFailTheBurstThenOncePerIntervalAndOthersAreUntouched() {
        FailureThrottle throttle = new FailureThrottle(3, SECOND, 100);
        for (int i = 0; i < 3; i++) {
            assertTrue(throttle.mayTry("/10.0.0.1:" + (4000 + i), 0));
            throttle.failed("/10.0.0.1:" + (4000 + i), 0);
        }
        assertFalse("the port does not matter", throttle.mayTry("/10.0.0.1:5000", 0));
        assertTrue(throttle.mayTry("/10.0.0.2:5000", 0));
        assertFalse(throttle.mayTry("10.0.0.1", SECOND / 2));
        assertTrue("one more after the interval", throttle.mayTry("10.0.0.1", SECOND));
        throttle.failed("10.0.0.1", SECOND);
        assertFalse(throttle.mayTry("10.0.0.1", SECOND));
        assertTrue("full again after burst intervals", throttle.mayTry("10.0.0.1", 10 * SECOND));
    }

    @Test
    public void onlyTheMostRecentlyFailingAddressesAreKept() {
        FailureThrottle throttle = new FailureThrottle(1, SECOND, 10);
        for (int i = 0; i < 1000; i++) {
            throttle.failed("10.0." + (i / 256) + "." + (i % 256), 0);
        }
        assertEquals(10, throttle.addresses());
        assertFalse(throttle.mayTry("10.0.3.231", 0));
        assertTrue("forgotten", throttle.mayTry("10.0.0.0", 0));
    }

    @Test
    public void theIpIsTakenFromEveryAddressForm() {
        assertEquals("10.0.0.7", RemoteAddresses.ip("/10.0.0.7:51234"));
        assertEquals("10.0.0.7", RemoteAddresses.ip("host.example/10.0.0.7:51234"));
        assertEquals("10.0.0.7", RemoteAddresses.ip("10.0.0.7"));
        assertEquals("::1", RemoteAddresses.ip("/[::1]:51234"));
        assertEquals("0:0:0:0:0:0:0:1", RemoteAddresses.ip("/0:0:0:0:0:0:0:1:51234"));
        assertEquals("0:0:0:0:0:0:0:1", RemoteAddresses.ip("0:0:0:0:0:0:0:1"));
        assertEquals("127.0.0.1", RemoteAddresses.ip(new InetSocketAddress("127.0.0.1", 4000)));
    }
}
