package dev.patchbay.support;

import static org.junit.Assert.assertEquals;

import dev.patchbay.support.ConnectionFailure.Kind;
import io.netty.handler.codec.CorruptedFrameException;
import io.netty.handler.codec.DecoderException;
import io.netty.handler.codec.TooLongFrameException;
import java.io.IOException;
import javax.net.ssl.SSLHandshakeException;
import org.junit.Test;

public class ConnectionFailureTest {

    @Test
    public void whatThePeerSentIsBadInputWithItsOwnMessage() {
        assertEquals(new ConnectionFailure(Kind.BAD_INPUT, "frame too large: frame of 9 bytes"), ConnectionFailure.of(new TooLongFrameException("frame of 9 bytes")));
        assertEquals(Kind.BAD_INPUT, ConnectionFailure.of(new DecoderException(new CorruptedFrameException("bad length"))).kind());
        assertEquals("bad frame: bad length", ConnectionFailure.of(new DecoderException(new CorruptedFrameException("bad length"))).reason());
        assertEquals("bad TLS: not TLS", ConnectionFailure.of(new DecoderException(new SSLHandshakeException("not TLS"))).reason());
        assertEquals(Kind.BAD_INPUT, ConnectionFailure.of(new DecoderException("odd header")).kind());
        // what Netty's HttpServerCodec raises for a client that sends requests without reading answers
        assertEquals(new ConnectionFailure(Kind.BAD_INPUT, "too many pipelined requests: maxPipelineDepth exceeded: 128"),
                ConnectionFailure.of(new DecoderException(new IllegalStateException("maxPipelineDepth exceeded: 128"))));
    }

    @Test
    public void aLostConnectionIsLostAndOurBugsAreUnexpected() {
        assertEquals(Kind.LOST, ConnectionFailure.of(new IOException("Connection reset by peer")).kind());
        assertEquals(Kind.UNEXPECTED, ConnectionFailure.of(new NullPointerException()).kind());
        assertEquals("a decoder's own bug is not the peer's input",
                Kind.UNEXPECTED, ConnectionFailure.of(new DecoderException(new NullPointerException())).kind());
        assertEquals(Kind.UNEXPECTED, ConnectionFailure.of(new DecoderException(new IllegalStateException("closed"))).kind());
    }
}
