package dev.patchbay.httpqueue.osgi;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertThrows;

import java.util.Map;
import java.util.Set;
import org.junit.Test;

public class HttpQueueComponentTest {

    @Test
    public void tokenNodeIdsAreReadFromOneCommaSeparatedValueOrSeveral() {
        assertEquals(Map.of("token#2", Set.of("af123", "af124"), "token#3", Set.of("bf456")),
                HttpQueueComponent.nodesByPrincipal(new String[] {"token#2=af123  af124, token#3=bf456"}));
        assertEquals(Map.of("token#2", Set.of("af123")), HttpQueueComponent.nodesByPrincipal(new String[] {"token#2=af123", " "}));
        assertEquals(Map.of(), HttpQueueComponent.nodesByPrincipal(new String[0]));
        assertThrows(IllegalArgumentException.class, () -> HttpQueueComponent.nodesByPrincipal(new String[] {"af123"}));
    }
}
