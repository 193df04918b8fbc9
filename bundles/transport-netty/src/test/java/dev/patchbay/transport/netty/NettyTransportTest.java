package dev.patchbay.transport.netty;

import static java.nio.charset.StandardCharsets.US_ASCII;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertThrows;
import static org.junit.Assert.assertTrue;

import dev.patchbay.api.throttle.BandwidthLimit;
import dev.patchbay.api.transport.ChannelSetup;
import dev.patchbay.api.transport.ConnectSpec;
import dev.patchbay.api.transport.Endpoint;
import dev.patchbay.api.transport.EndpointSpec;
import dev.patchbay.api.transport.TlsSettings;
import dev.patchbay.api.transport.TrafficStats;
import dev.patchbay.api.transport.TransportException;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.handler.traffic.ChannelTrafficShapingHandler;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeUnit;
import org.junit.After;
import org.junit.Test;

public class NettyTransportTest {

    private static final ChannelSetup ECHO = channel -> channel.pipeline().addLast(new ChannelInboundHandlerAdapter() {
        @Override
        public void channelRead(ChannelHandlerContext ctx, Object msg) {
            ctx.writeAndFlush(msg);
        }
    });

    private final NettyTransport transport = new NettyTransport(2,
            endpoint -> endpoint.equals("slow") ? new BandwidthLimit(1000, 1000) : BandwidthLimit.UNLIMITED);

    @After
    public void close() {
        transport.close();
    }

    @Test
    public void plainListenerAndConnectorExchangeBytes() throws Exception {
        Endpoint endpoint = transport.listen(new EndpointSpec("plain", "127.0.0.1", 0, null), ECHO);
        BlockingQueue<String> received = new ArrayBlockingQueue<>(10);
        Channel client = connect(endpoint, null, received);
        client.writeAndFlush(Unpooled.copiedBuffer("hello", US_ASCII));
        assertEquals("hello", received.poll(5, TimeUnit.SECONDS));
        assertEquals(1, endpoint.openConnections());
        // the client can read the echo before the server's event loop has let go of its write
        // (5 bytes plus Netty's 96 bytes of entry overhead): wait for that, not for a time
        TrafficStats stats = endpoint.stats();
        for (long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
             stats.queuedOutboundBytes() != 0 && System.nanoTime() < until; stats = endpoint.stats()) {
            Thread.sleep(1);
        }
        assertEquals(new TrafficStats(1, 1, 5, 5, 0, 0), stats);
        assertEquals(List.of(endpoint), List.copyOf(transport.endpoints()));
        client.close().sync();
    }

    @Test
    public void tlsListenerTalksToATrustingConnectorAndVerifiesTheHostName() throws Exception {
        TlsSettings server = TlsSettings.server(resource("server-cert.pem"), resource("server-key.pem"));
        Endpoint endpoint = transport.listen(new EndpointSpec("tls", "127.0.0.1", 0, server), ECHO);
        BlockingQueue<String> received = new ArrayBlockingQueue<>(10);
        Channel client = connect(endpoint, TlsSettings.client(resource("server-cert.pem"), true), received);
        client.writeAndFlush(Unpooled.copiedBuffer("secret", US_ASCII));
        assertEquals("secret", received.poll(5, TimeUnit.SECONDS));
        client.close().sync();
    }

    @Test
    public void connectorThatDoesNotTrustTheServerFailsTheHandshake() {
        TlsSettings server = TlsSettings.server(resource("server-cert.pem"), resource("server-key.pem"));
        Endpoint endpoint = transport.listen(new EndpointSpec("tls", "127.0.0.1", 0, server), ECHO);
        // The JDK's default trust store does not know our self-signed certificate.
        CompletionException e = assertThrows(CompletionException.class,
                () -> connect(endpoint, TlsSettings.client(null, false), new ArrayBlockingQueue<>(1)));
        assertTrue(e.getCause() instanceof TransportException);
        assertTrue(e.getCause().getMessage(), e.getCause().getMessage().contains("TLS handshake"));
    }

