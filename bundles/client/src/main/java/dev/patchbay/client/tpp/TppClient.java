package dev.patchbay.client.tpp;

import static java.nio.charset.StandardCharsets.US_ASCII;

import dev.patchbay.json.PythonJson;
import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.function.Consumer;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManagerFactory;

/**
 * TPP client. Each call opens a connection, sends one request and reads the reply frames, as
 * the protocol allows one request per connection. Instances are immutable and thread safe.
 *
 * <pre>{@code
 * TppClient client = TppClient.builder("127.0.0.1", 7111).build();
 * Object echoed = client.request("echo", Map.of("x", 1), token, Duration.ofSeconds(5));
 * }</pre>
 *
 * <p>Requests are written exactly as the Python client writes them. Unlike the Python client,
 * the timeout of {@link #request} bounds the whole exchange, connect included, and reply frames
 * larger than {@code maxFrameBytes} are refused rather than buffered.
 */
public final class TppClient {

    private static final int MAX_PREFIX_BYTES = 32;

    private final String host;
    private final int port;
    private final SSLContext tls;
    private final boolean verifyHostname;
    private final int maxFrameBytes;

    private TppClient(Builder builder) {
        this.host = builder.host;
        this.port = builder.port;
        this.tls = builder.tls;
        this.verifyHostname = builder.verifyHostname;
        this.maxFrameBytes = builder.maxFrameBytes;
    }

    public static Builder builder(String host, int port) {
        return new Builder(host, port);
    }

    /**
     * Sends a request and returns {@code body[action]} of a code-0 reply, as the Python
     * client's {@code request2server} does.
     *
     * @throws TppErrorException     if the server answers a code other than 0
     * @throws TppException          if the reply is missing or malformed, or lacks the action key
     * @throws SocketTimeoutException if the exchange takes longer than {@code timeout}
     * @throws IOException           if the connection fails
     */
    public Object request(String action, Object body, String token, Duration timeout) throws IOException {
        TppResponse response = exchange(action, body, token, timeout);
        if (!(response.body() instanceof Map<?, ?> map) || !map.containsKey(action)) {
            throw new TppException("reply body has no '" + action + "' key: " + response.body());
        }
        return map.get(action);
    }

    /**
     * Sends a request and returns its first reply frame whole; for actions whose reply is not
     * keyed by the action name.
     *
     * @throws TppErrorException if the server answers a code other than 0
     * @throws TppException      if the server closes without a reply or sends a malformed one
     */
    public TppResponse exchange(String action, Object body, String token, Duration timeout) throws IOException {
        long deadline = System.nanoTime() + timeout.toNanos();
        try (Socket socket = open(timeout)) {
            write(socket, action, body, token);
            TppResponse response = readFrame(socket, deadline, true);
            if (!response.isSuccess()) {
                throw new TppErrorException(response.code(), response.body());
            }
            return response;
        }
    }

    /**
     * Sends a request and hands every reply frame to {@code frames} until the server closes
     * the connection (streaming actions).
     *
     * @param frameTimeout longest wait for each frame
     * @throws TppErrorException at the first frame whose code is not 0
     */
    public void stream(String action, Object body, String token, Duration frameTimeout, Consumer<TppResponse> frames)
            throws IOException {
        try (Socket socket = open(frameTimeout)) {
            write(socket, action, body, token);
            boolean first = true;
            for (TppResponse response; (response = readFrame(socket, System.nanoTime() + frameTimeout.toNanos(), first)) != null; ) {
                first = false;
                if (!response.isSuccess()) {
                    throw new TppErrorException(response.code(), response.body());
                }
                frames.accept(response);
            }
        }
    }

    /** The request bytes, without the length prefix, exactly as the Python client writes them. */
    public static byte[] encodeRequest(String action, Object body, String token) {
        Map<String, Object> request = new LinkedHashMap<>(4);
        request.put("action", action);
        request.put("body", body);
        request.put("token", token);
        return PythonJson.encode(request);
    }

    private Socket open(Duration timeout) throws IOException {
        Socket socket = tls == null ? new Socket() : tls.getSocketFactory().createSocket();
        try {
            socket.setTcpNoDelay(true);
            socket.connect(new InetSocketAddress(host, port), (int) Math.max(1, Math.min(Integer.MAX_VALUE, timeout.toMillis())));
            if (socket instanceof SSLSocket ssl) {
                if (verifyHostname) {
                    SSLParameters parameters = ssl.getSSLParameters();
                    parameters.setEndpointIdentificationAlgorithm("HTTPS");
                    ssl.setSSLParameters(parameters);
                }
                ssl.setSoTimeout((int) Math.max(1, timeout.toMillis()));
                ssl.startHandshake();
            }
            return socket;
        } catch (IOException | RuntimeException e) {
            socket.close();
            throw e;
        }
    }

    private static void write(Socket socket, String action, Object body, String token) throws IOException {
        byte[] payload = encodeRequest(action, body, token);
        byte[] prefix = (payload.length + "\n").getBytes(US_ASCII);
        OutputStream out = socket.getOutputStream();
        byte[] frame = new byte[prefix.length + payload.length];
        System.arraycopy(prefix, 0, frame, 0, prefix.length);
        System.arraycopy(payload, 0, frame, prefix.length, payload.length);
        out.write(frame);
        out.flush();
    }

