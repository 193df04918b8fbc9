package dev.patchbay.rpc.codec;

/**
 * A decoded RPC reply: a return value, or an exception given by its Python class name, message
 * and the server's traceback text.
 */
public record RpcReply(byte[] reqId, boolean ok, Object value, String exceptionType, String exceptionMessage,
                       String traceback) {

    public static RpcReply returning(byte[] reqId, Object value) {
        return new RpcReply(reqId, true, value, null, null, null);
    }

    public static RpcReply raising(byte[] reqId, PyException exception, String traceback) {
        return new RpcReply(reqId, false, null, exception.qualifiedName(), exception.message(), traceback);
    }
}
