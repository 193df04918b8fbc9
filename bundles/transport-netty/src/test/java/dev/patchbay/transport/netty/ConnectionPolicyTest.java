package dev.patchbay.transport.netty;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import dev.patchbay.api.transport.ChannelSetup;
import dev.patchbay.api.transport.Endpoint;
import dev.patchbay.api.transport.EndpointSpec;
import dev.patchbay.transport.netty.testing.Floods;
import dev.patchbay.transport.netty.testing.Waits;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.After;
import org.junit.Test;

/** Connection limits and outbound backpressure, over real sockets: counts and bytes, never times. */
public class ConnectionPolicyTest {

    /** Answers every byte read with the same byte: a reply per request, as every protocol does. */
    private static final ChannelSetup ECHO = channel -> channel.pipeline().addLast(new ChannelInboundHandlerAdapter() {
        @Override
        public void channelRead(ChannelHandlerContext ctx, Object msg) {
            ctx.writeAndFlush(msg);
        }
    });

    private NettyTransport transport;
    private final List<Socket> sockets = new ArrayList<>();

    @After
    public void close() throws IOException {
        for (Socket socket : sockets) {
            socket.close();
        }
        if (transport != null) {
            transport.close();
        }
    }

    @Test
    public void connectionsPastThePerAddressLimitAreClosedOnArrivalAndCounted() throws Exception {
        transport = NettyTransport.withPolicy(1, ConnectionPolicy.DEFAULT.withConnectionLimits(100, 3));
        Endpoint endpoint = transport.listen(new EndpointSpec("capped", "127.0.0.1", 0, null), ECHO);
        for (int i = 0; i < 5; i++) {
            open(endpoint);
        }
        Waits.until(() -> endpoint.stats().refusedConnections() == 2);
        assertEquals(3, endpoint.openConnections());
        int answering = 0;
        for (Socket socket : sockets) {
            answering += echoes(socket) ? 1 : 0;
        }
        assertEquals("the three admitted connections keep working", 3, answering);
        // A place freed by a close can be taken again.
        for (Socket socket : sockets) {
            socket.close();
        }
        sockets.clear();
        Waits.until(() -> endpoint.openConnections() == 0);
        Socket again = open(endpoint);
        assertTrue(echoes(again));
    }

    @Test
    public void connectionsPastTheEndpointLimitAreClosedOnArrival() throws Exception {
        transport = NettyTransport.withPolicy(1, ConnectionPolicy.DEFAULT.withConnectionLimits(2, 100));
        Endpoint endpoint = transport.listen(new EndpointSpec("small", "127.0.0.1", 0, null), ECHO);
        for (int i = 0; i < 4; i++) {
            open(endpoint);
        }
        Waits.until(() -> endpoint.stats().refusedConnections() == 2);
        assertEquals(2, endpoint.openConnections());
        assertEquals(2, endpoint.stats().acceptedConnections());
    }

    @Test
    public void aPeerThatSendsWithoutReadingIsNoLongerReadOnceItsRepliesPassTheHighWaterMark() throws Exception {
        transport = NettyTransport.withPolicy(1, ConnectionPolicy.DEFAULT.withOutbound(64 * 1024, Duration.ZERO));
        Endpoint endpoint = transport.listen(new EndpointSpec("echo", "127.0.0.1", 0, null), ECHO);
        Socket flooder = open(endpoint);
        long offered = 32L << 20;
        Floods.sendWithoutReading(flooder, new byte[0], new byte[64 * 1024], offered);
        Floods.settled(() -> endpoint.stats().bytesRead());

        long queued = endpoint.stats().queuedOutboundBytes();
        assertTrue("queued for the peer: " + queued, queued <= 256 * 1024);
        assertTrue("read from the peer: " + endpoint.stats().bytesRead(), endpoint.stats().bytesRead() < offered);
        // Another client on the same endpoint is served meanwhile.
        Socket other = open(endpoint);
        assertTrue(echoes(other));
        flooder.close();
    }

    @Test
    public void aPeerThatTakesNothingForTheStallTimeoutIsDisconnected() throws Exception {
        transport = NettyTransport.withPolicy(1, ConnectionPolicy.DEFAULT.withOutbound(16 * 1024, Duration.ofMillis(300)));
        Endpoint endpoint = transport.listen(new EndpointSpec("stall", "127.0.0.1", 0, null), ECHO);
        Socket stalled = open(endpoint);
        Floods.sendWithoutReading(stalled, new byte[0], new byte[16 * 1024], Long.MAX_VALUE);
        Waits.until(() -> endpoint.openConnections() == 0);
        Socket other = open(endpoint);
        assertTrue(echoes(other));
    }

    private Socket open(Endpoint endpoint) throws IOException {
        Socket socket = new Socket("127.0.0.1", endpoint.localAddress().getPort());
        socket.setSoTimeout(5000);
        sockets.add(socket);
        return socket;
    }

    /** Whether the connection answers a byte with the same byte (false: closed by the server). */
    private static boolean echoes(Socket socket) throws IOException {
        try {
            OutputStream out = socket.getOutputStream();
            out.write('x');
            out.flush();
            InputStream in = socket.getInputStream();
            return in.read() == 'x';
        } catch (SocketTimeoutException | java.net.SocketException closed) {
            return false;
        }
    }
}
