package dev.patchbay.framing;

import dev.patchbay.api.transport.Framing;
import dev.patchbay.api.transport.FramingService;
import io.netty.channel.ChannelPipeline;
import org.osgi.service.component.annotations.Component;

/** nucosMQ's frames (payload, then {@code _EOM_}) as a {@link Framing} service. */
@Component
@FramingService(framing = EomDelimiterFraming.NAME)
public final class EomDelimiterFraming implements Framing {

    public static final String NAME = "eom-delimiter";

    @Override
    public void addTo(ChannelPipeline pipeline, int maxFrameBytes) {
        pipeline.addLast("frame-decoder", new EomDelimiterFrameDecoder(maxFrameBytes));
        pipeline.addLast("frame-encoder", EomDelimiterFrameEncoder.INSTANCE);
    }
}
