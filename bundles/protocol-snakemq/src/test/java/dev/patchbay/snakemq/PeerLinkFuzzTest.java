package dev.patchbay.snakemq;

import static org.junit.jupiter.api.Assertions.assertTrue;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.patchbay.api.peer.PeerMessage;
import dev.patchbay.api.transport.ChannelSetup;
import dev.patchbay.api.transport.ConnectSpec;
import dev.patchbay.api.transport.Endpoint;
import dev.patchbay.api.transport.EndpointSpec;
import dev.patchbay.api.transport.TrafficStats;
import dev.patchbay.api.transport.Transport;
import dev.patchbay.framing.Uint32LengthFraming;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.embedded.EmbeddedChannel;
import java.net.InetSocketAddress;
import java.util.Collection;
import java.util.List;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Jazzer fuzz test of a whole snakeMQ connection's inbound path (packet framing and the
 * session): whatever a peer sends, no exception escapes the pipeline, the connection is either
 * still open or closed, and queued messages are never lost to a bad connection.
 *
 * <p>Regression inputs: {@code src/test/resources/dev/patchbay/snakemq/PeerLinkFuzzTestInputs};
 * to fuzz: {@code JAZZER_FUZZ=1 mvn test -pl bundles/protocol-snakemq -Dtest=PeerLinkFuzzTest -Djazzer.max_duration=5m}.
 */
class PeerLinkFuzzTest {

    /** A transport that builds the pipeline on an EmbeddedChannel instead of a socket. */
    private static final class EmbeddedTransport implements Transport {
        final AtomicReference<EmbeddedChannel> channel = new AtomicReference<>();

        @Override
        public Endpoint listen(EndpointSpec spec, ChannelSetup setup) {
            EmbeddedChannel embedded = new EmbeddedChannel();
            setup.initChannel(embedded);
            embedded.pipeline().fireChannelActive();
            channel.set(embedded);
            return new Endpoint() {
                @Override
                public EndpointSpec spec() {
                    return spec;
                }

                @Override
                public InetSocketAddress localAddress() {
                    return new InetSocketAddress("127.0.0.1", 0);
                }

                @Override
                public int openConnections() {
                    return embedded.isOpen() ? 1 : 0;
                }

                @Override
                public TrafficStats stats() {
                    return new TrafficStats(openConnections(), 1, 0, 0);
                }

                @Override
                public void close() {
                    embedded.close();
                }
            };
        }

        @Override
        public CompletionStage<Channel> connect(ConnectSpec spec, ChannelSetup setup) {
            throw new UnsupportedOperationException();
        }

        @Override
        public Collection<Endpoint> endpoints() {
            return List.of();
        }
    }

    @FuzzTest
    void inbound(FuzzedDataProvider data) {
        EmbeddedTransport transport = new EmbeddedTransport();
        SnakeMqPeer peer = SnakeMqPeer.builder("fuzz").transport(transport).framing(new Uint32LengthFraming())
                .maxPacketBytes(1024).acknowledgements(data.consumeBoolean()).build();
        peer.send("carg", PeerMessage.of(new byte[] {1, 2, 3}).persistent(true));
        peer.listen(new EndpointSpec("fuzz", "127.0.0.1", 0, null));
        EmbeddedChannel channel = transport.channel.get();
        try {
            while (data.remainingBytes() > 0 && channel.isOpen()) {
                byte[] chunk = data.consumeBytes(data.consumeInt(1, 64));
                channel.writeInbound(Unpooled.wrappedBuffer(chunk));
                channel.runPendingTasks();
                channel.checkException();
            }
            for (Object out; (out = channel.readOutbound()) != null; ) {
                ((ByteBuf) out).release();
            }
            channel.close();
            channel.runPendingTasks();
            assertTrue(peer.queued("carg") <= 1, "the queued message is either queued or was written");
        } finally {
            channel.finishAndReleaseAll();
            peer.close();
        }
    }
}
