package dev.patchbay.snakemq;

import io.netty.buffer.ByteBufUtil;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.net.Socket;
import java.net.SocketTimeoutException;

/** A hand-driven snakeMQ connection on a plain socket: writes and reads exact bytes. */
final class RawPeer implements AutoCloseable {

    /** What snakeMQ 1.6 sends first (vector B1 shape) for an identity. */
    static String handshakeHex(String identity) {
        byte[] utf8 = identity.getBytes(java.nio.charset.StandardCharsets.UTF_8);
        return "000000050000000001" + String.format("%08x", utf8.length + 1) + "02" + ByteBufUtil.hexDump(utf8);
    }

    private final Socket socket;
    private final DataInputStream in;

    RawPeer(int port) throws IOException {
        socket = new Socket("127.0.0.1", port);
        socket.setSoTimeout(10_000);
        in = new DataInputStream(socket.getInputStream());
    }

    void writeHex(String hex) throws IOException {
        socket.getOutputStream().write(ByteBufUtil.decodeHexDump(hex));
        socket.getOutputStream().flush();
    }

    String readHex(int bytes) throws IOException {
        byte[] buffer = new byte[bytes];
        in.readFully(buffer);
        return ByteBufUtil.hexDump(buffer);
    }

    /** Reads one whole packet (length header included) as hex. */
    String readPacketHex() throws IOException {
        int length = in.readInt();
        byte[] body = new byte[length];
        in.readFully(body);
        return String.format("%08x", length) + ByteBufUtil.hexDump(body);
    }

    /** True if the other side closed (EOF) within the socket timeout, with no more bytes. */
    boolean closedByPeer() throws IOException {
        try {
            return in.read() < 0;
        } catch (EOFException | SocketTimeoutException e) {
            return e instanceof EOFException;
        } catch (IOException reset) {
            return true;
        }
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }
}
