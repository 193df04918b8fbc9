package dev.patchbay.support;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.util.Arrays;
import java.util.Objects;
import java.util.Set;

/**
 * Tells whether a configuration change needs a restart: components whose settings can mostly
 * only be applied by rebuilding (a listener's port, its TLS) but some live (a store selection
 * SCR rebinds) compare the old and the new configuration on every attribute but the live ones.
 * Reading every attribute of the component property type means a setting added later is never
 * forgotten.
 */
public final class ConfigChanges {

    private ConfigChanges() {
    }

    /**
     * @param type    the component property type (an annotation or interface of no-argument methods)
     * @param ignored method names of the attributes applied live ({@code "store_target"})
     * @return whether any other attribute differs
     */
    public static <C> boolean differ(Class<C> type, C before, C after, Set<String> ignored) {
        for (Method attribute : type.getDeclaredMethods()) {
            if (attribute.getParameterCount() != 0 || ignored.contains(attribute.getName())) {
                continue;
            }
            if (!Objects.deepEquals(read(attribute, before), read(attribute, after))) {
                return true;
            }
        }
        return false;
    }

    private static Object read(Method attribute, Object configuration) {
        try {
            attribute.setAccessible(true);
            return attribute.invoke(configuration);
        } catch (IllegalAccessException | InvocationTargetException e) {
            throw new IllegalStateException("cannot read configuration attribute " + attribute.getName(), e);
        }
    }

    /** The names of the attributes that differ, sorted (for log lines). */
    public static <C> String[] changed(Class<C> type, C before, C after) {
        return Arrays.stream(type.getDeclaredMethods())
                .filter(attribute -> attribute.getParameterCount() == 0)
                .filter(attribute -> !Objects.deepEquals(read(attribute, before), read(attribute, after)))
                .map(Method::getName).sorted().toArray(String[]::new);
    }
}
