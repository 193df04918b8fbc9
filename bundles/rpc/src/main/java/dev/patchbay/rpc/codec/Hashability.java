package dev.patchbay.rpc.codec;

import java.util.ArrayDeque;
import java.util.Collection;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.Map;
import java.util.Set;
import net.razorvine.pickle.PickleException;

/**
 * What may be a dict key or a set element, as Python decides it: not a list, dict or set, nor a
 * tuple holding one. Python raises TypeError for these; for us they are also the keys whose
 * Java hash walks everything below them, so refusing them keeps hashing linear.
 */
final class Hashability {

    private Hashability() {
    }

    /** @throws PickleException naming the unhashable type, as Python's TypeError does */
    static void require(Object key) {
        if (!(key instanceof Object[])) {
            requireLeaf(key);
            return;
        }
        // Tuples nest and share; each one is looked at once, so this is linear in the tuples.
        Set<Object> seen = Collections.newSetFromMap(new IdentityHashMap<>());
        ArrayDeque<Object> toCheck = new ArrayDeque<>();
        toCheck.push(key);
        while (!toCheck.isEmpty()) {
            Object next = toCheck.pop();
            if (next instanceof Object[] tuple) {
                if (seen.add(tuple)) {
                    for (Object element : tuple) {
                        if (element != null) {
                            toCheck.push(element);
                        }
                    }
                }
            } else {
                requireLeaf(next);
            }
        }
    }

    private static void requireLeaf(Object key) {
        if (key instanceof Collection<?> || key instanceof Map<?, ?>) {
            String type = key instanceof Map<?, ?> ? "dict" : key instanceof Set<?> ? "set" : "list";
            throw new PickleException("unhashable type: '" + type + "' used as a dict key or set element");
        }
    }
}
