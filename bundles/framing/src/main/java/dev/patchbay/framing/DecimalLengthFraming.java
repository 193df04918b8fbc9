package dev.patchbay.framing;

import dev.patchbay.api.transport.Framing;
import dev.patchbay.api.transport.FramingService;
import io.netty.channel.ChannelPipeline;
import org.osgi.service.component.annotations.Component;

/** The TPP framing (decimal length, LF, payload) as a {@link Framing} service. */
@Component
@FramingService(framing = DecimalLengthFraming.NAME)
public final class DecimalLengthFraming implements Framing {

    public static final String NAME = "decimal-length-line";

    @Override
    public void addTo(ChannelPipeline pipeline, int maxFrameBytes) {
        pipeline.addLast("frame-decoder", new DecimalLengthFrameDecoder(maxFrameBytes));
        pipeline.addLast("frame-encoder", DecimalLengthFrameEncoder.INSTANCE);
    }
}
