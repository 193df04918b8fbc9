package dev.patchbay.framing;

import dev.patchbay.api.transport.Framing;
import dev.patchbay.api.transport.FramingService;
import io.netty.channel.ChannelPipeline;
import org.osgi.service.component.annotations.Component;

/** snakeMQ's packets (4-byte big-endian length, body) as a {@link Framing} service. */
@Component
@FramingService(framing = Uint32LengthFraming.NAME)
public final class Uint32LengthFraming implements Framing {

    public static final String NAME = "uint32-length";

    @Override
    public void addTo(ChannelPipeline pipeline, int maxFrameBytes) {
        pipeline.addLast("frame-decoder", new Uint32LengthFrameDecoder(maxFrameBytes));
        pipeline.addLast("frame-encoder", Uint32LengthFrameEncoder.INSTANCE);
    }
}