    @Test
    public void unusableTlsMaterialIsAClearError() {
        TlsSettings broken = TlsSettings.server(Path.of("/nonexistent/cert.pem"), Path.of("/nonexistent/key.pem"));
        TransportException e = assertThrows(TransportException.class,
                () -> transport.listen(new EndpointSpec("broken", "127.0.0.1", 0, broken), ECHO));
        assertTrue(e.getMessage(), e.getMessage().contains("/nonexistent/cert.pem"));
    }

    @Test
    public void busyPortIsAClearError() {
        Endpoint first = transport.listen(new EndpointSpec("a", "127.0.0.1", 0, null), ECHO);
        TransportException e = assertThrows(TransportException.class, () -> transport.listen(
                new EndpointSpec("b", "127.0.0.1", first.localAddress().getPort(), null), ECHO));
        assertTrue(e.getMessage(), e.getMessage().contains("cannot listen"));
    }

    @Test
    public void closingAnEndpointClosesItsConnectionsAndReleasesThePort() throws Exception {
        Endpoint endpoint = transport.listen(new EndpointSpec("closing", "127.0.0.1", 0, null), ECHO);
        int port = endpoint.localAddress().getPort();
        try (Socket socket = new Socket("127.0.0.1", port)) {
            socket.setSoTimeout(5000);
            waitFor(() -> endpoint.openConnections() == 1);
            endpoint.close();
            assertEquals(-1, socket.getInputStream().read());
        }
        Endpoint again = transport.listen(new EndpointSpec("again", "127.0.0.1", port, null), ECHO);
        assertEquals(port, again.localAddress().getPort());
    }

    @Test
    public void throttledEndpointGetsAShapingHandler() throws Exception {
        BlockingQueue<Boolean> shaped = new ArrayBlockingQueue<>(1);
        Endpoint endpoint = transport.listen(new EndpointSpec("slow", "127.0.0.1", 0, null),
                channel -> shaped.add(channel.pipeline().get(ChannelTrafficShapingHandler.class) != null));
        try (Socket socket = new Socket("127.0.0.1", endpoint.localAddress().getPort())) {
            assertTrue(shaped.poll(5, TimeUnit.SECONDS));
        }
        Endpoint fast = transport.listen(new EndpointSpec("fast", "127.0.0.1", 0, null),
                channel -> shaped.add(channel.pipeline().get(ChannelTrafficShapingHandler.class) != null));
        try (Socket socket = new Socket("127.0.0.1", fast.localAddress().getPort())) {
            assertFalse(shaped.poll(5, TimeUnit.SECONDS));
        }
    }

    @Test
    public void rawSocketSeesTheEcho() throws Exception {
        Endpoint endpoint = transport.listen(new EndpointSpec("raw", "127.0.0.1", 0, null), ECHO);
        try (Socket socket = new Socket("127.0.0.1", endpoint.localAddress().getPort())) {
            socket.setSoTimeout(5000);
            OutputStream out = socket.getOutputStream();
            InputStream in = socket.getInputStream();
            out.write("ping".getBytes(US_ASCII));
            assertEquals("ping", new String(in.readNBytes(4), US_ASCII));
        }
    }

    private Channel connect(Endpoint endpoint, TlsSettings tls, BlockingQueue<String> received) {
        ConnectSpec spec = new ConnectSpec("client", "localhost", endpoint.localAddress().getPort(), tls, Duration.ofSeconds(5));
        return transport.connect(spec, channel -> channel.pipeline().addLast(new SimpleChannelInboundHandler<ByteBuf>() {
            @Override
            protected void channelRead0(ChannelHandlerContext ctx, ByteBuf msg) {
                received.add(msg.toString(US_ASCII));
            }
        })).toCompletableFuture().join();
    }

    private static void waitFor(java.util.function.BooleanSupplier condition) throws InterruptedException {
        for (int i = 0; i < 500 && !condition.getAsBoolean(); i++) {
            Thread.sleep(10);
        }
        assertTrue(condition.getAsBoolean());
    }

    static Path resource(String name) {
        try {
            return Path.of(NettyTransportTest.class.getResource("/" + name).toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }
}
