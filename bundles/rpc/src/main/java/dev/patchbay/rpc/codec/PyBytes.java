package dev.patchbay.rpc.codec;

import java.util.Arrays;

/**
 * A value to pickle as Python {@code bytes}. A plain {@code byte[]} pickles as {@code bytearray},
 * which is unhashable: a snakeMQ client that gets its {@code req_id} back as a bytearray dies.
 */
public record PyBytes(byte[] value) {

    @Override
    public boolean equals(Object other) {
        return other instanceof PyBytes b && Arrays.equals(value, b.value);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(value);
    }
}