    /** One frame, or {@code null} at a clean end of stream when {@code required} is false. */
    private TppResponse readFrame(Socket socket, long deadline, boolean required) throws IOException {
        InputStream in = socket.getInputStream();
        StringBuilder prefix = new StringBuilder();
        while (true) {
            int b = readByte(socket, in, deadline);
            if (b < 0) {
                if (prefix.length() == 0 && !required) {
                    return null;
                }
                throw new TppException(prefix.length() == 0 ? "server closed the connection without a reply"
                        : "server closed the connection inside a frame");
            }
            if (b == '\n') {
                break;
            }
            if (prefix.length() >= MAX_PREFIX_BYTES) {
                throw new TppException("reply length prefix longer than " + MAX_PREFIX_BYTES + " bytes");
            }
            prefix.append((char) b);
        }
        int length;
        try {
            length = prefix.toString().isBlank() ? 0 : Integer.parseInt(prefix.toString().strip());
        } catch (NumberFormatException e) {
            throw new TppException("reply length prefix is not a number: " + prefix);
        }
        if (length < 0 || length > maxFrameBytes) {
            throw new TppException("reply of " + length + " bytes refused; the limit is " + maxFrameBytes);
        }
        byte[] payload = new byte[length];
        for (int read = 0; read < length; ) {
            setTimeout(socket, deadline);
            int n = in.read(payload, read, length - read);
            if (n < 0) {
                throw new TppException("server closed the connection inside a frame");
            }
            read += n;
        }
        return decode(payload);
    }

    private static int readByte(Socket socket, InputStream in, long deadline) throws IOException {
        setTimeout(socket, deadline);
        return in.read();
    }

    private static void setTimeout(Socket socket, long deadline) throws IOException {
        long remainingMillis = (deadline - System.nanoTime()) / 1_000_000;
        if (remainingMillis <= 0) {
            throw new SocketTimeoutException("no complete reply in time");
        }
        socket.setSoTimeout((int) Math.min(Integer.MAX_VALUE, remainingMillis));
    }

    private static TppResponse decode(byte[] payload) throws TppException {
        if (payload.length == 0) {
            throw new TppException("server sent an empty reply frame");
        }
        Object decoded;
        try {
            decoded = PythonJson.decode(payload);
        } catch (IOException e) {
            throw new TppException("reply is not JSON: " + new String(payload, 0, Math.min(payload.length, 200), US_ASCII));
        }
        if (!(decoded instanceof Map<?, ?> reply)) {
            throw new TppException("reply is not a JSON object: " + decoded);
        }
        // As the Python client: a missing code, or "0" as a string, counts as success.
        Object code = reply.get("code");
        int numericCode;
        try {
            numericCode = code == null ? 0 : code instanceof Number n ? n.intValue() : Integer.parseInt(code.toString().strip());
        } catch (NumberFormatException e) {
            throw new TppException("reply code is not a number: " + code);
        }
        return new TppResponse(numericCode, reply.get("body"));
    }

    public static final class Builder {
        private final String host;
        private final int port;
        private SSLContext tls;
        private boolean verifyHostname = true;
        private int maxFrameBytes = 16 << 20;

        private Builder(String host, int port) {
            this.host = Objects.requireNonNull(host, "host");
            this.port = port;
        }

        /** Use TLS with this context. */
        public Builder tls(SSLContext context) {
            this.tls = Objects.requireNonNull(context, "context");
            return this;
        }

        /** Use TLS, trusting the CA certificates of a PEM file (e.g. a self-signed server certificate). */
        public Builder tlsTrusting(Path pemCertificates) throws IOException {
            try (InputStream in = Files.newInputStream(pemCertificates)) {
                KeyStore trusted = KeyStore.getInstance(KeyStore.getDefaultType());
                trusted.load(null, null);
                int i = 0;
                for (Certificate certificate : CertificateFactory.getInstance("X.509").generateCertificates(in)) {
                    trusted.setCertificateEntry("ca-" + i++, certificate);
                }
                TrustManagerFactory factory = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
                factory.init(trusted);
                SSLContext context = SSLContext.getInstance("TLS");
                context.init(null, factory.getTrustManagers(), null);
                return tls(context);
            } catch (GeneralSecurityException e) {
                throw new IOException("cannot use " + pemCertificates + " as trusted certificates: " + e.getMessage(), e);
            }
        }

        /** Check the server's certificate against the host name (default true, as Python's validate_cert). */
        public Builder verifyHostname(boolean verify) {
            this.verifyHostname = verify;
            return this;
        }

        /** Largest reply frame accepted (default 16 MiB). */
        public Builder maxFrameBytes(int maxFrameBytes) {
            if (maxFrameBytes < 1) {
                throw new IllegalArgumentException("maxFrameBytes must be positive");
            }
            this.maxFrameBytes = maxFrameBytes;
            return this;
        }

        public TppClient build() {
            return new TppClient(this);
        }
    }
}
