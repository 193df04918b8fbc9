package dev.patchbay.support;

import static org.junit.Assert.assertArrayEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

import java.util.Set;
import org.junit.Test;

public class ConfigChangesTest {

    /** Shaped like a component property type. */
    @interface Settings {
        int port() default 1;

        String[] hosts() default {};

        String store_target() default "";
    }

    private static Settings settings(int port, String[] hosts, String storeTarget) {
        return new Settings() {
            @Override
            public int port() {
                return port;
            }

            @Override
            public String[] hosts() {
                return hosts;
            }

            @Override
            public String store_target() {
                return storeTarget;
            }

            @Override
            public Class<? extends java.lang.annotation.Annotation> annotationType() {
                return Settings.class;
            }
        };
    }

    @Test
    public void onlyAttributesOutsideTheLiveOnesCount() {
        Settings before = settings(1, new String[] {"a"}, "(x=1)");
        assertFalse("arrays compare by content", ConfigChanges.differ(Settings.class, before,
                settings(1, new String[] {"a"}, "(x=2)"), Set.of("store_target")));
        assertTrue(ConfigChanges.differ(Settings.class, before, settings(2, new String[] {"a"}, "(x=1)"), Set.of("store_target")));
        assertTrue(ConfigChanges.differ(Settings.class, before, settings(1, new String[] {"b"}, "(x=1)"), Set.of()));
        assertArrayEquals(new String[] {"port", "store_target"},
                ConfigChanges.changed(Settings.class, before, settings(5, new String[] {"a"}, "(y=1)")));
    }
}
