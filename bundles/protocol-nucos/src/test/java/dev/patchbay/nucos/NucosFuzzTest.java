package dev.patchbay.nucos;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.patchbay.broker.RoomBroker;
import dev.patchbay.framing.EomDelimiterFrameDecoder;
import dev.patchbay.framing.EomDelimiterFraming;
import dev.patchbay.nucos.wire.NucosCodec;
import dev.patchbay.nucos.wire.NucosFrameException;
import dev.patchbay.transport.netty.NettyTransport;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;

/**
 * Jazzer fuzz tests: the frame codec refuses anything that is not a message with
 * {@link NucosFrameException} only, and a server connection fed any bytes in any chunks never
 * lets an exception escape the pipeline (bad frames are dropped or the connection closed).
 *
 * <p>Regression mode in a normal build (inputs in {@code src/test/resources/.../NucosFuzzTestInputs});
 * to fuzz: {@code JAZZER_FUZZ=1 mvn test -pl bundles/protocol-nucos -Dtest=NucosFuzzTest -Djazzer.max_duration=5m}.
 */
class NucosFuzzTest {

    private static final NettyTransport TRANSPORT = new NettyTransport(1, null);
    private static final NucosServer SERVER = NucosServer.builder().transport(TRANSPORT).framing(new EomDelimiterFraming())
            .broker(new RoomBroker()).authenticationRequired(false).maxBadFrames(Integer.MAX_VALUE).build();

    @FuzzTest
    void decode(byte[] payload) {
        try {
            NucosCodec.decode(payload);
        } catch (NucosFrameException expected) {
            // not a message: the frame is dropped
        }
    }

    @FuzzTest
    void session(FuzzedDataProvider data) {
        EmbeddedChannel channel = new EmbeddedChannel();
        channel.pipeline().addLast(new EomDelimiterFrameDecoder(512), new ServerSession(SERVER, channel));
        channel.pipeline().fireChannelActive();
        try {
            while (data.remainingBytes() > 0 && channel.isActive()) {
                channel.writeInbound(Unpooled.wrappedBuffer(data.consumeBytes(data.consumeInt(1, 128))));
                channel.runPendingTasks();
            }
            channel.checkException();
        } finally {
            channel.finishAndReleaseAll();
        }
    }
}
