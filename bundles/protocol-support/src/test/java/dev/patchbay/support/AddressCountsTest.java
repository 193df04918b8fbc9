package dev.patchbay.support;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

import java.net.InetAddress;
import org.junit.Test;

public class AddressCountsTest {

    @Test
    public void anAddressHoldsAtMostTheLimitAndItsEntryGoesWithItsLastRelease() throws Exception {
        AddressCounts counts = new AddressCounts();
        InetAddress one = InetAddress.getByName("10.0.0.1");
        InetAddress two = InetAddress.getByName("10.0.0.2");
        assertTrue(counts.tryAcquire(one, 2));
        assertTrue(counts.tryAcquire(one, 2));
        assertFalse(counts.tryAcquire(one, 2));
        assertTrue(counts.tryAcquire(two, 2));
        assertEquals(2, counts.addresses());
        counts.release(one);
        assertTrue("a released place can be taken again", counts.tryAcquire(one, 2));
        counts.release(one);
        counts.release(one);
        counts.release(two);
        assertEquals(0, counts.addresses());
    }
}
