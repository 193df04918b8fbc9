package dev.patchbay.rpc.codec;

/**
 * How much work one pickle may cost to read. A pickle is a program: a few hundred bytes can
 * describe an object graph whose shared references unfold into 2^64 nodes, and anything that
 * walks it as a tree (hashing a dict key, printing, coercing arguments) runs that long. Reading
 * stops with an error as soon as a pickle goes past any of these.
 *
 * @param maxOpcodes        opcodes executed
 * @param maxMemoReferences times a memoized object is referenced again (GET and DUP opcodes)
 * @param maxNodes          objects in the result counted as a tree, each shared reference again
 *                          (a cycle counts as infinite)
 * @param maxDepth          containers nested inside one another
 */
public record PickleLimits(int maxOpcodes, int maxMemoReferences, int maxNodes, int maxDepth) {

    /** Room for any real RPC call (a million objects, 200 levels), none for a bomb. */
    public static final PickleLimits DEFAULT = new PickleLimits(4_000_000, 1_000_000, 1_000_000, 200);

    public PickleLimits {
        if (maxOpcodes < 1 || maxMemoReferences < 0 || maxNodes < 1 || maxDepth < 1) {
            throw new IllegalArgumentException("pickle limits must be positive");
        }
    }
}
