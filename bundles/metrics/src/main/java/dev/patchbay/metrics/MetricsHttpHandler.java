package dev.patchbay.metrics;

import dev.patchbay.api.transport.ChannelSetup;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.timeout.ReadTimeoutHandler;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.function.Supplier;

/** Answers {@code GET /metrics} with the Prometheus text; anything else with 404 or 405. */
final class MetricsHttpHandler extends SimpleChannelInboundHandler<FullHttpRequest> {

    private final Supplier<List<Sample>> samples;

    MetricsHttpHandler(Supplier<List<Sample>> samples) {
        this.samples = samples;
    }

    /** The pipeline of a metrics connection: bounded HTTP/1.1 decoding, a read timeout, this handler. */
    static ChannelSetup setup(Supplier<List<Sample>> samples) {
        return channel -> {
            channel.pipeline().addLast(new ReadTimeoutHandler(30));
            channel.pipeline().addLast(new HttpServerCodec(4096, 8192, 8192));
            channel.pipeline().addLast(new HttpObjectAggregator(64 * 1024));
            channel.pipeline().addLast(new MetricsHttpHandler(samples));
        };
    }

    @Override
    protected void channelRead0(ChannelHandlerContext ctx, FullHttpRequest request) {
        FullHttpResponse response;
        String path = request.uri().split("\\?", 2)[0];
        if (!path.equals("/metrics")) {
            response = text(HttpResponseStatus.NOT_FOUND, "not found: the metrics are at /metrics\n", "text/plain; charset=utf-8");
        } else if (!request.method().equals(HttpMethod.GET) && !request.method().equals(HttpMethod.HEAD)) {
            response = text(HttpResponseStatus.METHOD_NOT_ALLOWED, "use GET\n", "text/plain; charset=utf-8");
        } else {
            response = text(HttpResponseStatus.OK, PrometheusText.render(samples.get()), PrometheusText.CONTENT_TYPE);
        }
        boolean keepAlive = HttpUtil.isKeepAlive(request);
        HttpUtil.setKeepAlive(response, keepAlive);
        if (keepAlive) {
            ctx.writeAndFlush(response);
        } else {
            ctx.writeAndFlush(response).addListener(ChannelFutureListener.CLOSE);
        }
    }

    private static FullHttpResponse text(HttpResponseStatus status, String body, String contentType) {
        FullHttpResponse response = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, status,
                Unpooled.copiedBuffer(body, StandardCharsets.UTF_8));
        response.headers().set(HttpHeaderNames.CONTENT_TYPE, contentType);
        response.headers().setInt(HttpHeaderNames.CONTENT_LENGTH, response.content().readableBytes());
        return response;
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        ctx.close();
    }
}
