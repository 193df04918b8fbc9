package dev.patchbay.nucos;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;

/** A hand-driven nucosMQ connection on a plain socket, writing and reading exact bytes as a Python peer would. */
final class RawNucosClient implements AutoCloseable {

    private final Socket socket;
    private final InputStream in;

    RawNucosClient(int port) throws IOException {
        this(port, "127.0.0.1");
    }

    /** From {@code localAddress} (any of 127.0.0.0/8 works on Linux), to stand for another host. */
    RawNucosClient(int port, String localAddress) throws IOException {
        socket = new Socket(InetAddress.getByName("127.0.0.1"), port, InetAddress.getByName(localAddress), 0);
        socket.setSoTimeout(10_000);
        in = socket.getInputStream();
    }

    void write(String text) throws IOException {
        socket.getOutputStream().write(text.getBytes(StandardCharsets.UTF_8));
        socket.getOutputStream().flush();
    }

    /** Reads up to and including the next {@code _EOM_}. */
    String readFrame() throws IOException {
        ByteArrayOutputStream frame = new ByteArrayOutputStream();
        while (true) {
            int b = in.read();
            if (b < 0) {
                throw new IOException("EOF after " + frame);
            }
            frame.write(b);
            String text = frame.toString(StandardCharsets.UTF_8);
            if (text.endsWith("_EOM_")) {
                return text;
            }
        }
    }

    /** True if the server closed (EOF) within the socket timeout without sending more. */
    boolean closedByServer() throws IOException {
        try {
            return in.read() < 0;
        } catch (SocketTimeoutException e) {
            return false;
        } catch (IOException reset) {
            return true;
        }
    }

    void setTimeout(int millis) throws IOException {
        socket.setSoTimeout(millis);
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }
}
