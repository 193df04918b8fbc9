package dev.patchbay.rpc.codec;

/**
 * An exception to pickle as an instance of a Python class a Python peer can import
 * ({@code builtins.ValueError}, {@code snakemq.rpc.NoMethodError}, ...), built from one message
 * argument. Java class names never go on the wire.
 */
public record PyException(String module, String name, String message) {

    public String qualifiedName() {
        return module + "." + name;
    }
}
