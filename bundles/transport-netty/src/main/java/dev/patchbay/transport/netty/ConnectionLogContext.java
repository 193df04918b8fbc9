package dev.patchbay.transport.netty;

import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import org.slf4j.MDC;

/**
 * Puts the connection into the logging context (SLF4J MDC: {@code endpoint}, {@code connection},
 * {@code remote}) while an inbound event of that connection runs through its pipeline, so every
 * line the protocol handlers log meanwhile carries them: as fields of a JSON log, or through
 * {@code %X{connection}} in a pattern. First in every pipeline; one instance per connection.
 */
final class ConnectionLogContext extends ChannelInboundHandlerAdapter {

    static final String ENDPOINT = "endpoint";
    static final String CONNECTION = "connection";
    static final String REMOTE = "remote";

    private final String endpoint;
    private String connection;
    private String remote;

    ConnectionLogContext(String endpoint) {
        this.endpoint = endpoint;
    }

    /** What was in the context before, to put back afterwards (events do not nest, but be safe). */
    private record Previous(String endpoint, String connection, String remote) {
    }

    private Previous enter(ChannelHandlerContext ctx) {
        if (connection == null) {
            connection = ctx.channel().id().asShortText();
        }
        if (remote == null && ctx.channel().remoteAddress() != null) {
            remote = String.valueOf(ctx.channel().remoteAddress());
        }
        Previous previous = new Previous(MDC.get(ENDPOINT), MDC.get(CONNECTION), MDC.get(REMOTE));
        MDC.put(ENDPOINT, endpoint);
        MDC.put(CONNECTION, connection);
        if (remote != null) {
            MDC.put(REMOTE, remote);
        }
        return previous;
    }

    private static void leave(Previous previous) {
        restore(ENDPOINT, previous.endpoint);
        restore(CONNECTION, previous.connection);
        restore(REMOTE, previous.remote);
    }

    private static void restore(String key, String value) {
        if (value == null) {
            MDC.remove(key);
        } else {
            MDC.put(key, value);
        }
    }

    /** Runs one event of this connection with the connection in the logging context. */
    private void within(ChannelHandlerContext ctx, Runnable event) {
        Previous previous = enter(ctx);
        try {
            event.run();
        } finally {
            leave(previous);
        }
    }

    @Override
    public void channelActive(ChannelHandlerContext ctx) {
        within(ctx, ctx::fireChannelActive);
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        within(ctx, ctx::fireChannelInactive);
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        within(ctx, () -> ctx.fireChannelRead(msg));
    }

    @Override
    public void userEventTriggered(ChannelHandlerContext ctx, Object event) {
        within(ctx, () -> ctx.fireUserEventTriggered(event));
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        within(ctx, () -> ctx.fireExceptionCaught(cause));
    }
}
