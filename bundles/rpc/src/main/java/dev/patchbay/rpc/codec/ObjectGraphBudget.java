package dev.patchbay.rpc.codec;

import java.util.ArrayDeque;
import java.util.Collection;
import java.util.Iterator;
import java.util.Arrays;
import java.util.Map;
import java.util.stream.Stream;

/**
 * Walks a decoded object graph as the tree that printing, comparing or converting it would walk
 * (a shared reference counts every time it is reached), giving up past a budget. Work is bounded
 * by the budget, never by the graph; a graph that passes can be walked by anything afterwards.
 */
final class ObjectGraphBudget {

    private ObjectGraphBudget() {
    }

    /** @throws IllegalArgumentException if {@code root} unfolds into more than the limits allow */
    static void check(Object root, int maxNodes, int maxDepth) {
        ArrayDeque<Iterator<?>> path = new ArrayDeque<>();
        long nodes = 1;
        Iterator<?> top = children(root);
        if (top != null) {
            path.push(top);
        }
        while (!path.isEmpty()) {
            Iterator<?> current = path.peek();
            if (!current.hasNext()) {
                path.pop();
                continue;
            }
            Object child = current.next();
            if (++nodes > maxNodes) {
                throw new IllegalArgumentException("the pickle unfolds into more than " + maxNodes
                        + " objects (shared references counted each time; a cycle never ends)");
            }
            Iterator<?> below = children(child);
            if (below != null) {
                if (path.size() >= maxDepth) {
                    throw new IllegalArgumentException("the pickle nests containers more than " + maxDepth + " deep");
                }
                path.push(below);
            }
        }
    }

    /**
     * {@code value} as text of at most about {@code maxChars} characters: containers are cut
     * with "..." once the text is long enough, so the work is bounded by {@code maxChars}.
     */
    static String describe(Object value, int maxChars) {
        StringBuilder text = new StringBuilder();
        describe(value, text, maxChars, 0);
        return text.toString();
    }

    private static void describe(Object value, StringBuilder text, int maxChars, int depth) {
        if (text.length() >= maxChars) {
            return;
        }
        Iterator<?> children = children(value);
        if (children == null) {
            String leaf = String.valueOf(value);
            text.append(leaf, 0, Math.min(leaf.length(), Math.max(0, maxChars - text.length())));
            return;
        }
        if (depth >= 20) {
            text.append("...");
            return;
        }
        text.append(value instanceof Map<?, ?> ? '{' : value instanceof Object[] ? '(' : '[');
        boolean first = true;
        while (children.hasNext()) {
            if (text.length() >= maxChars) {
                text.append("...");
                return;
            }
            if (!first) {
                text.append(", ");
            }
            first = false;
            describe(children.next(), text, maxChars, depth + 1);
        }
        text.append(value instanceof Map<?, ?> ? '}' : value instanceof Object[] ? ')' : ']');
    }

    /** The objects directly inside a container (a map's keys and values), or null for a leaf. */
    private static Iterator<?> children(Object value) {
        if (value instanceof Collection<?> collection) {
            return collection.iterator();
        }
        if (value instanceof Object[] array) {
            return Arrays.asList(array).iterator();
        }
        if (value instanceof Map<?, ?> map) {
            return map.entrySet().stream().flatMap(e -> Stream.of(e.getKey(), e.getValue())).iterator();
        }
        return null;
    }
}
