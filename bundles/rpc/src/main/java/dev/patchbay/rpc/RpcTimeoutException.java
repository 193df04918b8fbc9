package dev.patchbay.rpc;

/**
 * The call's time ran out. {@link #wasSent()} tells snakeMQ's two cases apart: sent but not
 * answered ({@code PartialCall}: the remote method may have run), or never sent because the
 * peer was not connected ({@code NotConnected}).
 */
public class RpcTimeoutException extends RpcException {

    private static final long serialVersionUID = 1L;

    private final boolean sent;

    public RpcTimeoutException(String message, boolean sent) {
        super(message);
        this.sent = sent;
    }

    public boolean wasSent() {
        return sent;
    }
}
