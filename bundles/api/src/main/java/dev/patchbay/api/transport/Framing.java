package dev.patchbay.api.transport;

import io.netty.channel.ChannelPipeline;
import org.osgi.annotation.versioning.ProviderType;

/**
 * A frame codec, registered as a service with {@link #NAME_PROPERTY} naming its wire format
 * (e.g. {@code tpp-line}, {@code length32}, {@code eom}).
 *
 * <p>{@link #addTo} appends a decoder that emits one {@link io.netty.buffer.ByteBuf} per frame
 * payload and an encoder that turns each outbound {@code ByteBuf} payload into one frame.
 * Decoders never buffer more than {@code maxFrameBytes} of payload: an announced or
 * accumulated frame above it raises {@link io.netty.handler.codec.TooLongFrameException};
 * bytes that cannot be a frame raise {@link io.netty.handler.codec.CorruptedFrameException}.
 * A connection that ends inside a frame emits nothing for that frame.
 */
@ProviderType
public interface Framing {

    /** Service property naming the wire format. */
    String NAME_PROPERTY = "patchbay.framing";

    void addTo(ChannelPipeline pipeline, int maxFrameBytes);
}
