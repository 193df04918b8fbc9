package dev.patchbay.rpc.codec;

import java.util.List;
import java.util.Map;

/**
 * A decoded RPC request.
 *
 * @param command {@code call} or {@code signal}
 * @param reqId   16 bytes for a call (echoed in the reply), {@code null} for a signal
 */
public record RpcRequest(String command, String object, String method, List<Object> args, Map<String, Object> kwargs,
                         byte[] reqId) {

    public static final String CALL = "call";
    public static final String SIGNAL = "signal";

    public boolean isCall() {
        return CALL.equals(command);
    }
}
