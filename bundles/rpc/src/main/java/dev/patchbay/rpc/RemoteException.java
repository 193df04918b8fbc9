package dev.patchbay.rpc;

/**
 * The remote method raised (or threw) an exception. {@link #remoteType()} is its Python class
 * ({@code builtins.ValueError}, {@code snakemq.rpc.NoMethodError}, ...) and
 * {@link #remoteTraceback()} the traceback text the server sent ({@code __remote_traceback__}).
 */
public class RemoteException extends RpcException {

    private static final long serialVersionUID = 1L;

    private final String remoteType;
    private final String remoteTraceback;

    public RemoteException(String remoteType, String message, String remoteTraceback) {
        super(remoteType + ": " + message);
        this.remoteType = remoteType;
        this.remoteTraceback = remoteTraceback == null ? "" : remoteTraceback;
    }

    public String remoteType() {
        return remoteType;
    }

    public String remoteTraceback() {
        return remoteTraceback;
    }

    /** The remote side has no object registered under the called name. */
    public boolean isNoSuchObject() {
        return "snakemq.rpc.NoInstanceError".equals(remoteType);
    }

    /** The remote object has no method of the called name. */
    public boolean isNoSuchMethod() {
        return "snakemq.rpc.NoMethodError".equals(remoteType);
    }
}
